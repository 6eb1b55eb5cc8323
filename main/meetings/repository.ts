import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type Json, canonicalJson } from '../../shared/canonical-json';
import { type GuardHit, type GuardOptions, blockingHits, scanText, staffReplacedCount } from '../../shared/guard/identifier-guard';
import { guardOptions } from '../guard/extra-names';
import { meetingStaffNames } from '../guard/staff-names';
import { AppError } from '../../shared/ipc/errors';
import type {
  ActionView,
  AddAddendumInput,
  AddAgendaItemInput,
  AddGuestInput,
  Addendum,
  AddendumAdded,
  AgendaItemAdded,
  AgendaItemRemoved,
  AgendaItemView,
  AgendaReordered,
  AttendanceChanged,
  Attendee,
  AutoLockSet,
  CommitItemInput,
  CreateMeetingInput,
  Guest,
  GuestAdded,
  GuestRemoved,
  ItemBody,
  ItemCommitted,
  ItemConsentWarning,
  ConfirmJusteringInput,
  ChangeJusterareInput,
  JusterareChanged,
  DecisionLogInput,
  DecisionLogPage,
  Justering,
  MeetingFinalised,
  MeetingJusterad,
  MeetingSummary,
  MeetingView,
  ReorderAgendaInput,
  SaveDraftInput,
  SetActionDoneInput,
  SetAttendanceInput,
  SetTeamActionDoneInput,
  TeamActionDone,
  TeamActionDue,
} from '../../shared/meetings/model';
import { DECISION_LOG_PAGE_MEETINGS } from '../../shared/meetings/model';
import { isoWeek, parseIsoDate } from '../../shared/time/iso-week';
import { stockholmDayStart } from '../../shared/time/zone';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { type AccessContext, type CaseAccessRow, type ReceivingConsent, reasonFor, unreadableFor, validOn } from '../cases/access';
import { cachedStatement } from '../vault/db/statements';
import { type Actor, mayEditTeamRecords, mayFinaliseTeamRecords, mayReadTeamRecords } from '../roster/access';
import { indexCaseItem } from './search-index';

type In<T extends z.ZodType> = z.output<T>;
type Out<T extends z.ZodType> = z.output<T>;

interface MeetingRow {
  id: string;
  team_id: string;
  team_name: string;
  date: string;
  time: string;
  chair_member_id: string | null;
  note_taker_member_id: string | null;
  status: 'open' | 'finalised';
  minutes_sha256: string | null;
  auto_lock_minutes: number | null;
}

const weekOf = (date: string): number => isoWeek(parseIsoDate(date) ?? { year: 1970, month: 1, day: 1 }).week;

function getMeetingRow(caps: ReadCaps, meetingId: string): MeetingRow {
  const row = cachedStatement(
      caps.db,
      `SELECT m.id, m.team_id, t.name AS team_name, m.date, m.time, m.chair_member_id, m.note_taker_member_id, m.status, m.minutes_sha256, m.auto_lock_minutes
       FROM meetings m JOIN teams t ON t.id = m.team_id WHERE m.id = ?`,
    )
    .get(meetingId) as MeetingRow | undefined;
  if (!row) throw new AppError('not_found', 'No such meeting');
  return row;
}

/** A team member's view of a meeting; anyone else is refused. */
function readableMeeting(caps: ReadCaps, meetingId: string): { row: MeetingRow; actor: Actor } {
  const actor = caps.access.actor;
  const row = getMeetingRow(caps, meetingId);
  if (!mayReadTeamRecords(caps.access, row.team_id)) throw new AppError('forbidden', "Only the team's members see its meetings", { reason: 'not_team_member' });
  return { row, actor };
}

/** The chair or note-taker, on a meeting not yet finalised. A finalised meeting changes only by addenda. */
function editableMeeting(caps: ReadCaps, meetingId: string): { row: MeetingRow; actor: Actor } {
  const { row, actor } = readableMeeting(caps, meetingId);
  if (!mayEditTeamRecords(caps.access, row.team_id)) throw new AppError('forbidden', "Only the team's chair or note-taker may change the meeting", { reason: 'not_team_editor' });
  if (row.status === 'finalised') throw new AppError('conflict', 'The meeting is finalised; add an addendum instead', { reason: 'meeting_finalised' });
  return { row, actor };
}

function caseAccessRow(caps: ReadCaps, caseId: string): CaseAccessRow & { code: string } {
  const row = cachedStatement(caps.db, 'SELECT id, team_id, code, consent_mode, raised_by_organisation_id FROM cases WHERE id = ?').get(caseId) as (CaseAccessRow & { code: string }) | undefined;
  if (!row) throw new AppError('not_found', 'No such case');
  return row;
}

// ---------------------------------------------------------------------------------------------
// Meetings

export function listMeetings(caps: ReadCaps, teamId: string): MeetingSummary[] {
  if (!mayReadTeamRecords(caps.access, teamId)) throw new AppError('forbidden', "Only the team's members see its meetings", { reason: 'not_team_member' });
  const rows = cachedStatement(
    caps.db,
    `SELECT m.id, m.team_id, m.date, m.time, m.status, (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id) AS items,
            (SELECT j.display_name FROM members j WHERE j.id = m.justerare_member_id AND m.justerare_confirmed_at IS NULL) AS waiting_for
     FROM meetings m WHERE m.team_id = ? ORDER BY m.date DESC, m.time DESC`,
  ).all(teamId) as { id: string; team_id: string; date: string; time: string; status: 'open' | 'finalised'; items: number; waiting_for: string | null }[];
  return rows.map((row) => ({
    id: row.id,
    teamId: row.team_id,
    date: row.date,
    time: row.time,
    week: weekOf(row.date),
    status: row.status,
    items: row.items,
    ...(row.waiting_for === null ? {} : { waitingFor: row.waiting_for }),
  }));
}

function activeMember(caps: ReadCaps, memberId: string, teamId: string, date: string): boolean {
  return (
    cachedStatement(caps.db, 'SELECT 1 FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_from <= ? AND (active_to IS NULL OR active_to >= ?)')
      .get(memberId, teamId, date, date) !== undefined
  );
}

/**
 * A new meeting: attendance starts from the team's roster on the meeting day (everyone present,
 * the chair changes it), and the agenda starts with every case that has an open action due by
 * then (a follow-up) and every case flagged for supervision.
 */
export function createMeeting(caps: WriteCaps, input: In<typeof CreateMeetingInput>): MeetingView {
  const actor = caps.access.actor;
  if (!cachedStatement(caps.db, 'SELECT 1 FROM teams WHERE id = ? AND archived_at IS NULL').get(input.teamId)) throw new AppError('not_found', 'No such team');
  if (!mayEditTeamRecords(caps.access, input.teamId)) throw new AppError('forbidden', "Only the team's chair or note-taker may plan a meeting", { reason: 'not_team_editor' });
  for (const memberId of [input.chairMemberId, input.noteTakerMemberId]) {
    if (memberId && !activeMember(caps, memberId, input.teamId, input.date)) throw new AppError('invalid_input', "The chair and note-taker must be members of the team on the meeting's day", { field: 'chairMemberId' });
  }
  const id = randomUUID();
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'INSERT INTO meetings (id, team_id, date, time, chair_member_id, note_taker_member_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, input.teamId, input.date, input.time, input.chairMemberId, input.noteTakerMemberId, caps.clock.now().toISOString(), actor.accountId);
    const members = cachedStatement(
      caps.db,
        `SELECT DISTINCT tm.member_id FROM team_memberships tm JOIN members m ON m.id = tm.member_id
         WHERE tm.team_id = ? AND tm.active_from <= ? AND (tm.active_to IS NULL OR tm.active_to >= ?) AND (m.active_to IS NULL OR m.active_to >= ?)`,
      )
      .all(input.teamId, input.date, input.date, input.date) as { member_id: string }[];
    const attend = cachedStatement(caps.db, "INSERT INTO meeting_attendance (meeting_id, member_id, status) VALUES (?, ?, 'present')");
    for (const member of members) attend.run(id, member.member_id);
    const followUps = cachedStatement(
      caps.db,
        `SELECT DISTINCT a.case_id FROM actions a JOIN cases c ON c.id = a.case_id
         WHERE c.team_id = ? AND c.status = 'active' AND a.done_at IS NULL AND a.due_date <= ? ORDER BY (SELECT code FROM cases WHERE id = a.case_id)`,
      )
      .all(input.teamId, input.date) as { case_id: string }[];
    // Cases followed up after exit with a check-in due by the meeting's day (issue 20): a follow-up too.
    const checkins = cachedStatement(
      caps.db,
      `SELECT DISTINCT k.case_id FROM case_checkins k JOIN cases c ON c.id = k.case_id
       WHERE c.team_id = ? AND c.phase = 'uppfoljning' AND k.done_on IS NULL AND k.cancelled_on IS NULL AND k.due_on <= ? ORDER BY c.code`,
    ).all(input.teamId, input.date) as { case_id: string }[];
    // Flagged for supervision, and back from supervision with a shared record since the last meeting.
    const previous = sinceDay((cachedStatement(caps.db, 'SELECT max(date) AS date FROM meetings WHERE team_id = ? AND date < ? AND id != ?').get(input.teamId, input.date, id) as { date: string | null }).date);
    const flagged = cachedStatement(
      caps.db,
        `SELECT id FROM cases WHERE team_id = ? AND status = 'active' AND (supervision_flag_at IS NOT NULL
           OR id IN (SELECT case_id FROM supervision_records WHERE case_id IS NOT NULL AND shared_at >= ?)) ORDER BY code`,
      )
      .all(input.teamId, previous) as { id: string }[];
    const insert = cachedStatement(caps.db, 'INSERT INTO agenda_items (id, meeting_id, position, kind, case_id) VALUES (?, ?, ?, ?, ?)');
    const seen = new Set<string>();
    let position = 0;
    for (const [kind, caseId] of [...followUps.map((f) => ['follow-up', f.case_id] as const), ...checkins.map((f) => ['follow-up', f.case_id] as const), ...flagged.map((f) => ['supervision', f.id] as const)]) {
      if (seen.has(caseId)) continue;
      seen.add(caseId);
      insert.run(randomUUID(), id, ++position, kind, caseId);
    }
    caps.audit.record('meeting.created', { meetingId: id, teamId: input.teamId, followUps: followUps.length });
  })();
  return getMeeting(caps, id, { audit: false });
}

