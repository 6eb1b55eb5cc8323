import { type DragEvent, type KeyboardEvent, useCallback, useEffect, useId, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../../shared/cases/model';
import { applyMeetingChange } from '../../../../shared/meetings/apply-change';
import type { AgendaItemView, MeetingChange, MeetingView } from '../../../../shared/meetings/model';
import { FolderPicker } from '../../app/FolderPicker';
import { errorMessage } from '../../errors/messages';
import type { IpcResult } from '../../../../shared/ipc/errors';
import { useBridge } from '../../ipc/bridge-context';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextArea } from '../../ui/TextArea';
import { useInvoke } from '../../ui/use-invoke';
import { ItemEditor } from './ItemEditor';
import { MeetingRoom } from './MeetingRoom';
import { JusterareChange } from './JusterareChange';
import { TeamActionsDue } from './TeamActionsDue';
import type { TeamContext } from './use-team';
import { type Message, MessageLine } from '../../app/MessageLine';
import { localToday } from '../roster/use-roster';

/** A confirmation's instant as Swedish wall-clock time (`2026-11-24 11:15`). */
const WALL = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
const wallTime = (iso: string): string => WALL.format(new Date(iso));

/** Where on the page an answer is shown: beside the control that asked. */
type Place = 'top' | 'attendance' | 'agenda' | 'autolock' | 'finalise' | 'pdf' | 'justering';

/**
 * The meeting the page holds. A change answers only what it changed and is merged in; an answer
 * that does not fit (another window changed the meeting since it was loaded) marks it stale, and
 * the page loads it again.
 */
interface Held {
  readonly meeting: MeetingView | null;
  readonly stale: boolean;
}
type HeldAction = { readonly kind: 'loaded'; readonly meeting: MeetingView } | { readonly kind: 'changed'; readonly change: MeetingChange } | { readonly kind: 'stale' };
function held(state: Held, action: HeldAction): Held {
  if (action.kind === 'loaded') return { meeting: action.meeting, stale: false };
  if (action.kind === 'stale' || !state.meeting) return { ...state, stale: true };
  const next = applyMeetingChange(state.meeting, action.change);
  return next ? { meeting: next, stale: false } : { ...state, stale: true };
}

