import { type DragEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CaseSummary } from '../../../../shared/cases/model';
import type { ReceivedPacket, ReceivedSummary } from '../../../../shared/handover/model';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { localDateTime } from '../../format/time';
import { useBridge } from '../../ipc/bridge-context';
import { EmptyState } from '../../ui/EmptyState';
import { SelectField } from '../../ui/SelectField';
import { useInvoke } from '../../ui/use-invoke';
import type { TeamContext } from '../meetings/use-team';
import { ContentView } from './ContentView';
import { ReceiptAnswer } from './ReceiptAnswer';
import { toBase64 } from './base64';

/**
 * Received packets: a packet dropped or chosen is checked in main before anything is stored; each
 * one opens with its verified sender and can be linked to one of the team's cases.
 */
export function Received({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const loadCall = useInvoke();
  const openCall = useInvoke();
  const ids = { file: useId() };
  const fileInput = useRef<HTMLInputElement>(null);
  // Null until the team's list has arrived (no "nothing received" before it is known).
  const [list, setList] = useState<z.infer<typeof ReceivedSummary>[] | null>(null);
  const [open, setOpen] = useState<z.infer<typeof ReceivedPacket> | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [cases, setCases] = useState<CaseSummary[]>([]);

  const { invoke: invokeLoad } = loadCall;
  const load = useCallback(async () => {
    if (!team.teamId) return;
    // Both lists of the team chosen last: a call for a team no longer chosen is dropped.
    const [r, c] = await Promise.all([invokeLoad('handover:received', { teamId: team.teamId }), bridge.invoke('cases:list', { teamId: team.teamId, status: 'active' })]);
    if (!r) return;
    if (r.ok) setList(r.value);
    if (c.ok) setCases(c.value.filter((x) => x.readable));
  }, [bridge, invokeLoad, team.teamId]);
  useEffect(() => {
    setOpen(null);
    void load();
  }, [load]);

  const receive = async (file: File): Promise<void> => {
    setBusy(true);
    setMessage({ error: false, text: t('handover.checking') });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const r = await bridge.invoke('handover:import', { teamId: team.teamId, fileName: file.name.slice(0, 300), base64: toBase64(bytes) });
    setBusy(false);
    if (!r.ok) {
      const reason = r.error.code === 'packet_refused' ? t(`handover.refused.${r.error.message}`, { defaultValue: t('errors.packet_refused') }) : errorMessage(t, r.error);
      return setMessage({ error: true, text: `${t('handover.refusedIntro')} ${reason}` });
    }
    setMessage({ error: false, text: t('handover.receivedOk', { signer: r.value.signer, code: r.value.caseCode }) });
    setOpen(r.value);
    await load();
  };
  const drop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void receive(file);
  };

  return (
    <section aria-labelledby="received-heading">
      <h2 id="received-heading">{t('handover.tab.received')}</h2>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <p>{t('handover.dropHere')}</p>
        <label htmlFor={ids.file}>{t('handover.chooseFile')}</label>
        <input ref={fileInput} id={ids.file} type="file" accept=".age,.zip" disabled={busy || !team.teamId} onChange={(e) => {
            const file = e.target.files?.[0];
            // Cleared, so choosing the same file again (a retry) is seen as a new choice.
            e.target.value = '';
            if (file) void receive(file);
          }}
        />
      </div>
      <MessageLine message={message} testId="handover-message" />
      {list?.length === 0 && (
        <EmptyState
          testId="received-empty"
          message={t('handover.noneReceived')}
          action={busy || !team.teamId ? undefined : { label: t('handover.chooseFileAction'), onPress: () => fileInput.current?.click() }}
        />
      )}
      {list && list.length > 0 && (
        <ul data-testid="received-list">
          {list.map((p) => (
            <li key={p.packetId}>
              {p.caseCode} – {t('handover.signedBy', { signer: p.signer })}, {localDateTime(p.createdAt)}
              {p.signerRevoked && <strong className="error"> {t('handover.signerRevoked')}</strong>}{' '}
              <button type="button" onClick={() => void openCall.invoke('handover:received-get', { packetId: p.packetId }).then((r) => r?.ok && setOpen(r.value))}>
                {t('handover.show', { code: p.caseCode })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <section className="notice editor" aria-labelledby="received-open" data-testid="received-packet">
          <h3 id="received-open">{t('handover.receivedHeading', { code: open.caseCode })}</h3>
          <p data-testid="verified-signer">{t('handover.verified', { signer: open.signer, fingerprint: open.signerFingerprint, at: localDateTime(open.createdAt) })}</p>
          <p>{t(open.encrypted ? 'handover.wasEncrypted' : 'handover.wasPlain')}</p>
          {open.warnings.includes('signed-by-retired-key') && <p className="notice">{t('handover.retiredWarning')}</p>}
          {open.signerRevoked && (
            <p role="alert" className="error">
              {t('handover.revokedWarning')}
            </p>
          )}
          <ContentView content={open.content} />
          <SelectField
            label={t('handover.linkCase')}
            value={open.linkedCaseId ?? ''}
            onChange={(caseId) => void bridge.invoke('handover:link', { packetId: open.packetId, caseId: caseId || null }).then((r) => (r.ok ? setOpen(r.value) : setMessage({ error: true, text: errorMessage(t, r.error) })))}
            placeholder={t('handover.notLinked')}
            options={cases.map((c) => ({ value: c.id, label: c.code }))}
          />
          <ReceiptAnswer
            key={open.packetId}
            packet={open}
            onAnswered={() => void bridge.invoke('handover:received-get', { packetId: open.packetId }).then((r) => r.ok && setOpen(r.value))}
          />
        </section>
      )}
    </section>
  );
}