/** Actions by a fixed condition of this file (`where` is a literal, never input). */
function actionsWhere(caps: ReadCaps, where: 'a.id = ?' | 'a.case_item_id = ?', ...params: string[]): ActionView[] {
  const rows = cachedStatement(caps.db, `SELECT ${ACTION_COLUMNS} FROM actions a LEFT JOIN members rm ON rm.id = a.responsible_member_id WHERE ${where} ORDER BY a.due_date, a.rowid`).all(...params) as ActionRow[];
  return rows.map(actionView);
}

/**
 * Before a consent case's item opens, the chair is warned when the consent has expired, was
 * withdrawn, or does not cover an organisation present (members present and guests). `consents`
 * are the case's receiving consents, `present` the organisations present at the meeting.
 */
function consentWarning(
  meeting: MeetingRow,
  access: CaseAccessRow,
  owner: string | null,
  consents: readonly ReceivingConsent[],
  present: readonly { id: string; name: string }[],
): { warning: AgendaItemView['consentWarning']; uncovered: string[] } {
  if (access.consent_mode !== 'consent') return { warning: null, uncovered: [] };
  const date = meeting.date;
  const valid = (c: ReceivingConsent): boolean => validOn(c, date);
  const covered = (organisationId: string): boolean =>
    organisationId === access.raised_by_organisation_id || organisationId === owner || consents.some((c) => c.organisation_id === organisationId && valid(c));
  const uncovered = present.filter((org) => !covered(org.id)).map((org) => org.name);
  if (consents.length > 0 && !consents.some(valid)) return { warning: consents.some((c) => c.withdrawn_on !== null && c.withdrawn_on <= date) ? 'withdrawn' : 'expired', uncovered };
  return { warning: uncovered.length > 0 ? 'not-covering-present' : null, uncovered };
}

/**
 * From a meeting's day (a Stockholm date) to the stored instants: the instant that day began, so
 * a record shared at 00:30 Swedish time belongs to that day ('' when there was no meeting: all).
 */
function sinceDay(date: string | null): string {
  return date ? stockholmDayStart(date).toISOString() : '';
}

const ACTION_COLUMNS = 'a.id, a.case_id, a.text, a.responsible_member_id, rm.display_name AS responsible_name, a.due_date, a.done_at';
/** The same for an övrig punkt's action (`other_item_actions a`): no case. */
const TEAM_ACTION_COLUMNS = 'a.id, NULL AS case_id, a.text, a.responsible_member_id, rm.display_name AS responsible_name, a.due_date, a.done_at';
type ActionRow = { id: string; case_id: string | null; text: string; responsible_member_id: string | null; responsible_name: string | null; due_date: string; done_at: string | null };
const actionView = (row: ActionRow): ActionView => ({
  id: row.id,
  caseId: row.case_id,
  text: row.text,
  responsibleMemberId: row.responsible_member_id,
  responsibleName: row.responsible_name,
  dueDate: row.due_date,
  done: row.done_at !== null,
});

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

type MeetingHead = MeetingRow & { chair_name: string | null; note_taker_name: string | null; team_actions_due?: string };

/** The meeting's row with its chair's and note-taker's names; opening it (`withTeamActions`) also its follow-up list of the team's actions. */
function meetingHead(caps: ReadCaps, meetingId: string, withTeamActions = false): MeetingHead {
  const row = cachedStatement(
    caps.db,
    `SELECT m.id, m.team_id, t.name AS team_name, m.date, m.time, m.chair_member_id, ch.display_name AS chair_name, m.note_taker_member_id, nt.display_name AS note_taker_name,
            m.status, m.minutes_sha256, m.auto_lock_minutes${withTeamActions ? `, ${TEAM_ACTIONS_DUE} AS team_actions_due` : ''}
     FROM meetings m JOIN teams t ON t.id = m.team_id LEFT JOIN members ch ON ch.id = m.chair_member_id LEFT JOIN members nt ON nt.id = m.note_taker_member_id WHERE m.id = ?`,
  ).get(meetingId) as MeetingHead | undefined;
  if (!row) throw new AppError('not_found', 'No such meeting');
  return row;
}

/** The reader's role decides who sees consent warnings (the chair and note-taker, by their role). */
function editsTeam(context: AccessContext, teamId: string): boolean {
  const role = context.activeRoles.get(teamId);
  return role === 'chair' || role === 'note-taker';
}

interface ItemRow {
  id: string;
  position: number;
  kind: AgendaItemView['kind'];
  case_id: string | null;
  title: string;
  code: string | null;
  case_team_id: string | null;
  consent_mode: 'anonymous' | 'consent' | null;
  raised_by_organisation_id: string | null;
  owner_organisation_id: string | null;
}

const ITEM_COLUMNS = `SELECT a.id, a.position, a.kind, a.case_id, a.title, c.code, c.team_id AS case_team_id, c.consent_mode, c.raised_by_organisation_id, om.organisation_id AS owner_organisation_id
     FROM agenda_items a LEFT JOIN cases c ON c.id = a.case_id LEFT JOIN members om ON om.id = c.owner_member_id`;

/** The meeting's items in order, or only the one item `itemId` (one query either way). */
function itemRows(caps: ReadCaps, meetingId: string, itemId: string | null): ItemRow[] {
  return (
    itemId === null
      ? cachedStatement(caps.db, `${ITEM_COLUMNS} WHERE a.meeting_id = ? ORDER BY a.position`).all(meetingId)
      : cachedStatement(caps.db, `${ITEM_COLUMNS} WHERE a.id = ? AND a.meeting_id = ?`).all(itemId, meetingId)
  ) as ItemRow[];
}

/** An "övrig punkt"'s committed discussion. */
type OtherRow = { id: string; agenda_item_id: string; notes: string; decisions: string; committed_at: string; guard_reason: string | null };

type ItemAccess = Map<string, { row: CaseAccessRow & { code: string }; owner: string | null; reason: AgendaItemView['unreadableReason'] }>;

/**
 * Who may read which item, the rule once per case: the items' cases' receiving consents in one
 * query, then `reasonFor` with the reader's access context.
 */
function itemAccess(caps: ReadCaps, context: AccessContext, items: readonly ItemRow[]): { access: ItemAccess; consents: Map<string, (ReceivingConsent & { case_id: string })[]> } {
  const caseIds = items.flatMap((item) => (item.case_id ? [item.case_id] : []));
  const consents = groupBy(
    caseIds.length === 0
      ? []
      : (cachedStatement(
          caps.db,
          "SELECT k.case_id, k.organisation_id, k.valid_from, k.valid_to, k.withdrawn_on FROM case_consents k WHERE k.direction IN ('receive', 'both') AND k.case_id IN (SELECT value FROM json_each(?)) ORDER BY k.rowid",
        ).all(JSON.stringify(caseIds)) as (ReceivingConsent & { case_id: string })[]),
    (c) => c.case_id,
  );
  const access: ItemAccess = new Map();
  for (const item of items) {
    if (!item.case_id) continue;
    if (item.code === null || item.case_team_id === null || item.consent_mode === null || item.raised_by_organisation_id === null) throw new AppError('not_found', 'No such case');
    const caseRow = { id: item.case_id, team_id: item.case_team_id, consent_mode: item.consent_mode, raised_by_organisation_id: item.raised_by_organisation_id, code: item.code };
    const reason = reasonFor({ inTeam: context.readTeams.has(caseRow.team_id), organisationId: context.organisationId, date: context.date }, caseRow, item.owner_organisation_id, consents.get(item.case_id) ?? []);
    access.set(item.case_id, { row: caseRow, owner: item.owner_organisation_id, reason });
  }
  return { access, consents };
}

/** The organisations present (members present and guests), for the chair's consent warnings. */
function presentOrganisations(caps: ReadCaps, meetingId: string): { id: string; name: string }[] {
  return cachedStatement(
    caps.db,
    `SELECT DISTINCT o.id, o.name FROM meeting_attendance ma JOIN members m ON m.id = ma.member_id JOIN organisations o ON o.id = m.organisation_id
      WHERE ma.meeting_id = ? AND ma.status = 'present'
     UNION SELECT DISTINCT o.id, o.name FROM meeting_guests g JOIN organisations o ON o.id = g.organisation_id WHERE g.meeting_id = ?`,
  ).all(meetingId, meetingId) as { id: string; name: string }[];
}

/**
 * The agenda as this reader may see it — every item, or only `itemId` (a change's answer). A fixed
 * number of queries however long the agenda (issue 16): the items, their cases' consents, then
 * the discussions, actions, due actions and supervision records of the readable cases, one query
 * each, grouped here. Text of a case the reader may not read is never loaded (the readable case
 * ids are bound into the queries that read text).
 */
