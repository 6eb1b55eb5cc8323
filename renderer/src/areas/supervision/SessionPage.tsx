import { type Ref, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import { errorMessage } from '../../errors/messages';
import { localDateTime } from '../../format/time';
import { useBridge } from '../../ipc/bridge-context';
import { GuardedText } from '../meetings/GuardedText';
import { type Message, MessageLine } from '../../app/MessageLine';
import { EmptyState } from '../../ui/EmptyState';
import { useInvoke } from '../../ui/use-invoke';
import { PrivateNotes } from './PrivateNotes';
import { ChosenCaseRow, type Prepared, type Session, type Theme } from './types';

type Detail = {
  id: string;
  teamId: string;
  date: string;
  week: number;
  form: 'case' | 'process';
  status: 'planned' | 'held';
  heldAt: string | null;
  datedAhead: boolean;
  participants: { memberId: string; displayName: string }[];
  cases: { caseId: string; code: string; readable: boolean; unreadableReason: string | null; themeIds: string[] }[];
  records: { caseId: string | null; summary: string; approach: string; actions: string[]; sharedAt: string }[];
};

/** Where a link in the session list leads: the session's top, or straight to its private notes; 'none' when it opened by itself. */
export type SessionFocus = 'none' | 'top' | 'notes';

/**
 * One session, planned or held, on one page: its preparation (the cases chosen, each with its
 * discussion across meetings), the record shared with the team (completed and shared when it
 * suits her, changed and shared again after), and her private notes. Opened again at any time.
 */
export function SessionPage({
  sessionId,
  focus,
  prepared,
  themes,
  extraNames,
  onChanged,
}: {
  sessionId: string;
  focus: SessionFocus;
  prepared: readonly Prepared[];
  themes: readonly Theme[];
  extraNames: readonly string[];
  /** The session list, the preparation and the themes over the year may have changed. */
  onChanged: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const reader = useInvoke();
  const { invoke } = reader;
  const [detail, setDetail] = useState<Detail | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const notesHeading = useRef<HTMLDivElement>(null);
  const preparationRef = useRef<HTMLElement>(null);

  // The latest read wins: opening session A then B quickly never shows A's answer on B's page, and
  // a reload overtaken by another is dropped (useInvoke answers null for them).
  const load = useCallback(async (): Promise<void> => {
    const result = await invoke('supervision:session', { sessionId });
    if (result?.ok && result.value.id === sessionId) setDetail(result.value);
  }, [invoke, sessionId]);
  useEffect(() => {
    setDetail(null);
    void load();
  }, [load]);

  // A link to the session moves focus to its heading (or its private notes) once it is shown.
  const focused = useRef<string | null>(null);
  useEffect(() => {
    if (!detail || focus === 'none' || focused.current === `${detail.id}-${focus}`) return;
    focused.current = `${detail.id}-${focus}`;
    const target = focus === 'notes' ? notesHeading.current?.querySelector<HTMLElement>('h2') : heading.current;
    target?.focus();
    target?.scrollIntoView({ block: 'start' });
  }, [detail, focus]);

  if (reader.error && (!detail || detail.id !== sessionId)) {
    return (
      <p role="alert" className="error">
        {reader.error}
      </p>
    );
  }
  if (!detail || detail.id !== sessionId) return <p role="status">{t('supervision.loadingSession')}</p>;
  const session: Session = { id: detail.id, date: detail.date, week: detail.week, form: detail.form, status: detail.status };

  return (
    <article className="session-page" aria-labelledby="session-page-heading" data-testid="session-page">
      <h2 id="session-page-heading" ref={heading} tabIndex={-1}>
        {t('supervision.sessionHeading', { date: detail.date, week: detail.week })}
      </h2>
      {reader.error && (
        <p role="alert" className="error">
          {reader.error}
        </p>
      )}
      <p data-testid="session-status">
        {t(detail.form === 'case' ? 'supervision.formCase' : 'supervision.formProcess')} ·{' '}
        {detail.status === 'held' ? t('supervision.statusHeldAt', { at: detail.heldAt ? localDateTime(detail.heldAt) : detail.date }) : t('supervision.statusPlanned')}
      </p>
      <p className="help">{detail.participants.length > 0 ? t('supervision.participantsList', { names: detail.participants.map((p) => p.displayName).join(', ') }) : t('supervision.noParticipants')}</p>
      <nav aria-label={t('supervision.sessionSections')} className="row-actions">
        <a href="#session-prep-heading">{t('supervision.preparation')}</a>
        <a href="#session-heading">{t('supervision.sharedHeading')}</a>
        <a href="#private-heading">{t('supervision.privateHeading')}</a>
      </nav>
      <SessionPreparation ref={preparationRef} detail={detail} prepared={prepared} onSaved={load} />
      <SessionRecords
        key={`${detail.id}-${detail.cases.map((c) => c.caseId).join(',')}`}
        detail={detail}
        session={session}
        themes={themes}
        extraNames={extraNames}
        onChooseCases={
          detail.status === 'planned' && prepared.some((c) => c.readable)
            ? () => {
                const section = preparationRef.current;
                const target = section?.querySelector<HTMLElement>('input[type="checkbox"]:not(:disabled)') ?? section?.querySelector<HTMLElement>('h3');
                target?.focus();
                target?.scrollIntoView({ block: 'center' });
              }
            : undefined
        }
        onDone={async (message) => {
          await load();
          await onChanged(message);
        }}
      />
      <div ref={notesHeading}>
        <PrivateNotes sessionId={detail.id} heading={t('privateNotes.heading', { date: detail.date, week: detail.week })} extraNames={extraNames} />
      </div>
    </article>
  );
}

/**
 * The session's cases: for a planned case session she chooses (and orders) them from what the
 * team flagged; afterwards the chosen ones are listed with their discussion.
 */
function SessionPreparation({ ref, detail, prepared, onSaved }: { ref: Ref<HTMLElement>; detail: Detail; prepared: readonly Prepared[]; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [chosen, setChosen] = useState<string[]>(detail.cases.map((c) => c.caseId));
  const [message, setMessage] = useState<Message>(null);
  const editable = detail.status === 'planned' && detail.form === 'case';
  // The candidates: what is chosen (in order), then what else the team flagged since the last held session.
  const known = new Map(prepared.map((c) => [c.caseId, c]));
  // Once held (or for process supervision) only the session's own cases belong here.
  const own = detail.cases.map((c): Prepared => known.get(c.caseId) ?? { caseId: c.caseId, code: c.code, readable: c.readable, unreadableReason: c.unreadableReason, timeline: [], earlierThemes: [] });
  const candidates = editable ? [...own, ...prepared.filter((c) => !detail.cases.some((d) => d.caseId === c.caseId))] : own;
  const unchanged = chosen.join(',') === detail.cases.map((c) => c.caseId).join(',');

  const [saving, setSaving] = useState(false);
  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      const result = await bridge.invoke('supervision:choose-cases', { sessionId: detail.id, caseIds: chosen });
      if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
      setMessage({ error: false, text: t('supervision.casesSaved') });
      await onSaved();
    } finally {
      setSaving(false);
    }
  };

  return (
    <section ref={ref} aria-labelledby="session-prep-heading" data-testid="session-preparation">
      <h3 id="session-prep-heading" tabIndex={-1}>
        {t('supervision.preparation')}
      </h3>
      {detail.form === 'process' ? (
        <p>{t('supervision.processNoCases')}</p>
      ) : candidates.length === 0 ? (
        <EmptyState message={editable ? t('supervision.nothingFlaggedSession') : t('supervision.noCasesChosen')} testId="session-preparation-empty" />
      ) : (
        <ul className="prepared">
          {(editable ? [...chosen.map((id) => candidates.find((c) => c.caseId === id)).filter((c) => c !== undefined), ...candidates.filter((c) => !chosen.includes(c.caseId))] : candidates).map((c) => (
            <ChosenCaseRow key={c.caseId} prepared={c} chosen={chosen} onChosen={setChosen} editable={editable} />
          ))}
        </ul>
      )}
      {editable && candidates.length > 0 && (
        <>
          <MessageLine message={message} />
          <button type="button" disabled={unchanged || saving} onClick={() => void save()}>
            {t('supervision.saveCases')}
          </button>
        </>
      )}
    </section>
  );
}

type RecordDraft = { summary: string; approach: string; actions: string; themes: string[] };

/**
 * What the psychologist shares with the team: per chosen case, or once for a process session.
 * A planned session is completed here (shared and marked held; one dated after today only after
 * a warning); a held one can be changed and shared again.
 */
export function SessionRecords({
  detail,
  session,
  themes,
  extraNames,
  onChooseCases,
  onDone,
}: {
  detail: Detail;
  session: Session;
  themes: readonly Theme[];
  extraNames: readonly string[];
  /** Moves her to the preparation's case choice (a planned session with cases to choose from). */
  onChooseCases?: (() => void) | undefined;
  onDone: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const readableCases = detail.cases.filter((c) => c.readable);
  const targets = session.form === 'case' ? readableCases.map((c) => ({ id: c.caseId, code: c.code })) : [{ id: '', code: t('supervision.wholeSession') }];
  const fromDetail = (id: string): RecordDraft => {
    const record = detail.records.find((r) => (r.caseId ?? '') === id);
    return { summary: record?.summary ?? '', approach: record?.approach ?? '', actions: record?.actions.join('\n') ?? '', themes: detail.cases.find((c) => c.caseId === id)?.themeIds ?? [] };
  };
  const [records, setRecords] = useState<Record<string, RecordDraft>>({});
  const [busy, setBusy] = useState(false);
  const [warning, setWarning] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const warningRef = useRef<HTMLDivElement>(null);
  const get = (id: string): RecordDraft => records[id] ?? fromDetail(id);
  const set = (id: string, patch: Partial<RecordDraft>): void => setRecords({ ...records, [id]: { ...get(id), ...patch } });
  useEffect(() => {
    if (warning) warningRef.current?.focus();
  }, [warning]);

  const fail = (code: ErrorCode): void => setMessage({ error: true, text: errorMessage(t, code) });
  const finish = async (acknowledgeFutureDate: boolean): Promise<void> => {
    setMessage(null);
    // Dated ahead: nothing is shared or marked until she confirms it really was held.
    if (session.status === 'planned' && detail.datedAhead && !acknowledgeFutureDate) return setWarning(true);
    setWarning(false);
    setBusy(true);
    try {
      for (const target of targets) {
        const record = get(target.id);
        const caseId = session.form === 'case' ? target.id : null;
        if (caseId && record.themes.join(',') !== fromDetail(target.id).themes.join(',')) {
          const tagged = await bridge.invoke('supervision:tag-case', { sessionId: session.id, caseId, themeIds: record.themes });
          if (!tagged.ok) return fail(tagged.error.code);
        }
        // Only what changed since it was last shared: an unchanged record keeps its date, and the log says nothing was shared again.
        const before = fromDetail(target.id);
        const changed = record.summary !== before.summary || record.approach !== before.approach || record.actions !== before.actions;
        if (record.summary.trim() && changed) {
          const shared = await bridge.invoke('supervision:share-record', { sessionId: session.id, caseId, summary: record.summary, approach: record.approach, actions: record.actions.split('\n').map((a) => a.trim()).filter(Boolean) });
          if (!shared.ok) return fail(shared.error.code);
        }
      }
      if (session.status === 'held') return await onDone(t('supervision.sharedAgain'));
      const held = await bridge.invoke('supervision:hold-session', { sessionId: session.id, acknowledgeFutureDate });
      if (!held.ok) {
        // Main's clock says the session is still ahead: the same warning, never a silent refusal.
        if (held.error.code === 'needs_confirmation') return setWarning(true);
        return fail(held.error.code);
      }
      await onDone(t('supervision.held'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="session-heading" className="notice editor" data-testid="session-records">
      <h3 id="session-heading">{t('supervision.sharedHeading')}</h3>
      <p>{t('supervision.sharedHelp')}</p>
      {session.form === 'case' &&
        targets.length === 0 &&
        (detail.cases.length > 0 ? (
          // Chosen, but none readable today (a consent withdrawn or ended since): nothing of theirs is shown or shared.
          <EmptyState message={t('supervision.noReadableCases', { codes: detail.cases.map((c) => c.code).join(', ') })} testId="records-empty" />
        ) : session.status === 'planned' ? (
          <EmptyState message={t('supervision.chooseCasesFirst')} action={onChooseCases ? { label: t('supervision.chooseCasesAction'), onPress: onChooseCases } : undefined} testId="records-empty" />
        ) : (
          <EmptyState message={t('supervision.noCasesChosen')} testId="records-empty" />
        ))}
      {session.form === 'case' && targets.length > 0 && readableCases.length < detail.cases.length && (
        <p className="help" data-testid="records-unreadable">
          {t('supervision.someUnreadable', { codes: detail.cases.filter((c) => !c.readable).map((c) => c.code).join(', ') })}
        </p>
      )}
      {targets.map((target) => {
        const sharedAt = detail.records.find((r) => (r.caseId ?? '') === target.id)?.sharedAt;
        return (
          <fieldset key={target.id || 'process'}>
            <legend>{target.code}</legend>
            {sharedAt && <p className="help">{t('supervision.sharedAt', { at: localDateTime(sharedAt) })}</p>}
            {session.form === 'case' && themes.length > 0 && (
              <div role="group" aria-label={t('supervision.themesFor', { code: target.code })}>
                {themes.map((theme) => (
                  <label key={theme.id} className="checkbox">
                    <input type="checkbox" checked={get(target.id).themes.includes(theme.id)} onChange={(e) => set(target.id, { themes: e.target.checked ? [...get(target.id).themes, theme.id] : get(target.id).themes.filter((id) => id !== theme.id) })} />
                    {theme.name}
                  </label>
                ))}
              </div>
            )}
            <GuardedText label={t('supervision.summary', { code: target.code })} rows={3} extraNames={extraNames} value={get(target.id).summary} onChange={(summary) => set(target.id, { summary })} />
            <GuardedText label={t('supervision.approach', { code: target.code })} rows={2} extraNames={extraNames} value={get(target.id).approach} onChange={(approach) => set(target.id, { approach })} />
            <GuardedText label={t('supervision.actions', { code: target.code })} rows={2} extraNames={extraNames} value={get(target.id).actions} onChange={(actions) => set(target.id, { actions })} />
          </fieldset>
        );
      })}
      <MessageLine message={message} />
      {warning ? (
        <div role="alert" className="notice future-warning" tabIndex={-1} ref={warningRef} data-testid="future-warning">
          <p>
            <strong>{t('supervision.futureWarning', { date: session.date })}</strong>
          </p>
          <div className="row-actions">
            <button type="button" disabled={busy} onClick={() => void finish(true)}>
              {t('supervision.holdAnyway')}
            </button>
            <button type="button" onClick={() => setWarning(false)}>
              {t('supervision.cancel')}
            </button>
          </div>
        </div>
      ) : (
        (session.form === 'process' || targets.length > 0 || session.status === 'planned') && (
          <button type="button" disabled={busy} onClick={() => void finish(false)}>
            {session.status === 'held' ? t('supervision.shareAgain') : t('supervision.hold')}
          </button>
        )
      )}
    </section>
  );
}
