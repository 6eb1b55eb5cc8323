import { type DragEvent, type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CaseSummary } from '../../../../shared/cases/model';
import type { ExportPreview, HandoverSummary, OwnKey, ReceivedPacket, ReceivedSummary, TrustedKey } from '../../../../shared/handover/model';
import type { HandoverContent } from '../../../../shared/handover/packet-model';
import type { AccountView } from '../../../../shared/ipc/contract';
import type { ErrorCode, IpcError } from '../../../../shared/ipc/errors';
import { FolderPicker } from '../../app/FolderPicker';
import { errorMessage } from '../../errors/messages';
import { localDateTime } from '../../format/time';
import { useBridge } from '../../ipc/bridge-context';
import { GuardedText } from '../meetings/GuardedText';
import { type TeamContext, useTeamContext } from '../meetings/use-team';
import { localToday } from '../roster/use-roster';
import { TeamSelect } from '../meetings/TeamSelect';
import { type Message, MessageLine } from '../../app/MessageLine';

type Tab = 'handovers' | 'received' | 'keys';

/**
 * Handovers between home organisations: the handover meeting, a preview of exactly what leaves,
 * the signed (and by default encrypted) packet written into a folder the user picks; received
 * packets, checked in main before anything is stored; the organisation's keys and the trust store.
 */