function agendaViews(caps: ReadCaps, context: AccessContext, row: MeetingRow, itemId: string | null): AgendaItemView[] {
  const db = caps.db;
  const canEdit = editsTeam(context, row.team_id);
  const items = itemRows(caps, row.id, itemId);
  const { access, consents } = itemAccess(caps, context, items);
  const readable = [...access].filter(([, a]) => a.reason === null).map(([caseId]) => caseId);
  const readableOfKind = (kind: AgendaItemView['kind']) => JSON.stringify(items.filter((i) => i.kind === kind && i.case_id && access.get(i.case_id)?.reason === null).map((i) => i.case_id));
  const readableJson = JSON.stringify(readable);

  const committed =
    readable.length === 0
      ? new Map<string, { id: string; agenda_item_id: string; notes: string; decisions: string; next_follow_up: string | null; committed_at: string; guard_reason: string | null }>()
      : new Map(
          (
            cachedStatement(
              db,
              'SELECT ci.id, ci.agenda_item_id, ci.notes, ci.decisions, ci.next_follow_up, ci.committed_at, ci.guard_reason FROM case_items ci WHERE ci.meeting_id = ? AND ci.case_id IN (SELECT value FROM json_each(?))',
            ).all(row.id, readableJson) as { id: string; agenda_item_id: string; notes: string; decisions: string; next_follow_up: string | null; committed_at: string; guard_reason: string | null }[]
          ).map((ci) => [ci.agenda_item_id, ci]),
        );
  const actions =
    committed.size === 0
      ? new Map<string, (ActionRow & { case_item_id: string })[]>()
      : groupBy(
          cachedStatement(
            db,
            `SELECT a.case_item_id, ${ACTION_COLUMNS} FROM case_items ci JOIN actions a ON a.case_item_id = ci.id LEFT JOIN members rm ON rm.id = a.responsible_member_id
             WHERE ci.meeting_id = ? AND ci.case_id IN (SELECT value FROM json_each(?)) ORDER BY a.due_date, a.rowid`,
          ).all(row.id, readableJson) as (ActionRow & { case_item_id: string })[],
          (a) => a.case_item_id,
        );
  const followUps = readableOfKind('follow-up');
  const dueActions =
    followUps === '[]'
      ? new Map<string, ActionRow[]>()
      : groupBy(
          cachedStatement(
            db,
            `SELECT ${ACTION_COLUMNS} FROM actions a LEFT JOIN members rm ON rm.id = a.responsible_member_id
             WHERE a.case_id IN (SELECT value FROM json_each(?)) AND a.done_at IS NULL AND a.due_date <= ? ORDER BY a.due_date, a.rowid`,
          ).all(followUps, row.date) as ActionRow[],
          (a) => a.case_id,
        );
  // Check-ins after exit due by the meeting's day, for its readable cases (issue 20): an open meeting only
  // (finalised minutes do not follow the case's later state). One query on case_checkins_case.
  const checkinsDue =
    readable.length === 0 || row.status !== 'open'
      ? new Map<string, { id: string; case_id: string; months: number; due_on: string }[]>()
      : groupBy(
          cachedStatement(
            db,
            `SELECT k.id, k.case_id, k.months, k.due_on FROM case_checkins k JOIN cases c ON c.id = k.case_id
             WHERE k.case_id IN (SELECT value FROM json_each(?)) AND c.phase = 'uppfoljning' AND k.done_on IS NULL AND k.cancelled_on IS NULL AND k.due_on <= ? ORDER BY k.due_on, k.months`,
          ).all(readableJson, row.date) as { id: string; case_id: string; months: number; due_on: string }[],
          (k) => k.case_id,
        );
  // The newest record the psychologist shared about each case since the team's previous meeting.
  const supervised = readableOfKind('supervision');
  const records = new Map<string, NonNullable<AgendaItemView['supervisionRecord']>>();
  if (supervised !== '[]') {
    const previous = sinceDay((cachedStatement(db, 'SELECT max(date) AS date FROM meetings WHERE team_id = ? AND date < ?').get(row.team_id, row.date) as { date: string | null }).date);
    const shared = cachedStatement(
      db,
      'SELECT case_id, summary, approach, actions, shared_at FROM supervision_records WHERE case_id IN (SELECT value FROM json_each(?)) AND shared_at >= ? ORDER BY shared_at DESC',
    ).all(supervised, previous) as { case_id: string; summary: string; approach: string; actions: string; shared_at: string }[];
    for (const record of shared) {
      if (!records.has(record.case_id)) records.set(record.case_id, { summary: record.summary, approach: record.approach, actions: JSON.parse(record.actions) as string[], sharedAt: record.shared_at });
    }
  }
  // The "övriga punkter"'s discussions, each with its actions (issue 20): the team's, every member
  // reads them. One query: a discussion's row once per action (once, without one, when it has none).
  const others = new Map<string, OtherRow>();
  const otherActions = new Map<string, ActionRow[]>();
  if (items.some((i) => !i.case_id)) {
    const rows = cachedStatement(
      db,
      `SELECT o.id AS other_id, o.agenda_item_id, o.notes, o.decisions, o.committed_at, o.guard_reason, a.id, NULL AS case_id, a.text, a.responsible_member_id, rm.display_name AS responsible_name, a.due_date, a.done_at
       FROM other_items o LEFT JOIN other_item_actions a ON a.other_item_id = o.id LEFT JOIN members rm ON rm.id = a.responsible_member_id
       WHERE o.meeting_id = ? ORDER BY a.due_date, a.rowid`,
    ).all(row.id) as (Omit<OtherRow, 'id'> & { other_id: string } & { [K in keyof ActionRow]: ActionRow[K] | null })[];
    for (const r of rows) {
      others.set(r.agenda_item_id, { id: r.other_id, agenda_item_id: r.agenda_item_id, notes: r.notes, decisions: r.decisions, committed_at: r.committed_at, guard_reason: r.guard_reason });
      if (r.id === null || r.text === null || r.due_date === null) continue;
      const action: ActionRow = { id: r.id, case_id: null, text: r.text, responsible_member_id: r.responsible_member_id, responsible_name: r.responsible_name, due_date: r.due_date, done_at: r.done_at };
      const list = otherActions.get(r.other_id);
      if (list) list.push(action);
      else otherActions.set(r.other_id, [action]);
    }
  }
  const warned = canEdit && items.some((i) => i.case_id && i.consent_mode === 'consent' && access.get(i.case_id)?.reason === null);
  const present = warned ? presentOrganisations(caps, row.id) : [];

  return items.map((item): AgendaItemView => {
    const itemAccess = item.case_id ? access.get(item.case_id) : undefined;
    if (!item.case_id || !itemAccess) {
      const other = others.get(item.id);
      const discussion = other
        ? {
            id: other.id,
            notes: other.notes,
            decisions: other.decisions,
            nextFollowUp: null,
            committedAt: other.committed_at,
            guardOverridden: other.guard_reason !== null,
            actions: (otherActions.get(other.id) ?? []).map(actionView),
          }
        : null;
      return { id: item.id, position: item.position, kind: item.kind, title: item.title, caseId: null, caseCode: null, readable: true, unreadableReason: null, consentWarning: null, uncoveredOrganisations: [], item: discussion, dueActions: [], supervisionRecord: null };
    }
    const reason = itemAccess.reason;
    const warning = reason === null && canEdit ? consentWarning(row, itemAccess.row, itemAccess.owner, consents.get(item.case_id) ?? [], present) : { warning: null, uncovered: [] };
    const discussion = reason === null ? committed.get(item.id) : undefined;
    return {
      id: item.id,
      position: item.position,
      kind: item.kind,
      title: item.title,
      caseId: item.case_id,
      caseCode: itemAccess.row.code,
      readable: reason === null,
      unreadableReason: reason,
      consentWarning: warning.warning,
      uncoveredOrganisations: warning.uncovered,
      item: discussion
        ? {
            id: discussion.id,
            notes: discussion.notes,
            decisions: discussion.decisions,
            nextFollowUp: discussion.next_follow_up,
            committedAt: discussion.committed_at,
            guardOverridden: discussion.guard_reason !== null,
            actions: (actions.get(discussion.id) ?? []).map(actionView),
          }
        : null,
      dueActions: reason === null && item.kind === 'follow-up' ? (dueActions.get(item.case_id) ?? []).map(actionView) : [],
      supervisionRecord: reason === null && item.kind === 'supervision' ? (records.get(item.case_id) ?? null) : null,
      // On the case's follow-up or discussion, not under the psychologist's supervision record.
      ...(reason === null && item.kind !== 'supervision' && checkinsDue.has(item.case_id) ? { checkinsDue: (checkinsDue.get(item.case_id) ?? []).map((k) => ({ id: k.id, months: k.months, dueOn: k.due_on })) } : {}),
    };
  });
}

/**
 * The chair's consent warnings for every consent case on the agenda the editor may read, as they
 * are now: who is present changed (attendance, a guest). The reader's roles, then three queries:
 * the consent items, their consents, the organisations present.
 * Empty for a reader who sees no warnings (not the chair or note-taker).
 */
function consentWarnings(caps: ReadCaps, row: MeetingRow): ItemConsentWarning[] {
  const context = caps.access;
  if (!editsTeam(context, row.team_id)) return [];
  const items = itemRows(caps, row.id, null).filter((item) => item.consent_mode === 'consent');
  if (items.length === 0) return [];
  const { access, consents } = itemAccess(caps, context, items);
  const present = presentOrganisations(caps, row.id);
  return items.flatMap((item) => {
    const a = item.case_id ? access.get(item.case_id) : undefined;
    if (!item.case_id || !a || a.reason !== null) return [];
    const { warning, uncovered } = consentWarning(row, a.row, a.owner, consents.get(item.case_id) ?? [], present);
    return [{ agendaItemId: item.id, consentWarning: warning, uncoveredOrganisations: uncovered }];
  });
}

/**
 * The team's open actions from övriga punkter of its earlier meetings, due by the meeting `m`'s day
 * (issue 20): the meeting's follow-up list, by due date, as JSON — an empty list on finalised
 * minutes. A correlated subquery through the team's open actions by due date (migration 023's
 * partial index: never another team's, never a done one), so opening a meeting reads it with the
 * meeting's own row (no statement more). Every member of the team reads them (they are about no
 * case). Earlier meetings only (review): a later meeting's actions are not yet to be followed up.
 */
const TEAM_ACTIONS_DUE = `(SELECT json_group_array(json_object('id', a.id, 'text', a.text, 'responsibleMemberId', a.responsible_member_id, 'responsibleName', rm.display_name,
         'dueDate', a.due_date, 'meetingId', a.meeting_id, 'meetingDate', am.date, 'itemTitle', ai.title) ORDER BY a.due_date, am.date, a.rowid)
       FROM other_item_actions a JOIN meetings am ON am.id = a.meeting_id JOIN other_items oi ON oi.id = a.other_item_id JOIN agenda_items ai ON ai.id = oi.agenda_item_id
       LEFT JOIN members rm ON rm.id = a.responsible_member_id
       WHERE m.status = 'open' AND a.team_id = m.team_id AND a.done_at IS NULL AND a.due_date <= m.date
         AND (am.date < m.date OR (am.date = m.date AND (am.time < m.time OR (am.time = m.time AND am.id < m.id)))))`;

/** The list `TEAM_ACTIONS_DUE` reads: open actions (not done) of no case. */
function teamActionsOf(json: string): TeamActionDue[] {
  const rows = JSON.parse(json) as { id: string; text: string; responsibleMemberId: string | null; responsibleName: string | null; dueDate: string; meetingId: string; meetingDate: string; itemTitle: string }[];
  return rows.map((r) => ({
    id: r.id,
    caseId: null,
    text: r.text,
    responsibleMemberId: r.responsibleMemberId,
    responsibleName: r.responsibleName,
    dueDate: r.dueDate,
    done: false,
    meetingId: r.meetingId,
    meetingDate: r.meetingDate,
    itemTitle: r.itemTitle,
  }));
}

/** The follow-up list of the meeting, on its own (a change's answer). */
function teamActionsDue(caps: ReadCaps, meetingId: string): TeamActionDue[] {
  const row = cachedStatement(caps.db, `SELECT ${TEAM_ACTIONS_DUE} AS due FROM meetings m WHERE m.id = ?`).get(meetingId) as { due: string } | undefined;
  return row ? teamActionsOf(row.due) : [];
}

/** One item of the meeting as this reader sees it now (a change's answer). */
function agendaItemView(caps: ReadCaps, row: MeetingRow, itemId: string): AgendaItemView {
  const [view] = agendaViews(caps, caps.access, row, itemId);
  if (!view) throw new AppError('not_found', 'No such agenda item');
  return view;
}