/** One meeting: the agenda first (drag or keyboard to reorder), items, attendance, finalising, minutes. */
export function MeetingPage({ meetingId, team, resumeItemId, onBack }: { meetingId: string; team: TeamContext; resumeItemId: string | null; onBack: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { other: useId(), attendance: useId(), confirm: useId() };
  const [addendum, setAddendum] = useState<{ caseItemId: string; kind: 'addendum' | 'marked-wrong'; text: string; reason: string }>({ caseItemId: '', kind: 'addendum', text: '', reason: '' });
  const [{ meeting, stale }, dispatch] = useReducer(held, { meeting: null, stale: false });
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const resumed = useRef(false);
  const [confirming, setConfirming] = useState<AgendaItemView | null>(null);
  const [said, setSaid] = useState<{ at: Place; message: Message }>({ at: 'top', message: null });
  const [guest, setGuest] = useState({ name: '', organisationId: '' });
  const [otherTitle, setOtherTitle] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const [room, setRoom] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [lockMinutes, setLockMinutes] = useState(30);
  /** The attendance table: null until the chair opens or closes it (then it follows the attendance). */
  const [attendanceOpen, setAttendanceOpen] = useState<boolean | null>(null);
  /** The finalising confirmation on the page (never a native dialog); `future` when main asked for the acknowledgement. */
  const [finalising, setFinalising] = useState<{ future: boolean } | null>(null);
  /** The justerare the chair names when finalising ('' : none, the chair justerar alone). */
  const [justerare, setJusterare] = useState('');
  const confirmRegion = useRef<HTMLDivElement>(null);
  const finaliseButton = useRef<HTMLButtonElement>(null);
  const pdfButton = useRef<HTMLButtonElement>(null);

  const say = (at: Place, message: Message): void => setSaid({ at, message });
  const lineAt = (at: Place, testId?: string) => (said.at === at ? <MessageLine message={said.message} {...(testId ? { testId } : {})} /> : null);

  // The meeting and its team's active cases, again when the page holds a stale meeting: a load
  // whose answers come after a later load's (or after the page is gone) is dropped.
  const { invoke: invokeView } = useInvoke();
  const { invoke: invokeCases } = useInvoke();
  const load = useCallback(async () => {
    const view = await invokeView('meetings:get', { meetingId });
    if (!view) return;
    if (!view.ok) return setSaid({ at: 'top', message: { error: true, text: errorMessage(t, view.error) } });
    dispatch({ kind: 'loaded', meeting: view.value });
    // The meeting's own team (a meeting resumed after unlocking may belong to another than the one chosen).
    const list = await invokeCases('cases:list', { teamId: view.value.teamId, status: 'active' });
    if (list?.ok) setCases(list.value);
  }, [invokeView, invokeCases, meetingId, t]);
  // The team context follows the meeting's team, so its members (chair, responsible) are that team's.
  const { teamId: chosenTeam, teams, setTeamId } = team;
  const meetingTeam = meeting?.teamId;
  useEffect(() => {
    if (meetingTeam && meetingTeam !== chosenTeam && teams.some((candidate) => candidate.id === meetingTeam)) setTeamId(meetingTeam);
  }, [meetingTeam, chosenTeam, teams, setTeamId]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (stale) void load();
  }, [stale, load]);
  // Back where the author was typing — through the consent warning like any other opening.
  useEffect(() => {
    if (!meeting || resumed.current || !resumeItemId) return;
    resumed.current = true;
    const item = meeting.agenda.find((candidate) => candidate.id === resumeItemId);
    if (!item?.readable) return;
    if (item.consentWarning) setConfirming(item);
    else setOpen(item.id);
  }, [meeting, resumeItemId]);
  // The finalising confirmation takes the focus when it appears.
  useEffect(() => {
    if (finalising) confirmRegion.current?.focus();
  }, [finalising]);

  const apply = (result: IpcResult<MeetingChange>, at: Place = 'top'): void => {
    if (result.ok) {
      dispatch({ kind: 'changed', change: result.value });
      setSaid({ at: 'top', message: null });
      return;
    }
    setSaid({ at, message: { error: true, text: errorMessage(t, result.error) } });
    // Refused because the meeting moved on elsewhere (finalised, an item or guest gone): show it as it is now.
    if (result.error.code === 'conflict' || result.error.code === 'not_found') dispatch({ kind: 'stale' });
  };

  if (!meeting) return said.message ? <p role="alert" className="error">{said.message.text}</p> : <p>{t('meetings.loading')}</p>;

  const move = async (itemId: string, to: number): Promise<void> => {
    const order = meeting.agenda.map((item) => item.id).filter((id) => id !== itemId);
    order.splice(Math.max(0, Math.min(order.length, to)), 0, itemId);
    const result = await bridge.invoke('meetings:reorder-agenda', { meetingId, itemIds: order });
    apply(result, 'agenda');
    // An order made from an agenda that changed elsewhere is refused: load the agenda as it is.
    if (!result.ok && result.error.code === 'invalid_input') dispatch({ kind: 'stale' });
  };
  const onItemKey = (event: KeyboardEvent<HTMLLIElement>, index: number, itemId: string): void => {
    if (!meeting.canEdit || !event.altKey) return;
    if (event.key === 'ArrowUp' && index > 0) {
      event.preventDefault();
      void move(itemId, index - 1);
    } else if (event.key === 'ArrowDown' && index < meeting.agenda.length - 1) {
      event.preventDefault();
      void move(itemId, index + 1);
    }
  };
  const onDrop = (event: DragEvent<HTMLLIElement>, index: number): void => {
    event.preventDefault();
    if (dragging) void move(dragging, index);
    setDragging(null);
  };
  const openItem = (item: AgendaItemView): void => {
    // A consent case whose consent has ended or does not cover someone present: warn first.
    if (item.consentWarning && !confirming) return setConfirming(item);
    setConfirming(null);
    setOpen(item.id);
  };
  const current = meeting.agenda.find((item) => item.id === open) ?? null;
  const onAgenda = new Set(meeting.agenda.map((item) => item.caseId));
  const addable = cases.filter((c) => c.status === 'active' && !onAgenda.has(c.id));
  const future = meeting.date > localToday();
  // Attendance as the roster gave it (everyone present, no guests) is folded away; anything else shows.
  const attendanceDefault = meeting.guests.length === 0 && meeting.attendance.every((a) => a.status === 'present');
  const showAttendance = attendanceOpen ?? !attendanceDefault;
  const present = meeting.attendance.filter((a) => a.status === 'present').length;

  const finalise = async (acknowledged: boolean): Promise<void> => {
    const result = await bridge.invoke('meetings:finalise', { meetingId, futureDateAcknowledged: acknowledged, justerareMemberId: justerare || null });
    if (!result.ok && result.error.code === 'needs_confirmation') return setFinalising({ future: true });
    setFinalising(null);
    apply(result, 'finalise');
    if (result.ok) {
      say('finalise', { error: false, text: result.value.justering ? t('meetings.finalisedWaiting', { name: result.value.justering.justerare.name }) : t('meetings.finalisedDone') });
      // The next step is the minutes as PDF: its button takes the focus.
      pdfButton.current?.focus();
    }
  };
  const cancelFinalising = (): void => {
    setFinalising(null);
    finaliseButton.current?.focus();
  };

  const confirmJustering = async (): Promise<void> => {
    const result = await bridge.invoke('meetings:confirm-justering', { meetingId, minutesSha256: meeting.minutesSha256 ?? '' });
    apply(result, 'justering');
    if (result.ok) say('justering', { error: false, text: t('meetings.justeradDone') });
  };
  // Present members other than the meeting's chair may be justerare.
  const justerareOptions = meeting.attendance.filter((a) => a.status === 'present' && a.memberId !== meeting.chair?.id).map((a) => ({ value: a.memberId, label: a.name }));
  const justering = meeting.justering;

  if (room) return <MeetingRoom meeting={meeting} startAt={open} onExit={() => setRoom(false)} />;

  return (
    <div className="meeting-page">
      <div className="toolbar">
        <button type="button" onClick={onBack}>
          {t('meetings.back')}
        </button>{' '}
        <button type="button" onClick={() => setRoom(true)}>
          {t('meetings.roomMode')}
        </button>
      </div>
      <h2 data-testid="meeting-title">{t('meetings.title', { team: meeting.teamName, date: meeting.date, time: meeting.time, week: meeting.week })}</h2>
      <p>
        {meeting.status === 'finalised' ? t('meetings.finalisedNote', { sha: meeting.minutesSha256?.slice(0, 16) }) : t('meetings.openNote')}{' '}
        {t('meetings.chairAndNotes', { chair: meeting.chair?.name ?? '–', notes: meeting.noteTaker?.name ?? '–' })}
      </p>
      {justering && (
        <section aria-labelledby="justering-heading" className={justering.justerare.confirmedAt === null ? 'notice' : undefined} data-testid="justering">
          <h3 id="justering-heading">{t('meetings.justeringHeading')}</h3>
          <p data-testid="justering-state">
            {justering.justerare.confirmedAt === null ? t('meetings.waitingFor', { name: justering.justerare.name }) : t('meetings.justeradBoth')}
          </p>
          <ul>
            <li>{t('meetings.justeringChair', { name: justering.chair.name, at: wallTime(justering.chair.confirmedAt) })}</li>
            <li>
              {justering.justerare.confirmedAt === null
                ? t('meetings.justeringPending', { name: justering.justerare.name })
                : t('meetings.justeringJusterare', { name: justering.justerare.name, at: wallTime(justering.justerare.confirmedAt) })}
            </li>
          </ul>
          {justering.canConfirm && (
            <div className="action-line">
              <p>{t('meetings.confirmJusteringHelp', { sha: meeting.minutesSha256?.slice(0, 16) })}</p>
              <button type="button" onClick={() => void confirmJustering()}>
                {t('meetings.confirmJustering')}
              </button>
            </div>
          )}
          <JusterareChange meeting={meeting} isChair={team.isChair} onResult={(result) => apply(result, 'justering')} />
          {lineAt('justering', 'justering-message')}
        </section>
      )}
      {meeting.gallring.map((g) => (
        <p key={`${g.caseCode}-${g.decisionReference}`} className="notice" data-testid="meeting-gallrad">
          {t('meetings.gallrad', { code: g.caseCode, reference: g.decisionReference, date: g.decisionDate })}
        </p>
      ))}
      {lineAt('top', 'meeting-message')}

      <section aria-labelledby="agenda-heading">
        <h3 id="agenda-heading">{t('meetings.agenda')}</h3>
        {meeting.canEdit && meeting.agenda.length > 1 && <p className="help">{t('meetings.reorderHelp')}</p>}
        {meeting.agenda.length === 0 && <p className="help">{t('meetings.emptyAgenda')}</p>}
        <ol className="agenda" data-testid="agenda">
          {meeting.agenda.map((item, index) => (
            <li
              key={item.id}
              tabIndex={0}
              draggable={meeting.canEdit}
              onDragStart={() => setDragging(item.id)}
              onDragOver={(event) => event.preventDefault()}
              onDrop={(event) => onDrop(event, index)}
              onKeyDown={(event) => onItemKey(event, index, item.id)}
              aria-label={t('meetings.itemLabel', { n: index + 1, what: item.caseCode ?? item.title })}
              className={item.id === open ? 'agenda-item current' : 'agenda-item'}
            >
              <span className="agenda-kind">{t(`meetings.kind.${item.kind}`)}</span> <strong>{item.caseCode ?? item.title}</strong>{' '}
              {!item.readable && <span className="help">({t(`meetings.unreadable.${item.unreadableReason ?? 'no-consent'}`)})</span>}
              {item.item && <span className="help"> – {t('meetings.discussed')}</span>}{' '}
              {item.checkinsDue && <span className="help">({t('lifecycle.agendaCheckins')}) </span>}
              {item.readable && (
                <button type="button" onClick={() => openItem(item)}>
                  {t('meetings.open', { what: item.caseCode ?? item.title })}
                </button>
              )}
              {meeting.canEdit && (
                <span className="row-actions">
                  <button type="button" disabled={index === 0} onClick={() => void move(item.id, index - 1)} aria-label={t('meetings.moveUp', { what: item.caseCode ?? item.title })}>
                    ↑
                  </button>
                  <button type="button" disabled={index === meeting.agenda.length - 1} onClick={() => void move(item.id, index + 1)} aria-label={t('meetings.moveDown', { what: item.caseCode ?? item.title })}>
                    ↓
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
        {meeting.canEdit && (
          <>
            <div role="group" aria-labelledby={`${ids.other}-cases`} className="add-cases" data-testid="add-cases">
              <p id={`${ids.other}-cases`} className="add-cases-label">
                {t('meetings.addCase')}
              </p>
              {addable.length === 0 ? (
                <p className="help">{t('meetings.noCasesToAdd')}</p>
              ) : (
                <ul className="chips">
                  {addable.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="chip" aria-label={t('meetings.addCaseToAgenda', { code: c.code })} onClick={() => void bridge.invoke('meetings:add-agenda-item', { meetingId, caseId: c.id }).then((r) => apply(r, 'agenda'))}>
                        <span aria-hidden="true">+ </span>
                        {c.code}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="form inline-form">
              <Field label={t('meetings.otherPoint')} value={otherTitle} maxLength={200} onChange={(e) => setOtherTitle(e.target.value)} />
              <button type="button" disabled={!otherTitle.trim()} onClick={() => void bridge.invoke('meetings:add-agenda-item', { meetingId, title: otherTitle }).then((r) => { apply(r, 'agenda'); if (r.ok) setOtherTitle(''); })}>
                {t('meetings.addPoint')}
              </button>
            </div>
          </>
        )}
        {lineAt('agenda')}
      </section>
      <TeamActionsDue meeting={meeting} onChange={(change) => dispatch({ kind: 'changed', change })} onStale={() => dispatch({ kind: 'stale' })} />

      {confirming && (
        <div role="alertdialog" aria-labelledby="consent-warning-heading" className="alarm" data-testid="consent-warning">
          <h3 id="consent-warning-heading">{t('meetings.consentWarningTitle', { code: confirming.caseCode })}</h3>
          <p>{t(`meetings.consentWarning.${confirming.consentWarning ?? 'not-covering-present'}`, { organisations: confirming.uncoveredOrganisations.join(', ') })}</p>
          <button type="button" onClick={() => openItem(confirming)}>
            {t('meetings.openAnyway')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(null)}>
            {t('meetings.notNow')}
          </button>
        </div>
      )}
      {current && current.readable && (
        <ItemEditor key={current.id} meeting={meeting} item={current} members={team.members} extraNames={team.extraNames} onCommitted={(change) => dispatch({ kind: 'changed', change })} onStale={() => dispatch({ kind: 'stale' })} onClose={() => setOpen(null)} />
      )}

      <section aria-labelledby="attendance-heading" className="attendance">
        <h3 id="attendance-heading">
          <button type="button" className="disclosure" aria-expanded={showAttendance} aria-controls={ids.attendance} onClick={() => setAttendanceOpen(!showAttendance)}>
            {t('meetings.attendance')}
          </button>{' '}
          <span className="help" data-testid="attendance-summary">
            {t('meetings.attendanceSummary', { present, total: meeting.attendance.length })}
            {meeting.guests.length > 0 && ` ${t('meetings.attendanceGuests', { count: meeting.guests.length })}`}
          </span>
        </h3>
        <div id={ids.attendance} hidden={!showAttendance}>
          <table className="checks" data-testid="attendance">
            <thead>
              <tr>
                <th scope="col">{t('roster.col.name')}</th>
                <th scope="col">{t('roster.col.organisation')}</th>
                <th scope="col">{t('meetings.presence')}</th>
              </tr>
            </thead>
            <tbody>
              {meeting.attendance.map((a) => (
                <tr key={a.memberId}>
                  <th scope="row">{a.name}</th>
                  <td>{a.organisationName}</td>
                  <td>
                    <select
                      aria-label={t('meetings.presenceOf', { name: a.name })}
                      value={a.status}
                      disabled={!meeting.canEdit}
                      onChange={(e) => {
                        setAttendanceOpen(true);
                        void bridge.invoke('meetings:set-attendance', { meetingId, memberId: a.memberId, status: e.target.value as 'present' | 'absent' | 'excused' }).then((r) => apply(r, 'attendance'));
                      }}
                    >
                      {(['present', 'absent', 'excused'] as const).map((status) => (
                        <option key={status} value={status}>
                          {t(`meetings.status.${status}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
              {meeting.guests.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{g.name}</th>
                  <td>{g.organisationName}</td>
                  <td>
                    {t('meetings.guest')}{' '}
                    {meeting.canEdit && (
                      <button type="button" className="link-button" onClick={() => void bridge.invoke('meetings:remove-guest', { guestId: g.id }).then((r) => apply(r, 'attendance'))}>
                        {t('meetings.removeGuest', { name: g.name })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {meeting.canEdit && (
            <form
              className="form inline-form"
              aria-label={t('meetings.addGuest')}
              onSubmit={(event) => {
                event.preventDefault();
                setAttendanceOpen(true);
                void bridge.invoke('meetings:add-guest', { meetingId, name: guest.name, organisationId: guest.organisationId }).then((r) => {
                  apply(r, 'attendance');
                  if (r.ok) setGuest({ name: '', organisationId: '' });
                });
              }}
            >
              <Field label={t('meetings.guestName')} value={guest.name} required maxLength={200} onChange={(e) => setGuest({ ...guest, name: e.target.value })} />
              <SelectField label={t('roster.col.organisation')} value={guest.organisationId} required onChange={(organisationId) => setGuest({ ...guest, organisationId })} placeholder={t('meetings.choose')} options={team.organisations.map((org) => ({ value: org.id, label: org.name }))} />
              <button type="submit">{t('meetings.addGuest')}</button>
            </form>
          )}
          {lineAt('attendance')}
        </div>
      </section>

      <section aria-labelledby="finish-heading">
        <h3 id="finish-heading">{t('meetings.finishHeading')}</h3>
        {meeting.canFinalise && (
          <>
            <div className="form inline-form">
              <Field label={t('meetings.autoLockMinutes')} type="number" min={5} max={240} value={lockMinutes} onChange={(e) => setLockMinutes(Number(e.target.value))} />
              <button type="button" onClick={() => void bridge.invoke('meetings:set-auto-lock', { meetingId, minutes: lockMinutes }).then((r) => { apply(r, 'autolock'); if (r.ok) say('autolock', { error: false, text: t('meetings.autoLockSet', { minutes: lockMinutes }) }); })}>
                {t('meetings.setAutoLock')}
              </button>
              {lineAt('autolock')}
            </div>
            <div className="action-line">
              <button type="button" ref={finaliseButton} aria-expanded={finalising !== null} aria-controls={ids.confirm} onClick={() => setFinalising({ future })}>
                {t('meetings.finalise')}
              </button>
            </div>
            {finalising && (
              <div id={ids.confirm} ref={confirmRegion} role="group" tabIndex={-1} aria-labelledby={`${ids.confirm}-title`} className={finalising.future ? 'alarm confirm' : 'notice confirm'} data-testid="finalise-confirm" onKeyDown={(event) => { if (event.key === 'Escape') cancelFinalising(); }}>
                <p id={`${ids.confirm}-title`}>
                  <strong>{t('meetings.finaliseConfirm')}</strong>
                </p>
                <SelectField label={t('meetings.justerare')} value={justerare} onChange={setJusterare} placeholder={t('meetings.noJusterare')} options={justerareOptions} />
                <p className="help">{t('meetings.justerareHelp')}</p>
                {finalising.future && (
                  <p className="error" data-testid="future-warning">
                    {t('meetings.finaliseFuture', { date: meeting.date, today: localToday() })}
                  </p>
                )}
                <div className="row-actions">
                  <button type="button" onClick={() => void finalise(finalising.future)}>
                    {finalising.future ? t('meetings.finaliseAnyway') : t('meetings.finaliseYes')}
                  </button>{' '}
                  <button type="button" onClick={cancelFinalising}>
                    {t('meetings.cancel')}
                  </button>
                </div>
              </div>
            )}
          </>
        )}
        {lineAt('finalise')}
        <div className="action-line">
          <button type="button" ref={pdfButton} onClick={() => setExporting(!exporting)} aria-expanded={exporting}>
            {t('meetings.minutesPdf')}
          </button>
          {lineAt('pdf', 'pdf-message')}
        </div>
        {exporting && (
          <div className="notice">
            <p>{t('meetings.pdfWarning')}</p>
            <FolderPicker
              busy={false}
              kind="minutes"
              onPick={(folder) =>
                void bridge.invoke('meetings:minutes-pdf', { meetingId, folder }).then((r) => {
                  if (r.ok) {
                    // Written: the picker closes and the answer stands beside the button, which takes the focus.
                    setExporting(false);
                    say('pdf', { error: false, text: t('meetings.pdfWritten', { file: r.value.file, sha: r.value.sha256.slice(0, 16) }) });
                    pdfButton.current?.focus();
                  } else say('pdf', { error: true, text: errorMessage(t, r.error) });
                })
              }
            />
          </div>
        )}
        {meeting.status === 'finalised' && team.canEdit && (
          <form
            className="form"
            aria-label={t('meetings.addendumTitle')}
            onSubmit={(event) => {
              event.preventDefault();
              void bridge.invoke('meetings:add-addendum', { meetingId, caseItemId: addendum.caseItemId || null, kind: addendum.kind, text: addendum.text, reason: addendum.reason }).then((r) => {
                apply(r, 'finalise');
                if (r.ok) setAddendum({ caseItemId: '', kind: 'addendum', text: '', reason: '' });
              });
            }}
          >
            <h4>{t('meetings.addendumTitle')}</h4>
            <SelectField
              label={t('meetings.addendumItem')}
              value={addendum.caseItemId}
              onChange={(caseItemId) => setAddendum({ ...addendum, caseItemId })}
              placeholder={t('meetings.wholeMeeting')}
              // Addenda about an item are about a case item (an övrig punkt's addendum is about the meeting as a whole).
              options={meeting.agenda.flatMap((item) => (item.item && item.caseId ? [{ value: item.item.id, label: item.caseCode ?? item.title }] : []))}
            />
            <SelectField
              label={t('meetings.addendumKindLabel')}
              value={addendum.kind}
              onChange={(kind) => setAddendum({ ...addendum, kind: kind === 'marked-wrong' ? 'marked-wrong' : 'addendum' })}
              options={[
                { value: 'addendum', label: t('meetings.addendumKind.addendum') },
                { value: 'marked-wrong', label: t('meetings.addendumKind.marked-wrong') },
              ]}
            />
            <TextArea label={t('meetings.addendumText')} required maxLength={5000} value={addendum.text} onChange={(text) => setAddendum({ ...addendum, text })} />
            <Field label={t('meetings.addendumReason')} required minLength={3} maxLength={500} value={addendum.reason} onChange={(e) => setAddendum({ ...addendum, reason: e.target.value })} />
            <button type="submit">{t('meetings.addAddendum')}</button>
          </form>
        )}
        {meeting.addenda.length > 0 && (
          <ul data-testid="addenda">
            {meeting.addenda.map((a) => (
              <li key={a.id}>
                {a.createdAt.slice(0, 10)} {t(`meetings.addendumKind.${a.kind}`)}: {a.text} ({a.reason})
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