export function HandoversArea({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const team = useTeamContext();
  const [tab, setTab] = useState<Tab>('handovers');
  const tabs: Tab[] = ['handovers', 'received', 'keys'];
  return (
    <>
      <TeamSelect team={team} />
      <div
        role="tablist"
        aria-label={t('nav.handovers')}
        className="tabs"
        onKeyDown={(event) => {
          // Arrow keys move between tabs (and focus follows), as in any tab list.
          const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
          if (!step) return;
          const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length] ?? 'handovers';
          setTab(next);
          document.getElementById(`tab-${next}`)?.focus();
        }}
      >
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            tabIndex={tab === name ? 0 : -1}
            aria-selected={tab === name}
            aria-controls={tab === name ? `panel-${name}` : undefined}
            onClick={() => setTab(name)}
          >
            {t(`handover.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'handovers' && <Handovers team={team} />}
        {tab === 'received' && <Received team={team} />}
        {tab === 'keys' && <Keys isAdmin={account.roles.includes('admin')} organisations={team.organisations} />}
      </div>
    </>
  );
}

// Handovers of a case.

function Handovers({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { kase: useId() };
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [caseId, setCaseId] = useState('');
  const [list, setList] = useState<z.infer<typeof HandoverSummary>[]>([]);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);

  useEffect(() => {
    setCaseId('');
    if (!team.teamId) return;
    void bridge.invoke('cases:list', { teamId: team.teamId }).then((r) => r.ok && setCases(r.value.filter((c) => c.readable && c.status === 'active')));
  }, [bridge, team.teamId]);
  const load = useCallback(async () => {
    if (!caseId) return setList([]);
    const r = await bridge.invoke('handover:list', { caseId });
    if (r.ok) setList(r.value);
    else setMessage({ error: true, text: errorMessage(t, r.error) });
  }, [bridge, caseId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="handovers-heading">
      <h2 id="handovers-heading">{t('handover.tab.handovers')}</h2>
      <div className="field">
        <label htmlFor={ids.kase}>{t('handover.case')}</label>
        <select id={ids.kase} value={caseId} onChange={(e) => (setCaseId(e.target.value), setCreating(false), setExporting(null))}>
          <option value="">{t('handover.chooseCase')}</option>
          {cases.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code}
            </option>
          ))}
        </select>
      </div>
      <MessageLine message={message} testId="handover-message" />
      {caseId && (
        <>
          <ul data-testid="handover-list">
            {list.map((h) => (
              <li key={h.id}>
                {h.date}: {h.fromOrganisation} → {h.toOrganisation} ({h.toFunction}){h.consentOverride ? ` – ${t('handover.override')}` : ''}
                {h.sent.length > 0 && <span className="help"> · {t('handover.sentCount', { count: h.sent.length })}</span>}{' '}
                <button type="button" onClick={() => setExporting(h.id)}>
                  {t('handover.previewExport')}
                </button>
              </li>
            ))}
            {list.length === 0 && <li>{t('handover.none')}</li>}
          </ul>
          {!creating && (
            <button type="button" onClick={() => setCreating(true)}>
              {t('handover.new')}
            </button>
          )}
          {creating && (
            <NewHandover
              caseId={caseId}
              team={team}
              onDone={(created) => {
                setCreating(false);
                setMessage({ error: false, text: t('handover.created') });
                void load();
                setExporting(created);
              }}
              onError={(code) => setMessage({ error: true, text: errorMessage(t, code) })}
            />
          )}
          {exporting && <ExportPanel key={exporting} handoverId={exporting} onExported={() => void load()} />}
        </>
      )}
    </section>
  );
}

function NewHandover({ caseId, team, onDone, onError }: { caseId: string; team: TeamContext; onDone: (id: string) => void; onError: (code: ErrorCode) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { date: useId(), from: useId(), fromFunction: useId(), to: useId(), toFunction: useId(), consent: useId(), override: useId(), owner: useId(), follow: useId() };
  const own = team.organisations.find((o) => o.isOwn);
  const [form, setForm] = useState({
    date: localToday(),
    fromOrganisationId: own?.id ?? '',
    fromFunction: '',
    toOrganisationId: '',
    toFunction: '',
    participants: [] as string[],
    reason: '',
    consentId: '',
    useOverride: false,
    consentOverride: '',
    goals: '',
    insatser: [{ text: '', responsible: '' }],
    newCaseOwner: '',
    followUpDate: '',
  });
  const [consents, setConsents] = useState<{ id: string; organisation: string; validFrom: string; validTo: string; paperFiledAt: string }[]>([]);
  useEffect(() => {
    if (!form.toOrganisationId || !form.date) return setConsents([]);
    void bridge.invoke('handover:consents', { caseId, organisationId: form.toOrganisationId, date: form.date }).then((r) => {
      if (!r.ok) return setConsents([]);
      setConsents(r.value);
      setForm((f) => ({ ...f, consentId: r.value[0]?.id ?? '' }));
    });
  }, [bridge, caseId, form.toOrganisationId, form.date]);
  const set = (patch: Partial<typeof form>): void => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('handover:create', {
      caseId,
      date: form.date,
      fromOrganisationId: form.fromOrganisationId,
      fromFunction: form.fromFunction,
      toOrganisationId: form.toOrganisationId,
      toFunction: form.toFunction,
      participantMemberIds: form.participants,
      guests: [],
      reason: form.reason,
      consentId: form.useOverride ? null : form.consentId || null,
      consentOverride: form.useOverride ? form.consentOverride : null,
      goals: form.goals,
      insatser: form.insatser.filter((i) => i.text.trim() && i.responsible.trim()),
      newCaseOwner: form.newCaseOwner,
      followUpDate: form.followUpDate || null,
    });
    if (!result.ok) return onError(result.error.code);
    onDone(result.value.id);
  };

  const others = team.organisations.filter((o) => o.id !== form.fromOrganisationId);
  return (
    <form className="form editor" aria-label={t('handover.new')} onSubmit={(event) => void submit(event)} data-testid="new-handover">
      <h3>{t('handover.new')}</h3>
      <div className="field">
        <label htmlFor={ids.date}>{t('meetings.date')}</label>
        <input id={ids.date} type="date" required value={form.date} onChange={(e) => set({ date: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={ids.from}>{t('handover.from')}</label>
        <select id={ids.from} required value={form.fromOrganisationId} onChange={(e) => set({ fromOrganisationId: e.target.value })}>
          {team.organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.fromFunction}>{t('handover.fromFunction')}</label>
        <input id={ids.fromFunction} required maxLength={300} value={form.fromFunction} onChange={(e) => set({ fromFunction: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>{t('handover.to')}</label>
        <select id={ids.to} required value={form.toOrganisationId} onChange={(e) => set({ toOrganisationId: e.target.value })}>
          <option value="">{t('handover.chooseOrganisation')}</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.toFunction}>{t('handover.toFunction')}</label>
        <input id={ids.toFunction} required maxLength={300} aria-describedby={`${ids.toFunction}-help`} value={form.toFunction} onChange={(e) => set({ toFunction: e.target.value })} />
        <p id={`${ids.toFunction}-help`} className="help">
          {t('handover.toFunctionHelp')}
        </p>
      </div>
      <fieldset>
        <legend>{t('handover.participants')}</legend>
        {team.members
          .filter((m) => m.activeTo === null)
          .map((m) => (
            <label key={m.id} className="checkbox">
              <input type="checkbox" checked={form.participants.includes(m.id)} onChange={(e) => set({ participants: e.target.checked ? [...form.participants, m.id] : form.participants.filter((id) => id !== m.id) })} />
              {m.displayName}
            </label>
          ))}
      </fieldset>
      <GuardedText label={t('handover.reason')} value={form.reason} rows={3} extraNames={team.extraNames} onChange={(reason) => set({ reason })} />
      <fieldset>
        <legend>{t('handover.consent')}</legend>
        {consents.length > 0 ? (
          <div className="field">
            <label htmlFor={ids.consent}>{t('handover.consentChoice')}</label>
            <select id={ids.consent} value={form.consentId} disabled={form.useOverride} onChange={(e) => set({ consentId: e.target.value })}>
              {consents.map((c) => (
                <option key={c.id} value={c.id}>
                  {t('handover.consentOption', c)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="notice">{form.toOrganisationId ? t('handover.noConsent') : t('handover.chooseReceiverFirst')}</p>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={form.useOverride} onChange={(e) => set({ useOverride: e.target.checked })} />
          {t('handover.useOverride')}
        </label>
        {form.useOverride && (
          <div className="field">
            <label htmlFor={ids.override}>{t('handover.overrideReason')}</label>
            <textarea id={ids.override} required minLength={10} maxLength={1000} rows={2} value={form.consentOverride} onChange={(e) => set({ consentOverride: e.target.value })} />
          </div>
        )}
      </fieldset>
      <GuardedText label={t('handover.goals')} value={form.goals} rows={3} extraNames={team.extraNames} onChange={(goals) => set({ goals })} />
      <fieldset>
        <legend>{t('handover.insatser')}</legend>
        {form.insatser.map((insats, index) => (
          <div key={index} className="inline-form">
            <div className="field">
              <label htmlFor={`insats-${index}`}>{t('handover.insats', { n: index + 1 })}</label>
              <input id={`insats-${index}`} maxLength={300} value={insats.text} onChange={(e) => set({ insatser: form.insatser.map((x, i) => (i === index ? { ...x, text: e.target.value } : x)) })} />
            </div>
            <div className="field">
              <label htmlFor={`insats-resp-${index}`}>{t('handover.responsible', { n: index + 1 })}</label>
              <input id={`insats-resp-${index}`} maxLength={300} value={insats.responsible} onChange={(e) => set({ insatser: form.insatser.map((x, i) => (i === index ? { ...x, responsible: e.target.value } : x)) })} />
            </div>
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => set({ insatser: [...form.insatser, { text: '', responsible: '' }] })}>
          {t('handover.addInsats')}
        </button>
      </fieldset>
      <div className="field">
        <label htmlFor={ids.owner}>{t('handover.newCaseOwner')}</label>
        <input id={ids.owner} required maxLength={300} value={form.newCaseOwner} onChange={(e) => set({ newCaseOwner: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={ids.follow}>{t('handover.followUp')}</label>
        <input id={ids.follow} type="date" value={form.followUpDate} onChange={(e) => set({ followUpDate: e.target.value })} />
      </div>
      <button type="submit">{t('handover.save')}</button>
    </form>
  );
}

/** Every field of what leaves, as the receiver will read it. */
function ContentView({ content }: { content: HandoverContent }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('handover.case'), `${content.caseCode} (${content.ageBand})`],
    [t('meetings.date'), content.date],
    [t('handover.from'), `${content.from.organisation} (${content.from.orgNumber}), ${content.from.function}`],
    [t('handover.to'), `${content.to.organisation} (${content.to.orgNumber}), ${content.to.function}`],
    [t('handover.participants'), content.participants.map((p) => `${p.name} (${p.organisation})`).join(', ') || '–'],
    [t('handover.reason'), content.reason || '–'],
    [t('handover.consent'), content.consent.reference ?? t('handover.noConsentShort')],
    [t('handover.overrideReason'), content.consent.override ?? '–'],
    [t('handover.goals'), content.goals || '–'],
    [t('handover.insatser'), content.insatser.map((i) => `${i.text} (${i.responsible})`).join('; ') || '–'],
    [t('handover.newCaseOwner'), content.newCaseOwner],
    [t('handover.followUp'), content.followUpDate ?? '–'],
  ];
  return (
    <div data-testid="packet-content">
      <dl className="content-list">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {content.earlierMinutes.length > 0 && (
        <>
          <h4>{t('handover.earlierMinutes')}</h4>
          <ul>
            {content.earlierMinutes.map((m, index) => (
              <li key={index}>
                {m.meetingDate}: {m.notes} {m.decisions && `${t('meetings.decisions')}: ${m.decisions}`} {m.actions.join('; ')}
                {m.corrections.map((c, i) => (
                  <p key={i} className="notice">
                    {t(c.kind === 'marked-wrong' ? 'handover.markedWrong' : 'handover.addendum', c)}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ExportPanel({ handoverId, onExported }: { handoverId: string; onExported: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [includeMinutes, setIncludeMinutes] = useState(false);
  const [encrypt, setEncrypt] = useState(true);
  const [preview, setPreview] = useState<z.infer<typeof ExportPreview> | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  useEffect(() => {
    // A changed choice shows nothing to export until its own preview has arrived.
    let current = true;
    setPreview(null);
    void bridge.invoke('handover:preview', { handoverId, includeMinutes }).then((r) => {
      if (!current) return;
      if (r.ok) setPreview(r.value);
      else setMessage({ error: true, text: errorMessage(t, r.error) });
    });
    return () => {
      current = false;
    };
  }, [bridge, handoverId, includeMinutes, t]);

  const write = async (folder: string): Promise<void> => {
    if (!preview) return;
    if (!encrypt && !window.confirm(t('handover.confirmPlaintext'))) return;
    setBusy(true);
    setMessage({ error: false, text: t('handover.writing') });
    // The preview's hash goes along: main writes exactly what was shown, or refuses.
    const r = await bridge.invoke('handover:export', { handoverId, includeMinutes, encrypt, contentSha256: preview.contentSha256, folder });
    setBusy(false);
    if (!r.ok) return setMessage({ error: true, text: errorMessage(t, r.error) });
    setMessage({ error: false, text: t(r.value.encrypted ? 'handover.exported' : 'handover.exportedPlain', { file: r.value.file, sha: r.value.sha256.slice(0, 16) }) });
    onExported();
  };

  return (
    <section className="notice editor" aria-labelledby="export-heading" data-testid="export-panel">
      <h3 id="export-heading">{t('handover.previewHeading')}</h3>
      <p>{t('handover.previewHelp')}</p>
      <label className="checkbox">
        <input type="checkbox" checked={includeMinutes} onChange={(e) => setIncludeMinutes(e.target.checked)} />
        {t('handover.includeMinutes')}
      </label>
      {preview && <ContentView content={preview.content} />}
      {preview?.recipient && <p>{t('handover.recipient', { ...preview.recipient, fingerprint: preview.recipient.compared ?? preview.recipient.fingerprint })}</p>}
      {preview?.blocked && (
        <p role="alert" className="error">
          {t(`handover.blocked.${preview.blocked}`)}
        </p>
      )}
      <fieldset>
        <legend>{t('handover.encryption')}</legend>
        <label className="checkbox">
          <input type="radio" name="encrypt" checked={encrypt} onChange={() => setEncrypt(true)} />
          {t('handover.encrypted')}
        </label>
        <label className="checkbox">
          <input type="radio" name="encrypt" checked={!encrypt} onChange={() => setEncrypt(false)} />
          {t('handover.plaintext')}
        </label>
        {!encrypt && <p className="error">{t('handover.plaintextWarning')}</p>}
      </fieldset>
      {preview && !preview.blocked && <FolderPicker busy={busy} onPick={(folder) => void write(folder)} />}
      <MessageLine message={message} testId="handover-message" />
    </section>
  );
}

// Received packets.

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function Received({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { file: useId() };
  const [list, setList] = useState<z.infer<typeof ReceivedSummary>[]>([]);
  const [open, setOpen] = useState<z.infer<typeof ReceivedPacket> | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [cases, setCases] = useState<CaseSummary[]>([]);

  const load = useCallback(async () => {
    if (!team.teamId) return;
    const [r, c] = await Promise.all([bridge.invoke('handover:received', { teamId: team.teamId }), bridge.invoke('cases:list', { teamId: team.teamId })]);
    if (r.ok) setList(r.value);
    if (c.ok) setCases(c.value.filter((x) => x.readable));
  }, [bridge, team.teamId]);
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
        <input id={ids.file} type="file" accept=".age,.zip" disabled={busy || !team.teamId} onChange={(e) => {
            const file = e.target.files?.[0];
            // Cleared, so choosing the same file again (a retry) is seen as a new choice.
            e.target.value = '';
            if (file) void receive(file);
          }}
        />
      </div>
      <MessageLine message={message} testId="handover-message" />
      <ul data-testid="received-list">
        {list.map((p) => (
          <li key={p.packetId}>
            {p.caseCode} – {t('handover.signedBy', { signer: p.signer })}, {localDateTime(p.createdAt)}
            {p.signerRevoked && <strong className="error"> {t('handover.signerRevoked')}</strong>}{' '}
            <button type="button" onClick={() => void bridge.invoke('handover:received-get', { packetId: p.packetId }).then((r) => r.ok && setOpen(r.value))}>
              {t('handover.show', { code: p.caseCode })}
            </button>
          </li>
        ))}
        {list.length === 0 && <li>{t('handover.noneReceived')}</li>}
      </ul>
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
          <div className="field">
            <label htmlFor="link-case">{t('handover.linkCase')}</label>
            <select
              id="link-case"
              value={open.linkedCaseId ?? ''}
              onChange={(e) => void bridge.invoke('handover:link', { packetId: open.packetId, caseId: e.target.value || null }).then((r) => (r.ok ? setOpen(r.value) : setMessage({ error: true, text: errorMessage(t, r.error) })))}
            >
              <option value="">{t('handover.notLinked')}</option>
              {cases.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code}
                </option>
              ))}
            </select>
          </div>
        </section>
      )}
    </section>
  );
}

// Keys and the trust store.

function Keys({ isAdmin, organisations }: { isAdmin: boolean; organisations: TeamContext['organisations'] }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { org: useId(), file: useId(), reason: useId(), heard: useId() };
  const [own, setOwn] = useState<z.infer<typeof OwnKey>[]>([]);
  const [trusted, setTrusted] = useState<z.infer<typeof TrustedKey>[]>([]);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [importOrg, setImportOrg] = useState('');
  const [confirming, setConfirming] = useState<z.infer<typeof TrustedKey> | null>(null);
  const [heard, setHeard] = useState('');
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);
  const [reason, setReason] = useState('');

  const load = useCallback(async () => {
    const [o, tr] = await Promise.all([bridge.invoke('keys:own', {}), bridge.invoke('keys:trusted', {})]);
    if (o.ok) setOwn(o.value);
    if (tr.ok) setTrusted(tr.value);
  }, [bridge]);
  useEffect(() => {
    void load();
  }, [load]);
  const fail = (error: ErrorCode | IpcError): void => setMessage({ error: true, text: errorMessage(t, error) });

  const current = own.find((k) => k.current);
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
        <button type="button" onClick={() => setSaving(true)}>
          {t('handover.saveKeyFile')}
        </button>
      ) : (
        <FolderPicker
          busy={false}
          onPick={(folder) =>
            void bridge.invoke('keys:own-file', { folder }).then((r) => {
              setSaving(false);
              if (!r.ok) return fail(r.error.code);
              setMessage({ error: false, text: t('handover.keyFileSaved', { file: r.value.file }) });
            })
          }
        />
      )}
      {isAdmin && current && (
        <details>
          <summary>{t('handover.replaceOwn')}</summary>
          <div className="field">
            <label htmlFor={ids.reason}>{t('handover.replaceReason')}</label>
            <input id={ids.reason} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </div>
          {(['retire', 'revoke'] as const).map((mode) => (
            <button
              key={mode}
              type="button"
              disabled={reason.trim().length < 5}
              onClick={() =>
                void bridge.invoke('keys:replace-own', { mode, reason }).then((r) => {
                  if (!r.ok) return fail(r.error.code);
                  setReason('');
                  setMessage({ error: false, text: t('handover.replaced', { fingerprint: r.value.fingerprint }) });
                  void load();
                })
              }
            >
              {t(`handover.${mode}Own`)}
            </button>
          ))}
        </details>
      )}

      <h3>{t('handover.trustStore')}</h3>
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
                    <button type="button" onClick={() => void bridge.invoke('keys:retire', { keyId: key.id }).then((r) => (r.ok ? void load() : fail(r.error.code)))}>
                      {t('handover.retire')}
                    </button>
                  )}
                  {!key.revokedAt && (
                    <button
                      type="button"
                      onClick={() => window.confirm(t('handover.confirmRevoke', { organisation: key.organisation })) && void bridge.invoke('keys:revoke', { keyId: key.id }).then((r) => (r.ok ? void load() : fail(r.error.code)))}
                    >
                      {t('handover.revoke')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
          {trusted.length === 0 && (
            <tr>
              <td colSpan={isAdmin ? 4 : 3}>{t('handover.noTrusted')}</td>
            </tr>
          )}
        </tbody>
      </table>
      {isAdmin && confirming && (
        <div className="notice" data-testid="confirm-key">
          <h4 ref={confirmHeading} tabIndex={-1}>
            {t('handover.confirmHeading', { organisation: confirming.organisation })}
          </h4>
          <p>{t(confirming.kind === 'age-recipient' ? 'handover.compareRecipient' : 'handover.compareFingerprint')}</p>
          <p className="fingerprint large">{confirming.kind === 'age-recipient' ? confirming.ageRecipient : confirming.fingerprint}</p>
          <div className="field">
            <label htmlFor={ids.heard}>{t(confirming.kind === 'age-recipient' ? 'handover.heardRecipient' : 'handover.heardDigits', { organisation: confirming.organisation })}</label>
            <input id={ids.heard} value={heard} autoComplete="off" maxLength={40} onChange={(e) => setHeard(e.target.value)} />
          </div>
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
        <form className="form" aria-label={t('handover.importKey')} onSubmit={(e) => e.preventDefault()}>
          <h4>{t('handover.importKey')}</h4>
          <div className="field">
            <label htmlFor={ids.org}>{t('handover.organisation')}</label>
            <select id={ids.org} value={importOrg} onChange={(e) => setImportOrg(e.target.value)}>
              <option value="">{t('handover.chooseOrganisation')}</option>
              {organisations
                .filter((o) => !o.isOwn)
                .map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
            </select>
          </div>
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