const ATTENDANCE_COLUMNS = `SELECT ma.member_id, m.display_name, o.name AS organisation_name, ma.status, m.active_to FROM meeting_attendance ma
     JOIN members m ON m.id = ma.member_id JOIN organisations o ON o.id = m.organisation_id`;
type AttendanceRow = { member_id: string; display_name: string; organisation_name: string; status: 'present' | 'absent' | 'excused'; active_to: string | null };
const attendee = (a: AttendanceRow): Attendee => ({ memberId: a.member_id, name: a.display_name, organisationName: a.organisation_name, status: a.status, leftSince: a.active_to });
const GUEST_COLUMNS = 'SELECT g.id, g.name, g.organisation_id, o.name AS organisation_name FROM meeting_guests g JOIN organisations o ON o.id = g.organisation_id';
type GuestRow = { id: string; name: string; organisation_id: string; organisation_name: string };
const guestView = (g: GuestRow): Guest => ({ id: g.id, name: g.name, organisationId: g.organisation_id, organisationName: g.organisation_name });
const ADDENDUM_COLUMNS = 'SELECT id, case_item_id, kind, text, reason, created_at FROM meeting_addenda';
type AddendumRow = { id: string; case_item_id: string | null; kind: 'addendum' | 'marked-wrong'; text: string; reason: string; created_at: string };
const addendumView = (a: AddendumRow): Addendum => ({ id: a.id, caseItemId: a.case_item_id, kind: a.kind, text: a.text, reason: a.reason, createdAt: a.created_at });

/**
 * The meeting as this reader may see it: items they may not read show only their case code.
 * A fixed number of queries, however long the agenda (issue 16): the reader's access once, the
 * meeting (with, when open, the team's actions to follow up: `TEAM_ACTIONS_DUE`, issue 20),
 * attendance, guests, the agenda (`agendaViews`), addenda.
 *
 * Audited as a read ('meeting.read') when the meeting is opened (`meetings:get`). Changes answer
 * only what they changed (`MeetingChange`) and write their own row naming the meeting; the
 * minutes PDF (`audit: false`) is audited once its file is written.
 */
export function getMeeting(caps: ReadCaps, meetingId: string, options: { audit?: boolean } = {}): MeetingView {
  const context = caps.access;
  const db = caps.db;
  const row = meetingHead(caps, meetingId, true);
  if (!context.readTeams.has(row.team_id)) throw new AppError('forbidden', "Only the team's members see its meetings", { reason: 'not_team_member' });
  const role = context.activeRoles.get(row.team_id);
  const canEdit = editsTeam(context, row.team_id);
  const canFinalise = role === 'chair';

  const attendance = cachedStatement(db, `${ATTENDANCE_COLUMNS} WHERE ma.meeting_id = ? ORDER BY m.display_name COLLATE NOCASE`).all(meetingId) as AttendanceRow[];
  const guests = cachedStatement(db, `${GUEST_COLUMNS} WHERE g.meeting_id = ? ORDER BY g.rowid`).all(meetingId) as GuestRow[];
  const agenda = agendaViews(caps, context, row, null);
  const addenda = cachedStatement(db, `${ADDENDUM_COLUMNS} WHERE meeting_id = ? ORDER BY created_at`).all(meetingId) as AddendumRow[];
  // Addenda about an item follow the item's read rule.
  const readableItems = new Set(agenda.filter((a) => a.item).map((a) => a.item?.id));
  const readCodes = agenda.filter((a) => a.readable && a.caseCode).map((a) => a.caseCode).join(',');
  const teamActions = teamActionsOf(row.team_actions_due ?? '[]');
  if (options.audit !== false) caps.audit.record('meeting.read', { meetingId, cases: readCodes });
  return {
    id: row.id,
    teamId: row.team_id,
    teamName: row.team_name,
    date: row.date,
    time: row.time,
    week: weekOf(row.date),
    status: row.status,
    items: agenda.length,
    chair: row.chair_member_id && row.chair_name !== null ? { id: row.chair_member_id, name: row.chair_name } : null,
    noteTaker: row.note_taker_member_id && row.note_taker_name !== null ? { id: row.note_taker_member_id, name: row.note_taker_name } : null,
    attendance: attendance.map(attendee),
    guests: guests.map(guestView),
    agenda,
    addenda: addenda.filter((a) => a.case_item_id === null || readableItems.has(a.case_item_id)).map(addendumView),
    canEdit: canEdit && row.status === 'open',
    canFinalise: canFinalise && row.status === 'open',
    minutesSha256: row.minutes_sha256,
    autoLockMinutes: row.auto_lock_minutes,
    staffNames: meetingStaffNames(caps, row.id),
    gallring: row.status === 'finalised' ? gallradEntries(caps, row.id) : [],
    justering: row.status === 'finalised' ? justeringOf(caps, row.id) : null,
    ...(teamActions.length > 0 ? { teamActionsDue: teamActions } : {}),
  };
}

/** What early gallrings emptied in these finalised minutes (recorded in the minutes themselves). */
function gallradEntries(caps: ReadCaps, meetingId: string): { caseCode: string; decisionReference: string; decisionDate: string }[] {
  return cachedStatement(
      caps.db,
      `SELECT json_extract(value, '$.caseCode') AS caseCode, json_extract(value, '$.decisionReference') AS decisionReference, json_extract(value, '$.decisionDate') AS decisionDate
       FROM meetings, json_each(coalesce(json_extract(minutes_json, '$.gallring'), '[]')) WHERE meetings.id = ?`,
    )
    .all(meetingId) as { caseCode: string; decisionReference: string; decisionDate: string }[];
}

// Changes answer only what they changed (`MeetingChange`, merged by the page with
// `applyMeetingChange`), read after their transaction; none is logged as a read.

export function setAttendance(caps: WriteCaps, input: In<typeof SetAttendanceInput>): Out<typeof AttendanceChanged> {
  const { row } = editableMeeting(caps, input.meetingId);
  caps.db.transaction(() => {
    const result = cachedStatement(caps.db, 'UPDATE meeting_attendance SET status = ? WHERE meeting_id = ? AND member_id = ?').run(input.status, input.meetingId, input.memberId);
    if (result.changes === 0) throw new AppError('not_found', 'That member is not on this meeting’s roster');
    caps.audit.record('meeting.attendance', { meetingId: input.meetingId, memberId: input.memberId, status: input.status });
  })();
  const changed = cachedStatement(caps.db, `${ATTENDANCE_COLUMNS} WHERE ma.meeting_id = ? AND ma.member_id = ?`).get(input.meetingId, input.memberId) as AttendanceRow | undefined;
  if (!changed) throw new AppError('not_found', 'That member is not on this meeting’s roster');
  return { change: 'attendance', meetingId: row.id, attendee: attendee(changed), consentWarnings: consentWarnings(caps, row), staffNames: meetingStaffNames(caps, row.id) };
}

export function addGuest(caps: WriteCaps, input: In<typeof AddGuestInput>): Out<typeof GuestAdded> {
  const { row } = editableMeeting(caps, input.meetingId);
  if (!cachedStatement(caps.db, 'SELECT 1 FROM organisations WHERE id = ?').get(input.organisationId)) throw new AppError('not_found', 'No such organisation');
  const id = randomUUID();
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'INSERT INTO meeting_guests (id, meeting_id, name, organisation_id) VALUES (?, ?, ?, ?)').run(id, input.meetingId, input.name, input.organisationId);
    caps.audit.record('meeting.guest-added', { meetingId: input.meetingId, organisationId: input.organisationId });
  })();
  const guest = cachedStatement(caps.db, `${GUEST_COLUMNS} WHERE g.id = ?`).get(id) as GuestRow | undefined;
  if (!guest) throw new AppError('not_found', 'No such guest');
  return { change: 'guest-added', meetingId: row.id, guest: guestView(guest), consentWarnings: consentWarnings(caps, row), staffNames: meetingStaffNames(caps, row.id) };
}

export function removeGuest(caps: WriteCaps, guestId: string): Out<typeof GuestRemoved> {
  const guest = cachedStatement(caps.db, 'SELECT meeting_id FROM meeting_guests WHERE id = ?').get(guestId) as { meeting_id: string } | undefined;
  if (!guest) throw new AppError('not_found', 'No such guest');
  const { row } = editableMeeting(caps, guest.meeting_id);
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'DELETE FROM meeting_guests WHERE id = ?').run(guestId);
    caps.audit.record('meeting.guest-removed', { meetingId: guest.meeting_id });
  })();
  return { change: 'guest-removed', meetingId: row.id, guestId, consentWarnings: consentWarnings(caps, row), staffNames: meetingStaffNames(caps, row.id) };
}

// ---------------------------------------------------------------------------------------------
// Agenda

export function addAgendaItem(caps: WriteCaps, input: In<typeof AddAgendaItemInput>): Out<typeof AgendaItemAdded> {
  const { row } = editableMeeting(caps, input.meetingId);
  // A free-text point is shown to every member and on the projector: no identifiers in it.
  if (input.title && blockingHits(scanText(input.title, guardOptions(caps))).length > 0) throw new AppError('invalid_input', 'The title must not identify anyone', { reason: 'identifiers_in_text' });
  if (input.title && CASE_CODE.test(input.title)) throw new AppError('invalid_input', 'An övrig punkt names no case', { reason: 'case_code_in_other_item', field: 'title' });
  if (input.caseId) {
    const access = caseAccessRow(caps, input.caseId);
    if (access.team_id !== row.team_id) throw new AppError('invalid_input', 'The case belongs to another team', { reason: 'case_other_team', field: 'caseId' });
    if (cachedStatement(caps.db, 'SELECT 1 FROM agenda_items WHERE meeting_id = ? AND case_id = ?').get(input.meetingId, input.caseId)) throw new AppError('conflict', 'The case is already on the agenda', { reason: 'already_done' });
  }
  const id = randomUUID();
  caps.db.transaction(() => {
    const position = (cachedStatement(caps.db, 'SELECT coalesce(max(position), 0) + 1 AS next FROM agenda_items WHERE meeting_id = ?').get(input.meetingId) as { next: number }).next;
    cachedStatement(caps.db, 'INSERT INTO agenda_items (id, meeting_id, position, kind, case_id, title) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      input.meetingId,
      position,
      input.caseId ? 'case' : 'other',
      input.caseId ?? null,
      input.title ?? '',
    );
    caps.audit.record('meeting.agenda-added', { meetingId: input.meetingId }, input.caseId ? caseAccessRow(caps, input.caseId).code : undefined);
  })();
  return { change: 'agenda-item-added', meetingId: row.id, item: agendaItemView(caps, row, id) };
}

