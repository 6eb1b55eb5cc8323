import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { OwnKey, TrustedKey } from '../../../../shared/handover/model';
import type { ErrorCode, IpcError } from '../../../../shared/ipc/errors';
import { FolderPicker } from '../../app/FolderPicker';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { useNavigate } from '../../app/navigate';
import { useBridge } from '../../ipc/bridge-context';
import { useConfirm } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { ActionRow } from '../../ui/Toast';
import { useInvoke } from '../../ui/use-invoke';
import type { TeamContext } from '../meetings/use-team';

/**
 * The organisation's own key (the file partners import) and the trust store: partners' keys,
 * confirmed by reading the fingerprint aloud, retired or revoked (asked about first).
 */
export function Keys({ isAdmin, organisations }: { isAdmin: boolean; organisations: TeamContext['organisations'] }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const loadCall = useInvoke();
  const { confirm, dialog } = useConfirm();
  const navigate = useNavigate();
  const ids = { file: useId() };
  const importForm = useRef<HTMLFormElement>(null);
  const [own, setOwn] = useState<z.infer<typeof OwnKey>[]>([]);
  // Null until the trust store has been read (no "no keys yet" before it is known).
  const [trusted, setTrusted] = useState<z.infer<typeof TrustedKey>[] | null>(null);
  const [saving, setSaving] = useState(false);
  // The key file's answer, beside its button; the button gets focus back when the picker closes.
  const [saved, setSaved] = useState<Message>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const [backToSave, setBackToSave] = useState(false);
  useEffect(() => {
    if (saving || !backToSave) return;
    saveButton.current?.focus();
    setBackToSave(false);
  }, [saving, backToSave]);
  const [message, setMessage] = useState<Message>(null);
  const [importOrg, setImportOrg] = useState('');
  const [confirming, setConfirming] = useState<z.infer<typeof TrustedKey> | null>(null);
  const [heard, setHeard] = useState('');
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);
  const [reason, setReason] = useState('');

  const fail = (error: ErrorCode | IpcError): void => setMessage({ error: true, text: errorMessage(t, error) });
  const { invoke: invokeLoad } = loadCall;
  const load = useCallback(async () => {
    // The latest reload wins (one after a revoke is not overtaken by an earlier one's answer).
    const [o, tr] = await Promise.all([bridge.invoke('keys:own', {}), invokeLoad('keys:trusted', {})]);
    if (!tr) return;
    if (o.ok) setOwn(o.value);
    if (tr.ok) setTrusted(tr.value);
  }, [bridge, invokeLoad]);
  const revoke = async (key: z.infer<typeof TrustedKey>): Promise<void> => {
    const confirmed = await confirm({
      title: t('ui.confirmRevoke.title'),
      message: t('handover.confirmRevoke', { organisation: key.organisation }),
      confirmLabel: t('ui.confirmRevoke.action'),
      destructive: true,
    });
    if (!confirmed) return;
    const r = await bridge.invoke('keys:revoke', { keyId: key.id });
    if (r.ok) void load();
    else fail(r.error);
  };
  useEffect(() => {
    void load();
  }, [load]);
  const replaceOwn = async (mode: 'retire' | 'revoke'): Promise<void> => {
    // Revoking (the key may be known to others) cannot be undone: packets on their way to us,
    // encrypted to the old key, can no longer be opened. It is asked about first.
    if (
      mode === 'revoke' &&
      !(await confirm({ title: t('handover.confirmRevokeOwnTitle'), message: t('handover.confirmRevokeOwn'), confirmLabel: t('handover.confirmRevokeOwnAction'), destructive: true }))
    )
      return;
    const r = await bridge.invoke('keys:replace-own', { mode, reason });
    if (!r.ok) return fail(r.error);
    setReason('');
    setMessage({ error: false, text: t('handover.replaced', { fingerprint: r.value.fingerprint }) });
    void load();
  };

  const current = own.find((k) => k.current);
  const partners = organisations.filter((o) => !o.isOwn);
  // The next step when no partner has a key here: import one (an admin), or first add the partner
  // organisation to the roster; anyone else is told that an administrator does it.
  const firstKeyStep = !isAdmin
    ? undefined
    : partners.length === 0
      ? { label: t('handover.addPartnerOrganisation'), onPress: () => navigate('roster', 'roster-tab-organisations') }
      : {
          label: t('handover.importFirstKey'),
          onPress: () => {
            const select = importForm.current?.querySelector('select');
            select?.scrollIntoView({ block: 'center' });
            select?.focus();
          },
        };
  const importFile = async (file: File): Promise<void> => {
    const r = await bridge.invoke('keys:import', { organisationId: importOrg, keyFile: (await file.text()).slice(0, 10000) });
    if (!r.ok) return fail(r.error);
    setMessage({ error: false, text: t('handover.keyImported', { organisation: r.value.organisation }) });
    setConfirming(r.value);
    setHeard('');
    await load();
  };
  const status = (key: z.infer<typeof TrustedKey>): string =>
    key.revokedAt ? t('handover.keyRevoked') : key.retiredAt ? t('handover.keyRetired') : key.confirmedAt ? t('handover.keyConfirmed') : t('handover.keyUnconfirmed');

  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('handover.tab.keys')}</h2>
      {dialog}
      <MessageLine message={message} testId="handover-message" />
      <h3>{t('handover.ownKey')}</h3>
      {current ? (
        <p>
          {t('handover.fingerprint')}: <strong className="fingerprint" data-testid="own-fingerprint">{current.fingerprint}</strong>
          <br />
          <span className="help">
            {t('handover.signingKeyHash')}: <span className="fingerprint">{current.signingKeyHash}</span>
          </span>
        </p>
      ) : (
        <p>{t('handover.noOwnKey')}</p>
      )}
      <p className="help">{t('handover.ownKeyHelp')}</p>
      {!saving ? (
        <ActionRow message={saved} testId="key-file-status">
          <button type="button" ref={saveButton} onClick={() => (setSaved(null), setSaving(true))}>
            {t('handover.saveKeyFile')}
          </button>
        </ActionRow>
      ) : (
        <FolderPicker
          busy={false}
          kind="handover"
          onPick={(folder) =>
            void bridge.invoke('keys:own-file', { folder }).then((r) => {
              setSaving(false);
              setBackToSave(true);
              setSaved(r.ok ? { error: false, text: t('handover.keyFileSaved', { file: r.value.file }) } : { error: true, text: errorMessage(t, r.error) });
            })
          }
        />
      )}
      {isAdmin && current && (
        <details>
          <summary>{t('handover.replaceOwn')}</summary>
          <Field label={t('handover.replaceReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          {(['retire', 'revoke'] as const).map((mode) => (
            <button
              key={mode}
              type="button"
              disabled={reason.trim().length < 5}
              onClick={() => void replaceOwn(mode)}
            >
              {t(`handover.${mode}Own`)}
            </button>
          ))}
        </details>
      )}

      <h3>{t('handover.trustStore')}</h3>
      {trusted?.length === 0 && (
        <EmptyState
          testId="no-trusted-keys"
          message={t(!isAdmin ? 'handover.noTrustedAskAdmin' : partners.length === 0 ? 'handover.noTrustedNoPartner' : 'handover.noTrustedImport')}
          action={firstKeyStep}
        />
      )}
      {trusted && trusted.length > 0 && (
        <table className="data-table" data-testid="trusted-keys">
          <thead>
            <tr>
              <th scope="col">{t('handover.organisation')}</th>
              <th scope="col">{t('handover.fingerprint')}</th>
              <th scope="col">{t('handover.keyStatus')}</th>
              {isAdmin && <th scope="col">{t('handover.keyActions')}</th>}
            </tr>
          </thead>
          <tbody>
            {trusted.map((key) => (
              <tr key={key.id}>
                <th scope="row">
                  {key.organisation}
                  {key.kind === 'age-recipient' && <span className="help"> ({t('handover.receiveOnly')})</span>}
                </th>
                <td className="fingerprint">{key.kind === 'age-recipient' ? key.ageRecipient : key.fingerprint}</td>
                <td>{status(key)}</td>
                {isAdmin && (
                  <td>
                    {!key.confirmedAt && !key.retiredAt && !key.revokedAt && (
                      <button type="button" onClick={() => (setConfirming(key), setHeard(''))}>
                        {t('handover.confirm', { organisation: key.organisation })}
                      </button>
                    )}
                    {key.confirmedAt && !key.retiredAt && !key.revokedAt && (
                      <button type="button" onClick={() => void bridge.invoke('keys:retire', { keyId: key.id }).then((r) => (r.ok ? void load() : fail(r.error)))}>
                        {t('handover.retire')}
                      </button>
                    )}
                    {!key.revokedAt && (
                      <button type="button" onClick={() => void revoke(key)}>
                        {t('handover.revoke')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin && confirming && (
        <div className="notice" data-testid="confirm-key">
          <h4 ref={confirmHeading} tabIndex={-1}>
            {t('handover.confirmHeading', { organisation: confirming.organisation })}
          </h4>
          <p>{t(confirming.kind === 'age-recipient' ? 'handover.compareRecipient' : 'handover.compareFingerprint')}</p>
          <p className="fingerprint large">{confirming.kind === 'age-recipient' ? confirming.ageRecipient : confirming.fingerprint}</p>
          <Field
            label={t(confirming.kind === 'age-recipient' ? 'handover.heardRecipient' : 'handover.heardDigits', { organisation: confirming.organisation })}
            value={heard}
            autoComplete="off"
            maxLength={40}
            onChange={(e) => setHeard(e.target.value)}
          />
          <button
            type="button"
            disabled={heard.replace(/\s/g, '').length < 10}
            onClick={() =>
              void bridge.invoke('keys:confirm', { keyId: confirming.id, heard }).then((r) => {
                if (!r.ok) return fail(r.error);
                setConfirming(null);
                setMessage({ error: false, text: t('handover.keyTrusted', { organisation: r.value.organisation }) });
                void load();
              })
            }
          >
            {t('handover.trust')}
          </button>
        </div>
      )}
      {isAdmin && (
        <form ref={importForm} className="form" aria-label={t('handover.importKey')} onSubmit={(e) => e.preventDefault()}>
          <h4>{t('handover.importKey')}</h4>
          <SelectField
            label={t('handover.organisation')}
            value={importOrg}
            onChange={setImportOrg}
            placeholder={t('handover.chooseOrganisation')}
            options={partners.map((o) => ({ value: o.id, label: o.name }))}
          />
          {/* A file input stays the platform's own: React Aria's TextField would hold its value, which a file input cannot be given. */}
          <div className="field">
            <label htmlFor={ids.file}>{t('handover.keyFile')}</label>
            <input id={ids.file} type="file" accept=".pem,.txt" disabled={!importOrg} onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void importFile(file);
              }}
            />
          </div>
        </form>
      )}
    </section>
  );
}