/** The new order, as the full list of the meeting's item ids (drag and drop or keyboard). */
export function reorderAgenda(caps: WriteCaps, input: In<typeof ReorderAgendaInput>): Out<typeof AgendaReordered> {
  const { row } = editableMeeting(caps, input.meetingId);
  // A list made from a page that another window changed since (an item added or removed) is refused.
  const current = (cachedStatement(caps.db, 'SELECT id FROM agenda_items WHERE meeting_id = ?').all(input.meetingId) as { id: string }[]).map((r) => r.id).sort();
  if (new Set(input.itemIds).size !== input.itemIds.length || [...input.itemIds].sort().join() !== current.join()) throw new AppError('invalid_input', "The new order must list each of the meeting's items once", { reason: 'agenda_changed' });
  caps.db.transaction(() => {
    const update = cachedStatement(caps.db, 'UPDATE agenda_items SET position = ? WHERE id = ?');
    input.itemIds.forEach((id, index) => update.run(index + 1, id));
    caps.audit.record('meeting.agenda-reordered', { meetingId: input.meetingId });
  })();
  const order = (cachedStatement(caps.db, 'SELECT id FROM agenda_items WHERE meeting_id = ? ORDER BY position').all(input.meetingId) as { id: string }[]).map((r) => r.id);
  return { change: 'agenda-reordered', meetingId: row.id, order };
}

function agendaItemRow(caps: ReadCaps, agendaItemId: string): { id: string; meeting_id: string; case_id: string | null; kind: string } {
  const row = cachedStatement(caps.db, 'SELECT id, meeting_id, case_id, kind FROM agenda_items WHERE id = ?').get(agendaItemId) as { id: string; meeting_id: string; case_id: string | null; kind: string } | undefined;
  if (!row) throw new AppError('not_found', 'No such agenda item');
  return row;
}

export function removeAgendaItem(caps: WriteCaps, agendaItemId: string): Out<typeof AgendaItemRemoved> {
  const item = agendaItemRow(caps, agendaItemId);
  const { row } = editableMeeting(caps, item.meeting_id);
  if (cachedStatement(caps.db, 'SELECT 1 FROM case_items WHERE agenda_item_id = ? UNION ALL SELECT 1 FROM other_items WHERE agenda_item_id = ?').get(agendaItemId, agendaItemId)) throw new AppError('conflict', 'The item has been discussed and committed; it stays', { reason: 'item_committed' });
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'DELETE FROM item_drafts WHERE agenda_item_id = ?').run(agendaItemId);
    cachedStatement(caps.db, 'DELETE FROM agenda_items WHERE id = ?').run(agendaItemId);
    caps.audit.record('meeting.agenda-removed', { meetingId: item.meeting_id });
  })();
  return { change: 'agenda-item-removed', meetingId: row.id, agendaItemId };
}

// ---------------------------------------------------------------------------------------------
// Drafts and committing an item

/**
 * The agenda item, for an editor on an open meeting: a case item's case the editor may read, or an
 * "övrig punkt" (no case: `code` undefined), which every editor of the team may minute.
 */
function editableItem(caps: ReadCaps, agendaItemId: string): { item: ReturnType<typeof agendaItemRow>; meeting: MeetingRow; code: string | undefined; actor: Actor } {
  const item = agendaItemRow(caps, agendaItemId);
  const { row: meeting, actor } = editableMeeting(caps, item.meeting_id);
  if (!item.case_id) return { item, meeting, code: undefined, actor };
  const access = caseAccessRow(caps, item.case_id);
  if (unreadableFor(caps, access) !== null) throw new AppError('forbidden', 'The consent does not cover your organisation today', { reason: 'consent_not_covering' });
  return { item, meeting, code: access.code, actor };
}

/**
 * Typing, saved within a second: the author's own draft, in the encrypted database, never
 * indexed and not gated by the guard. Only its author ever reads it back.
 */
export function saveDraft(caps: WriteCaps, input: In<typeof SaveDraftInput>): { savedAt: string } {
  const { actor } = editableItem(caps, input.agendaItemId);
  const savedAt = caps.clock.now().toISOString();
  cachedStatement(caps.db, 'INSERT INTO item_drafts (account_id, agenda_item_id, body, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT(account_id, agenda_item_id) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at')
    .run(actor.accountId, input.agendaItemId, JSON.stringify(input.body), savedAt);
  return { savedAt };
}

export function getDraft(caps: ReadCaps, agendaItemId: string): { body: ItemBody; savedAt: string } | null {
  const actor = caps.access.actor;
  // A draft is case content: its author reads it back only while they may read the case.
  const item = agendaItemRow(caps, agendaItemId);
  const meeting = getMeetingRow(caps, item.meeting_id);
  if (meeting.status === 'finalised') return null;
  // An "övrig punkt" is the team's: its author reads the draft back while a member of the team.
  if (!item.case_id) {
    if (!mayReadTeamRecords(caps.access, meeting.team_id)) throw new AppError('forbidden', "Only the team's members see its meetings", { reason: 'not_team_member' });
  } else if (unreadableFor(caps, caseAccessRow(caps, item.case_id)) !== null) throw new AppError('forbidden', 'You may no longer read this case', { reason: 'consent_not_covering' });
  const row = cachedStatement(caps.db, 'SELECT body, saved_at FROM item_drafts WHERE account_id = ? AND agenda_item_id = ?').get(actor.accountId, agendaItemId) as { body: string; saved_at: string } | undefined;
  return row ? { body: JSON.parse(row.body) as ItemBody, savedAt: row.saved_at } : null;
}

/** Where this author left off (their newest draft), so unlocking returns to the same item. */
export function resumePoint(caps: ReadCaps): { meetingId: string; agendaItemId: string; savedAt: string } | null {
  const context = caps.access;
  // The newest drafts with their cases, then those cases' receiving consents: two queries, however many drafts (issue 16).
  const rows = cachedStatement(
    caps.db,
    `SELECT d.agenda_item_id, a.meeting_id, a.case_id, d.saved_at, coalesce(c.team_id, m.team_id) AS team_id, c.consent_mode, c.raised_by_organisation_id, om.organisation_id AS owner_organisation_id
     FROM item_drafts d JOIN agenda_items a ON a.id = d.agenda_item_id JOIN meetings m ON m.id = a.meeting_id LEFT JOIN cases c ON c.id = a.case_id
     LEFT JOIN members om ON om.id = c.owner_member_id
     WHERE d.account_id = ? AND m.status = 'open' ORDER BY d.saved_at DESC LIMIT 20`,
  ).all(context.actor.accountId) as (CaseAccessRow & { agenda_item_id: string; meeting_id: string; case_id: string | null; saved_at: string; owner_organisation_id: string | null })[];
  const consentCases = [...new Set(rows.flatMap((r) => (r.consent_mode === 'consent' && r.case_id !== null ? [r.case_id] : [])))];
  const consents = groupBy(
    consentCases.length === 0
      ? []
      : (cachedStatement(
          caps.db,
          "SELECT k.case_id, k.organisation_id, k.valid_from, k.valid_to, k.withdrawn_on FROM case_consents k WHERE k.direction IN ('receive', 'both') AND k.case_id IN (SELECT value FROM json_each(?)) ORDER BY k.rowid",
        ).all(JSON.stringify(consentCases)) as (ReceivingConsent & { case_id: string })[]),
    (c) => c.case_id,
  );
  const reader = (teamId: string) => ({ inTeam: context.readTeams.has(teamId), organisationId: context.organisationId, date: context.date });
  // An "övrig punkt"'s draft (no case): its author returns to it while in the meeting's team.
  const row = rows.find((r) => (r.case_id === null ? context.readTeams.has(r.team_id) : reasonFor(reader(r.team_id), { ...r, id: r.case_id }, r.owner_organisation_id, consents.get(r.case_id) ?? []) === null));
  return row ? { meetingId: row.meeting_id, agendaItemId: row.agenda_item_id, savedAt: row.saved_at } : null;
}

/** A case's code (UT-2026-001, main/cases/repository.ts nextCode), in any case, anywhere in a text. */
const CASE_CODE = /\bUT-\d{4}-\d{3,}\b/i;

/** Every text of an item that the guard must read: notes, decisions, each action. */
export function itemGuardHits(body: ItemBody, options: GuardOptions = {}): GuardHit[] {
  return [body.notes, body.decisions, ...body.actions.map((action) => action.text)].flatMap((text) => scanText(text, options));
}

/**
 * Commits an item: the guard runs again here, in main, with the meeting's staff names (shown to
 * the page as staff, never blocking). A blocking hit needs a written reason, which is guarded with
 * the same options: a reason that identifies anyone is refused with `field: 'reason'`, so the page
 * marks the reason field. Audited with the kinds of hit — never the text.
 */
export function commitItem(caps: WriteCaps, input: In<typeof CommitItemInput>): Out<typeof ItemCommitted> {
  const { item, meeting, code, actor } = editableItem(caps, input.agendaItemId);
  const options: GuardOptions = { ...guardOptions(caps), staffNames: meetingStaffNames(caps, meeting.id) };
  const hits = blockingHits(itemGuardHits(input.body, options));
  const staffReplaced = [input.body.notes, input.body.decisions, ...input.body.actions.map((action) => action.text)].reduce((sum, text) => sum + staffReplacedCount(text, options), 0);
  // An övrig punkt is the whole team's and about no case: nothing ties its text to a young person's
  // records (no register extract, no gallring by case), so it keeps no identifier, reason or not.
  if (!item.case_id && hits.length > 0) throw new AppError('invalid_input', "An övrig punkt is the whole team's: remove the identifiers", { reason: 'identifiers_in_text' });
  // Nor a case's code (found in review): every member reads an övrig punkt — and its actions on the
  // next meetings' pages — while a consent case's code is shown only to those the consent covers;
  // and an early gallring of the case would leave the text behind.
  if (!item.case_id) {
    const named = (['notes', 'decisions'] as const).find((field) => CASE_CODE.test(input.body[field])) ?? (input.body.actions.some((action) => CASE_CODE.test(action.text)) ? 'actions' : null);
    if (named) throw new AppError('invalid_input', 'An övrig punkt names no case: discuss the case as a case item', { reason: 'case_code_in_other_item', field: named });
  }
  if (hits.length > 0 && !input.guardReason) throw new AppError('invalid_input', 'The text holds identifiers: remove them, or give a reason to keep them', { reason: 'identifiers_in_text' });
  if (input.guardReason && blockingHits(scanText(input.guardReason, options)).length > 0) {
    throw new AppError('invalid_input', 'The reason must not identify anyone', { field: 'reason' });
  }
  for (const action of input.body.actions) {
    if (action.responsibleMemberId && !activeMember(caps, action.responsibleMemberId, meeting.team_id, meeting.date)) throw new AppError('invalid_input', 'The person responsible must be a member of the team', { field: 'responsibleMemberId' });
  }
  const now = caps.clock.now().toISOString();
  if (!item.case_id) {
    commitOtherItem(caps, { item, meeting, actor, body: input.body, reason: hits.length > 0 ? (input.guardReason ?? null) : null, kinds: [...new Set(hits.map((hit) => hit.kind))].join(','), staffReplaced, now });
    return { change: 'item-committed', meetingId: meeting.id, item: agendaItemView(caps, meeting, item.id) };
  }
  const caseId = item.case_id;
  caps.db.transaction(() => {
    const existing = cachedStatement(caps.db, 'SELECT id FROM case_items WHERE agenda_item_id = ?').get(item.id) as { id: string } | undefined;
    const caseItemId = existing?.id ?? randomUUID();
    const reason = hits.length > 0 ? (input.guardReason ?? null) : null;
    if (existing) {
      cachedStatement(caps.db, 'UPDATE case_items SET notes = ?, decisions = ?, next_follow_up = ?, guard_reason = ?, committed_at = ?, committed_by = ? WHERE id = ?')
        .run(input.body.notes, input.body.decisions, input.body.nextFollowUp, reason, now, actor.accountId, caseItemId);
    } else {
      cachedStatement(caps.db, 'INSERT INTO case_items (id, agenda_item_id, meeting_id, case_id, notes, decisions, next_follow_up, guard_reason, committed_at, committed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(caseItemId, item.id, meeting.id, caseId, input.body.notes, input.body.decisions, input.body.nextFollowUp, reason, now, actor.accountId);
    }
    // Actions: the body is the item's list. Kept ids are updated, new ones added, dropped ones
    // removed — unless already done, which is history.
    const keep = new Set(input.body.actions.flatMap((action) => (action.id ? [action.id] : [])));
    for (const old of cachedStatement(caps.db, 'SELECT id, done_at FROM actions WHERE case_item_id = ?').all(caseItemId) as { id: string; done_at: string | null }[]) {
      if (!keep.has(old.id) && old.done_at === null) cachedStatement(caps.db, 'DELETE FROM actions WHERE id = ?').run(old.id);
    }
    for (const action of input.body.actions) {
      if (action.id) {
        // A done action is history: its text no longer changes.
        const updated = cachedStatement(caps.db, 'UPDATE actions SET text = ?, responsible_member_id = ?, due_date = ? WHERE id = ? AND case_item_id = ? AND done_at IS NULL')
          .run(action.text, action.responsibleMemberId, action.dueDate, action.id, caseItemId);
        if (updated.changes === 0) throw new AppError('conflict', 'No open action with that id on this item', { reason: 'action_closed', field: 'actions' });
      } else {
        cachedStatement(caps.db, 'INSERT INTO actions (id, case_item_id, case_id, text, responsible_member_id, due_date) VALUES (?, ?, ?, ?, ?, ?)').run(randomUUID(), caseItemId, caseId, action.text, action.responsibleMemberId, action.dueDate);
      }
    }
    // The search index holds committed text only, replaced on each commit.
    indexCaseItem(caps.db, { caseItemId, caseId, meetingId: meeting.id, text: [input.body.notes, input.body.decisions, ...input.body.actions.map((a) => a.text)].join('\n') });
    cachedStatement(caps.db, 'DELETE FROM item_drafts WHERE agenda_item_id = ? AND account_id = ?').run(item.id, actor.accountId);
    if (reason) caps.audit.record('guard.override', { kinds: [...new Set(hits.map((hit) => hit.kind))].join(','), meetingId: meeting.id }, code);
    // Names the guard would have blocked but let through as the team's own people: the count only, never the names.
    if (staffReplaced > 0) caps.audit.record('guard.staff-names', { count: staffReplaced, meetingId: meeting.id }, code);
    caps.audit.record('meeting.item-committed', { meetingId: meeting.id, actions: input.body.actions.length }, code);
  })();
  return { change: 'item-committed', meetingId: meeting.id, item: agendaItemView(caps, meeting, item.id) };
}

/**
 * An "övrig punkt"'s notes, decisions and actions (issue 20), guarded like a case item's by
 * commitItem (action texts included). Its actions are the team's own work, stored as a case item's
 * are: kept ids updated, new ones added, dropped ones removed unless already done (history). A next
 * follow-up belongs to a case, so such an item has none.
 */
function commitOtherItem(
  caps: WriteCaps,
  c: { item: { id: string }; meeting: MeetingRow; actor: Actor; body: ItemBody; reason: string | null; kinds: string; staffReplaced: number; now: string },
): void {
  if (c.body.nextFollowUp !== null) throw new AppError('invalid_input', 'A follow-up belongs to a case item', { reason: 'not_a_case_item', field: 'nextFollowUp' });
  caps.db.transaction(() => {
    const { id: otherItemId } = cachedStatement(
      caps.db,
      `INSERT INTO other_items (id, agenda_item_id, meeting_id, notes, decisions, guard_reason, committed_at, committed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(agenda_item_id) DO UPDATE SET notes = excluded.notes, decisions = excluded.decisions, guard_reason = excluded.guard_reason, committed_at = excluded.committed_at, committed_by = excluded.committed_by
       RETURNING id`,
    ).get(randomUUID(), c.item.id, c.meeting.id, c.body.notes, c.body.decisions, c.reason, c.now, c.actor.accountId) as { id: string };
    const keep = new Set(c.body.actions.flatMap((action) => (action.id ? [action.id] : [])));
    for (const old of cachedStatement(caps.db, 'SELECT id, done_at FROM other_item_actions WHERE other_item_id = ?').all(otherItemId) as { id: string; done_at: string | null }[]) {
      if (!keep.has(old.id) && old.done_at === null) cachedStatement(caps.db, 'DELETE FROM other_item_actions WHERE id = ?').run(old.id);
    }
    for (const action of c.body.actions) {
      if (action.id) {
        // A done action is history: its text no longer changes.
        const updated = cachedStatement(caps.db, 'UPDATE other_item_actions SET text = ?, responsible_member_id = ?, due_date = ? WHERE id = ? AND other_item_id = ? AND done_at IS NULL')
          .run(action.text, action.responsibleMemberId, action.dueDate, action.id, otherItemId);
        if (updated.changes === 0) throw new AppError('conflict', 'No open action with that id on this item', { reason: 'action_closed', field: 'actions' });
      } else {
        cachedStatement(caps.db, 'INSERT INTO other_item_actions (id, other_item_id, meeting_id, team_id, text, responsible_member_id, due_date) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(randomUUID(), otherItemId, c.meeting.id, c.meeting.team_id, action.text, action.responsibleMemberId, action.dueDate);
      }
    }
    cachedStatement(caps.db, 'DELETE FROM item_drafts WHERE agenda_item_id = ? AND account_id = ?').run(c.item.id, c.actor.accountId);
    if (c.reason) caps.audit.record('guard.override', { kinds: c.kinds, meetingId: c.meeting.id });
    if (c.staffReplaced > 0) caps.audit.record('guard.staff-names', { count: c.staffReplaced, meetingId: c.meeting.id });
    caps.audit.record('meeting.item-committed', { meetingId: c.meeting.id, actions: c.body.actions.length });
  })();
}

export function setActionDone(caps: WriteCaps, input: In<typeof SetActionDoneInput>): ActionView {
  const actor = caps.access.actor;
  const row = cachedStatement(caps.db, 'SELECT a.id, a.case_id, c.team_id, c.code, c.consent_mode, c.raised_by_organisation_id FROM actions a JOIN cases c ON c.id = a.case_id WHERE a.id = ?')
    .get(input.actionId) as (CaseAccessRow & { code: string; case_id: string }) | undefined;
  if (!row) throw new AppError('not_found', 'No such action');
  const access: CaseAccessRow = { id: row.case_id, team_id: row.team_id, consent_mode: row.consent_mode, raised_by_organisation_id: row.raised_by_organisation_id };
  if (!mayEditTeamRecords(caps.access, row.team_id) || unreadableFor(caps, access) !== null) throw new AppError('forbidden', "Only the team's chair or note-taker, covered by the consent, may do this", { reason: 'not_team_editor' });
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'UPDATE actions SET done_at = ?, done_by = ? WHERE id = ?').run(input.done ? caps.clock.now().toISOString() : null, input.done ? actor.accountId : null, input.actionId);
    caps.audit.record('action.done', { actionId: input.actionId, done: input.done }, row.code);
  })();
  const [view] = actionsWhere(caps, 'a.id = ?', input.actionId);
  if (!view) throw new AppError('not_found', 'No such action');
  return view;
}

/**
 * One of the team's actions (an övrig punkt's) marked done, or not done again (issue 20), from the
 * page of a meeting of the same team: by a member who may edit the team's records (no consent
 * applies: the action is about no case). Written and audited only when it changes; the answer is
 * the action and the page's follow-up list as they are now. An id that is not the team's: not_found.
 */
export function setTeamActionDone(caps: WriteCaps, input: In<typeof SetTeamActionDoneInput>): Out<typeof TeamActionDone> {
  const { row, actor } = readableMeeting(caps, input.meetingId);
  // The role first (review): a reader who may not edit learns nothing of which action ids exist.
  if (!mayEditTeamRecords(caps.access, row.team_id)) throw new AppError('forbidden', "Only the team's chair or note-taker may do this", { reason: 'not_team_editor' });
  const action = cachedStatement(caps.db, 'SELECT a.meeting_id, a.team_id FROM other_item_actions a WHERE a.id = ?').get(input.actionId) as { meeting_id: string; team_id: string } | undefined;
  if (!action || action.team_id !== row.team_id) throw new AppError('not_found', "No such action of the team's");
  caps.db.transaction(() => {
    const changed = input.done
      ? cachedStatement(caps.db, 'UPDATE other_item_actions SET done_at = ?, done_by = ? WHERE id = ? AND done_at IS NULL').run(caps.clock.now().toISOString(), actor.accountId, input.actionId)
      : cachedStatement(caps.db, 'UPDATE other_item_actions SET done_at = NULL, done_by = NULL WHERE id = ? AND done_at IS NOT NULL').run(input.actionId);
    if (changed.changes > 0) caps.audit.record('meeting.team-action-done', { meetingId: action.meeting_id, actionId: input.actionId, done: input.done });
  })();
  const view = cachedStatement(caps.db, `SELECT ${TEAM_ACTION_COLUMNS} FROM other_item_actions a LEFT JOIN members rm ON rm.id = a.responsible_member_id WHERE a.id = ?`).get(input.actionId) as ActionRow | undefined;
  if (!view) throw new AppError('not_found', "No such action of the team's");
  const due = teamActionsDue(caps, row.id);
  return { change: 'team-action-done', meetingId: row.id, action: actionView(view), ...(due.length > 0 ? { teamActionsDue: due } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Finalising, and what may follow it

/** The minutes as a record: everything, for every case (the finalised record holds all of it). */
export function minutesRecord(caps: ReadCaps, meetingId: string): Json {
  const db = caps.db;
  const meeting = meetingHead(caps, meetingId);
  const attendance = cachedStatement(
    db,
    'SELECT m.display_name AS name, o.name AS organisation, ma.status FROM meeting_attendance ma JOIN members m ON m.id = ma.member_id JOIN organisations o ON o.id = m.organisation_id WHERE ma.meeting_id = ? ORDER BY m.display_name',
  ).all(meetingId) as { name: string; organisation: string; status: string }[];
  const guests = cachedStatement(db, 'SELECT g.name, o.name AS organisation FROM meeting_guests g JOIN organisations o ON o.id = g.organisation_id WHERE g.meeting_id = ? ORDER BY g.rowid').all(meetingId) as {
    name: string;
    organisation: string;
  }[];
  // The items with their discussions, and every action of the meeting's discussions: one query each (issue 16).
  const items = cachedStatement(
    db,
    `SELECT a.position, a.kind, a.title, c.code, coalesce(ci.id, oi.id) AS discussion_id, coalesce(ci.notes, oi.notes) AS notes, coalesce(ci.decisions, oi.decisions) AS decisions, ci.next_follow_up
     FROM agenda_items a LEFT JOIN cases c ON c.id = a.case_id LEFT JOIN case_items ci ON ci.agenda_item_id = a.id LEFT JOIN other_items oi ON oi.agenda_item_id = a.id
     WHERE a.meeting_id = ? ORDER BY a.position`,
  ).all(meetingId) as { position: number; kind: string; title: string; code: string | null; discussion_id: string | null; notes: string | null; decisions: string | null; next_follow_up: string | null }[];
  // The case items' actions and the övriga punkter's (issue 20), by their discussion's id, in one statement.
  const actions = groupBy(
    cachedStatement(
      db,
      `SELECT a.case_item_id AS discussion_id, ${ACTION_COLUMNS}, a.rowid AS seq FROM case_items ci JOIN actions a ON a.case_item_id = ci.id LEFT JOIN members rm ON rm.id = a.responsible_member_id
       WHERE ci.meeting_id = ?
       UNION ALL
       SELECT a.other_item_id, ${TEAM_ACTION_COLUMNS}, a.rowid FROM other_item_actions a LEFT JOIN members rm ON rm.id = a.responsible_member_id WHERE a.meeting_id = ?
       ORDER BY due_date, seq`,
    ).all(meetingId, meetingId) as (ActionRow & { discussion_id: string })[],
    (a) => a.discussion_id,
  );
  const agenda = items.map((item) => ({
    position: item.position,
    kind: item.kind,
    title: item.title,
    caseCode: item.code,
    notes: item.notes,
    decisions: item.decisions,
    nextFollowUp: item.next_follow_up,
    actions: item.discussion_id === null ? [] : (actions.get(item.discussion_id) ?? []).map((a) => ({ text: a.text, responsible: a.responsible_name, due: a.due_date })),
  }));
  return {
    format: 'teamvalv-minutes/1',
    meeting: { id: meeting.id, team: meeting.team_name, date: meeting.date, time: meeting.time, week: weekOf(meeting.date) },
    chair: meeting.chair_member_id ? meeting.chair_name : null,
    noteTaker: meeting.note_taker_member_id ? meeting.note_taker_name : null,
    attendance,
    guests,
    agenda,
  };
}

/**
 * The chair finalises ("justerar") the minutes: from then on the meeting is read-only, and the
 * SHA-256 of the minutes' canonical JSON is recorded (with the JSON itself) and audited. A chair
 * finalising from the page (`user`) must have acknowledged the warning for a meeting dated after
 * today; the seed and the tests finalise without it.
 */
export function finaliseMeeting(
  caps: WriteCaps,
  meetingId: string,
  user?: { readonly futureDateAcknowledged: boolean; readonly justerareMemberId?: string | null },
): Out<typeof MeetingFinalised> {
  const { row, actor } = readableMeeting(caps, meetingId);
  if (!mayFinaliseTeamRecords(caps.access, row.team_id)) throw new AppError('forbidden', "Only the team's chair finalises the minutes", { reason: 'not_team_chair' });
  if (row.status === 'finalised') throw new AppError('conflict', 'The minutes are already finalised', { reason: 'meeting_finalised' });
  const justerare = user?.justerareMemberId ?? null;
  if (justerare !== null) checkJusterare(caps, row, justerare);
  // A chair's finalising (the IPC channel always passes `user`): minutes of a day that has not come yet only after the page's warning.
  if (user && !user.futureDateAcknowledged && row.date > caps.access.date) throw new AppError('needs_confirmation', 'The meeting is dated after today; finalising it needs futureDateAcknowledged');
  const json = canonicalJson(minutesRecord(caps, meetingId));
  const sha256 = createHash('sha256').update(json, 'utf8').digest('hex');
  caps.db.transaction(() => {
    cachedStatement(caps.db, "UPDATE meetings SET status = 'finalised', finalised_at = ?, finalised_by = ?, minutes_json = ?, minutes_sha256 = ?, justerare_member_id = ? WHERE id = ?").run(
      caps.clock.now().toISOString(),
      actor.accountId,
      json,
      sha256,
      justerare,
      meetingId,
    );
    cachedStatement(caps.db, 'DELETE FROM item_drafts WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE meeting_id = ?)').run(meetingId);
    caps.audit.record('meeting.finalised', justerare === null ? { meetingId, sha256 } : { meetingId, sha256, justerareMemberId: justerare });
  })();
  const justering = justeringOf(caps, meetingId);
  return { change: 'finalised', meetingId: row.id, minutesSha256: sha256, ...(justering ? { justering } : {}) };
}

/**
 * The justerare the chair names: a member of the team present at the meeting, not the chair (of
 * the meeting, nor the finalising account's member), with an account to confirm with.
 */
function checkJusterare(caps: ReadCaps, row: MeetingRow, memberId: string): void {
  const member = cachedStatement(
    caps.db,
    `SELECT m.account_id FROM meeting_attendance ma JOIN members m ON m.id = ma.member_id
     WHERE ma.meeting_id = ? AND ma.member_id = ? AND ma.status = 'present'
       AND EXISTS (SELECT 1 FROM team_memberships tm WHERE tm.member_id = m.id AND tm.team_id = ? AND tm.active_from <= ? AND (tm.active_to IS NULL OR tm.active_to >= ?))`,
  ).get(row.id, memberId, row.team_id, row.date, row.date) as { account_id: string | null } | undefined;
  if (!member) throw new AppError('invalid_input', 'The justerare must be a member of the team present at the meeting', { reason: 'justerare_not_present', field: 'justerareMemberId' });
  if (memberId === row.chair_member_id || member.account_id === caps.access.actor.accountId) {
    throw new AppError('invalid_input', 'The chair confirms already; the justerare is someone else', { reason: 'justerare_is_chair', field: 'justerareMemberId' });
  }
  if (member.account_id === null) throw new AppError('invalid_input', 'The justerare needs an account to confirm with', { reason: 'justerare_no_account', field: 'justerareMemberId' });
}

/** The justering of finalised minutes with a justerare named, as this reader sees it; null otherwise. */
function justeringOf(caps: ReadCaps, meetingId: string): Justering | null {
  const row = cachedStatement(
    caps.db,
    `SELECT m.finalised_at, coalesce((SELECT display_name FROM members WHERE account_id = m.finalised_by), ch.display_name, '') AS chair_name,
            m.justerare_member_id, j.display_name AS justerare_name, j.account_id AS justerare_account, m.justerare_confirmed_at
     FROM meetings m LEFT JOIN members ch ON ch.id = m.chair_member_id JOIN members j ON j.id = m.justerare_member_id
     WHERE m.id = ? AND m.status = 'finalised'`,
  ).get(meetingId) as
    | { finalised_at: string; chair_name: string; justerare_member_id: string; justerare_name: string; justerare_account: string | null; justerare_confirmed_at: string | null }
    | undefined;
  if (!row) return null;
  return {
    chair: { name: row.chair_name, confirmedAt: row.finalised_at },
    justerare: { memberId: row.justerare_member_id, name: row.justerare_name, confirmedAt: row.justerare_confirmed_at },
    canConfirm: row.justerare_confirmed_at === null && row.justerare_account === caps.access.actor.accountId,
  };
}

/**
 * The justerare confirms the minutes the chair finalised: only the member named, once, the minutes
 * as they read them (their hash). Recorded with the time and audited; the minutes are then justerade.
 */
export function confirmJustering(caps: WriteCaps, input: In<typeof ConfirmJusteringInput>): Out<typeof MeetingJusterad> {
  const { row, actor } = readableMeeting(caps, input.meetingId);
  if (row.status !== 'finalised') throw new AppError('conflict', 'The chair finalises the minutes first', { reason: 'meeting_not_finalised' });
  const named = cachedStatement(caps.db, 'SELECT m.justerare_confirmed_at, j.account_id FROM meetings m JOIN members j ON j.id = m.justerare_member_id WHERE m.id = ?').get(row.id) as
    | { justerare_confirmed_at: string | null; account_id: string | null }
    | undefined;
  if (!named || named.account_id !== actor.accountId) throw new AppError('forbidden', 'Only the justerare the chair named confirms the minutes', { reason: 'not_justerare' });
  if (named.justerare_confirmed_at !== null) throw new AppError('conflict', 'The minutes are justerade already', { reason: 'already_done' });
  if (input.minutesSha256 !== row.minutes_sha256) throw new AppError('conflict', 'The minutes changed since you read them: read them again', { reason: 'changed_since_preview' });
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'UPDATE meetings SET justerare_confirmed_at = ?, justerare_confirmed_by = ? WHERE id = ? AND justerare_confirmed_at IS NULL').run(caps.clock.now().toISOString(), actor.accountId, row.id);
    caps.audit.record('meeting.justerad', { meetingId: row.id, sha256: input.minutesSha256 });
  })();
  const justering = justeringOf(caps, row.id);
  if (!justering) throw new AppError('not_found', 'No such meeting');
  return { change: 'justerad', meetingId: row.id, justering };
}

/**
 * Another justerare for minutes that still wait for theirs (issue 20): a justerare who left the
 * team can no longer open the meeting to confirm, and would block the justering for good. While
 * the justerare has not confirmed, the team's chair may name another — by the same rules as at
 * finalising (present at the meeting, a member of the team that day, not the chair, with an
 * account) and a member of the team today, so they can open the minutes and confirm. The minutes
 * and their hash do not change; the change is audited with both members.
 */
export function changeJusterare(caps: WriteCaps, input: In<typeof ChangeJusterareInput>): Out<typeof JusterareChanged> {
  const { row } = readableMeeting(caps, input.meetingId);
  if (!mayFinaliseTeamRecords(caps.access, row.team_id)) throw new AppError('forbidden', "Only the team's chair names the justerare", { reason: 'not_team_chair' });
  if (row.status !== 'finalised') throw new AppError('conflict', 'The chair names the justerare when finalising', { reason: 'meeting_not_finalised' });
  const named = cachedStatement(caps.db, 'SELECT justerare_member_id, justerare_confirmed_at FROM meetings WHERE id = ?').get(row.id) as { justerare_member_id: string | null; justerare_confirmed_at: string | null };
  // Minutes finalised by the chair alone, or confirmed by the justerare, are justerade: nothing to change.
  if (named.justerare_member_id === null || named.justerare_confirmed_at !== null) throw new AppError('conflict', 'The minutes are justerade already', { reason: 'already_done' });
  if (named.justerare_member_id === input.justerareMemberId) throw new AppError('conflict', 'That member is the justerare already', { reason: 'already_done' });
  checkJusterare(caps, row, input.justerareMemberId);
  const today = caps.access.date;
  const stays = cachedStatement(caps.db, 'SELECT 1 FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_from <= ? AND (active_to IS NULL OR active_to >= ?)').get(input.justerareMemberId, row.team_id, today, today);
  if (!stays) throw new AppError('invalid_input', 'The justerare must still be a member of the team to open the minutes and confirm', { reason: 'justerare_left_team', field: 'justerareMemberId' });
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'UPDATE meetings SET justerare_member_id = ? WHERE id = ? AND justerare_confirmed_at IS NULL').run(input.justerareMemberId, row.id);
    caps.audit.record('meeting.justerare-changed', { meetingId: row.id, fromMemberId: named.justerare_member_id, justerareMemberId: input.justerareMemberId });
  })();
  const justering = justeringOf(caps, row.id);
  if (!justering) throw new AppError('not_found', 'No such meeting');
  return { change: 'justerare-changed', meetingId: row.id, justering };
}

/**
 * The team's decision log: the decisions of its justerade minutes (finalised by the chair alone,
 * or confirmed by the justerare too), newest first, from the minutes as recorded (an early
 * gallring's redaction included). A case item shows its case code, and only to a reader the
 * consent covers today; an "övrig punkt" its title. Audited as a read, with the cases shown.
 */
export function decisionLog(caps: ReadCaps, input: In<typeof DecisionLogInput>): DecisionLogPage {
  const teamId = input.teamId;
  if (!mayReadTeamRecords(caps.access, teamId)) throw new AppError('forbidden', "Only the team's members see its meetings", { reason: 'not_team_member' });
  // A page: the next meetings (newest first) whose justerade minutes hold a decision, found on
  // meetings_team (team, date) from the cursor back and stopped at the page's size — a decade of
  // minutes is never read for one page. One more meeting than the page says whether older ones exist.
  type Cursor = { date: string; time: string; id: string };
  const cursor = input.before === undefined ? null : ((cachedStatement(caps.db, 'SELECT date, time, id FROM meetings WHERE id = ? AND team_id = ?').get(input.before, teamId) as Cursor | undefined) ?? null);
  if (input.before !== undefined && !cursor) throw new AppError('not_found', 'No such meeting');
  const page = cachedStatement(
    caps.db,
    `SELECT m.id, m.date, m.time FROM meetings m
     WHERE m.team_id = @team AND m.status = 'finalised' AND (m.justerare_member_id IS NULL OR m.justerare_confirmed_at IS NOT NULL)
       AND m.date <= @date AND (m.date < @date OR m.time < @time OR (m.time = @time AND m.id < @id))
       AND EXISTS (SELECT 1 FROM json_each(m.minutes_json, '$.agenda') e WHERE coalesce(json_extract(e.value, '$.decisions'), '') != '')
     ORDER BY m.date DESC, m.time DESC, m.id DESC LIMIT @limit`,
  ).all({ team: teamId, date: cursor?.date ?? '9999-12-31', time: cursor?.time ?? '99:99', id: cursor?.id ?? '', limit: DECISION_LOG_PAGE_MEETINGS + 1 }) as { id: string }[];
  // (No cursor: every meeting lies before the end of time — the same statement for every page.)
  const meetingIds = page.slice(0, DECISION_LOG_PAGE_MEETINGS).map((m) => m.id);
  const rows = cachedStatement(
    caps.db,
    `SELECT m.id AS meeting_id, m.date, json_extract(e.value, '$.position') AS position, json_extract(e.value, '$.title') AS title,
            json_extract(e.value, '$.caseCode') AS case_code, json_extract(e.value, '$.decisions') AS decisions
     FROM meetings m, json_each(m.minutes_json, '$.agenda') e
     WHERE m.id IN (SELECT value FROM json_each(?)) AND coalesce(json_extract(e.value, '$.decisions'), '') != ''
     ORDER BY m.date DESC, m.time DESC, m.id DESC, position`,
  ).all(JSON.stringify(meetingIds)) as { meeting_id: string; date: string; position: number; title: string; case_code: string | null; decisions: string }[];
  // The cases named, read once each by the case read rules (a code no longer in the vault is not shown).
  const codes = [...new Set(rows.flatMap((r) => (r.case_code === null ? [] : [r.case_code])))];
  const readable = new Set<string>();
  for (const code of codes) {
    const kase = cachedStatement(caps.db, 'SELECT id, team_id, code, consent_mode, raised_by_organisation_id FROM cases WHERE code = ?').get(code) as (CaseAccessRow & { code: string }) | undefined;
    if (kase && unreadableFor(caps, kase) === null) readable.add(code);
  }
  const entries = rows
    .filter((r) => r.case_code === null || readable.has(r.case_code))
    .map((r) => ({ meetingId: r.meeting_id, date: r.date, position: r.position, title: r.case_code === null ? r.title : r.case_code, caseCode: r.case_code, decisions: r.decisions }));
  caps.audit.record('meeting.decisions-read', { teamId, cases: [...new Set(entries.flatMap((e) => (e.caseCode ? [e.caseCode] : [])))].join(',') });
  return { entries, before: page.length > DECISION_LOG_PAGE_MEETINGS ? (meetingIds.at(-1) ?? null) : null };
}

/**
 * After finalising, corrections are dated additions: an addendum, or an item marked as wrong with
 * a reason. The original stays as it was; the guard applies to the new text.
 */
export function addAddendum(caps: WriteCaps, input: In<typeof AddAddendumInput>): Out<typeof AddendumAdded> {
  const { row, actor } = readableMeeting(caps, input.meetingId);
  if (!mayEditTeamRecords(caps.access, row.team_id)) throw new AppError('forbidden', "Only the team's chair or note-taker may add to the minutes", { reason: 'not_team_editor' });
  if (row.status !== 'finalised') throw new AppError('conflict', 'Change the meeting itself until it is finalised', { reason: 'meeting_not_finalised' });
  let code: string | undefined;
  if (input.caseItemId) {
    const item = cachedStatement(caps.db, 'SELECT case_id FROM case_items WHERE id = ? AND meeting_id = ?').get(input.caseItemId, input.meetingId) as { case_id: string } | undefined;
    if (!item) throw new AppError('not_found', 'No such item in this meeting');
    const access = caseAccessRow(caps, item.case_id);
    if (unreadableFor(caps, access) !== null) throw new AppError('forbidden', 'The consent does not cover your organisation today', { reason: 'consent_not_covering' });
    code = access.code;
  }
  const options = guardOptions(caps);
  if (blockingHits([...scanText(input.text, options), ...scanText(input.reason, options)]).length > 0) throw new AppError('invalid_input', 'The text holds identifiers: remove them', { reason: 'identifiers_in_text' });
  const id = randomUUID();
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'INSERT INTO meeting_addenda (id, meeting_id, case_item_id, kind, text, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      id,
      input.meetingId,
      input.caseItemId,
      input.kind,
      input.text,
      input.reason,
      caps.clock.now().toISOString(),
      actor.accountId,
    );
    caps.audit.record('meeting.addendum', { meetingId: input.meetingId, kind: input.kind }, code);
  })();
  const added = cachedStatement(caps.db, `${ADDENDUM_COLUMNS} WHERE id = ?`).get(id) as AddendumRow | undefined;
  if (!added) throw new AppError('not_found', 'No such addendum');
  return { change: 'addendum-added', meetingId: row.id, addendum: addendumView(added) };
}

/**
 * The chair lengthens the auto-lock for this meeting (a long case on the projector), within the
 * machine policy's bound; audited. `apply` sets it on the open vault (it lasts until the next lock).
 */
export function setMeetingAutoLock(
  caps: WriteCaps,
  meetingId: string,
  minutes: number,
  bounds: { defaultMinutes: number; maxMinutes: number },
  apply: (ms: number) => void,
): Out<typeof AutoLockSet> {
  const { row } = readableMeeting(caps, meetingId);
  if (!mayFinaliseTeamRecords(caps.access, row.team_id)) throw new AppError('forbidden', "Only the team's chair lengthens the auto-lock", { reason: 'not_team_chair' });
  if (row.status === 'finalised') throw new AppError('conflict', 'The meeting is finalised', { reason: 'meeting_finalised' });
  if (minutes < bounds.defaultMinutes || minutes > bounds.maxMinutes) throw new AppError('invalid_input', `Choose between ${bounds.defaultMinutes} and ${bounds.maxMinutes} minutes`, { field: 'minutes' });
  try {
    apply(minutes * 60_000);
  } catch {
    throw new AppError('invalid_input', `Choose between ${bounds.defaultMinutes} and ${bounds.maxMinutes} minutes`, { field: 'minutes' });
  }
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'UPDATE meetings SET auto_lock_minutes = ? WHERE id = ?').run(minutes, meetingId);
    caps.audit.record('meeting.auto-lock', { meetingId, minutes });
  })();
  return { change: 'auto-lock', meetingId: row.id, autoLockMinutes: minutes };
}
