import { type FollowUpStats, OUTCOMES, type Period, periodDates } from '../../shared/followup/model';
import { AppError } from '../../shared/ipc/errors';
import { isoWeek, parseIsoDate } from '../../shared/time/iso-week';
import { stockholmDate } from '../../shared/time/zone';
import { type CaseAccessRow, unreadableReason } from '../cases/access';
import { actorOf, canReadTeamRecords, today } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';

/**
 * Follow-up statistics for one team and period. Every instant stored in UTC (a case created, an
 * action done, a packet sent) is turned into its Europe/Stockholm date before it is bucketed;
 * meeting and session dates are already local dates. Counts only — no names, no case codes.
 *
 * Read by the team's members (an admin is not a reader of a team's records by being admin). Every
 * figure about cases counts only the cases the reader may read today (the consent rule): a member
 * whose organisation a consent does not cover must not learn, by narrowing the period, when that
 * case closed or how. Meetings, attendance and supervision sessions are the team's own work.
 */
const local = (iso: string): string => stockholmDate(new Date(iso));
const inside = (date: string, from: string, to: string): boolean => date >= from && date <= to;

function weekKey(date: string): string {
  const week = isoWeek(parseIsoDate(date) ?? { year: 1970, month: 1, day: 1 });
  return `${week.year}-W${String(week.week).padStart(2, '0')}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => a.label.localeCompare(b.label, 'sv'));
}

export function followUpStats(vault: UnlockedVault, teamId: string, period: Period): FollowUpStats {
  const actor = actorOf(vault);
  if (!vault.db.prepare('SELECT 1 FROM teams WHERE id = ?').get(teamId)) throw new AppError('not_found', 'No such team');
  if (!canReadTeamRecords(vault, actor, teamId)) throw new AppError('forbidden', "Only the team's members see its follow-up");
  const { from, to } = periodDates(period);
  if (from > to) throw new AppError('invalid_input', 'The period ends before it starts');
  const db = vault.db;
  const date = today(vault);

  // The cases this reader may read today: every case figure is counted over these only.
  const readable = new Set(
    (db.prepare('SELECT id, team_id, consent_mode, raised_by_organisation_id FROM cases WHERE team_id = ?').all(teamId) as CaseAccessRow[])
      .filter((row) => unreadableReason(vault, actor, row, date) === null)
      .map((row) => row.id),
  );

  const meetings = db.prepare("SELECT id, date FROM meetings WHERE team_id = ? AND status = 'finalised' AND date >= ? AND date <= ?").all(teamId, from, to) as { id: string; date: string }[];
  const meetingIds = meetings.map((m) => m.id);
  const inMeetings = (table: string, columns: string) =>
    meetingIds.length === 0 ? [] : db.prepare(`SELECT ${columns} FROM ${table} WHERE meeting_id IN (${meetingIds.map(() => '?').join(',')})`).all(...meetingIds);

  // Attendance per organisation: in how many of the meetings held it was represented (members present or guests).
  const represented = [
    ...(inMeetings('meeting_attendance a JOIN members m ON m.id = a.member_id JOIN organisations o ON o.id = m.organisation_id', "a.meeting_id, o.name AS organisation, a.status") as {
      meeting_id: string;
      organisation: string;
      status: string;
    }[]).filter((a) => a.status === 'present'),
    ...(inMeetings('meeting_guests g JOIN organisations o ON o.id = g.organisation_id', 'g.meeting_id, o.name AS organisation') as { meeting_id: string; organisation: string }[]),
  ];
  const attendance = countBy([...new Set(represented.map((r) => `${r.meeting_id}\u0000${r.organisation}`))], (key) => key.split('\u0000')[1] ?? '');

  const discussed = (inMeetings('case_items ci JOIN cases c ON c.id = ci.case_id', 'DISTINCT c.id, c.consent_mode') as { id: string; consent_mode: 'consent' | 'anonymous' }[]).filter((c) => readable.has(c.id));

  const cases = (db.prepare('SELECT id, created_at, status, outcome, closed_on FROM cases WHERE team_id = ?').all(teamId) as { id: string; created_at: string; status: string; outcome: string | null; closed_on: string | null }[]).filter((c) =>
    readable.has(c.id),
  );
  const created = cases.map((c) => local(c.created_at)).filter((day) => inside(day, from, to));
  const closed = cases.filter((c) => c.status === 'closed' && c.closed_on && inside(c.closed_on, from, to));

  const sessions = (db.prepare("SELECT date FROM supervision_sessions WHERE team_id = ? AND status = 'held' AND date >= ? AND date <= ?").all(teamId, from, to) as { date: string }[]).length;

  // A handover counts once, however many packets carried it (a re-send, a plaintext copy); received ones once per conversation.
  const organisations = (db.prepare('SELECT name FROM organisations WHERE is_own = 0 ORDER BY name').all() as { name: string }[]).map((o) => o.name);
  const sentRows = (
    db
      .prepare(
        'SELECT h.id, h.case_id, min(p.created_at) AS first_sent, o.name AS organisation FROM packets_sent p JOIN handovers h ON h.id = p.handover_id JOIN cases c ON c.id = h.case_id JOIN organisations o ON o.id = h.to_organisation_id WHERE c.team_id = ? GROUP BY h.id',
      )
      .all(teamId) as { id: string; case_id: string; first_sent: string; organisation: string }[]
  ).filter((p) => readable.has(p.case_id) && inside(local(p.first_sent), from, to));
  const receivedRows = (
    db
      .prepare(
        'SELECT r.conversation_id, min(r.received_at) AS first_received, o.name AS organisation FROM packets_received r JOIN trusted_keys t ON t.id = r.signer_key_id JOIN organisations o ON o.id = t.organisation_id WHERE r.team_id = ? GROUP BY r.conversation_id',
      )
      .all(teamId) as { conversation_id: string; first_received: string; organisation: string }[]
  ).filter((p) => inside(local(p.first_received), from, to));
  // Every partner organisation gets a row (zeros too): a row's presence must not itself say that someone went there.
  const perOrganisation = (rows: readonly { organisation: string }[]) => organisations.map((name) => ({ label: name, count: rows.filter((r) => r.organisation === name).length }));

  // Actions from the minutes (finalised meetings), already due: on time when marked done on or before the due date, in Stockholm.
  const actions = (
    db
      .prepare(
        `SELECT a.case_id, a.due_date, a.done_at FROM actions a JOIN case_items ci ON ci.id = a.case_item_id JOIN meetings m ON m.id = ci.meeting_id
         WHERE m.team_id = ? AND m.status = 'finalised' AND a.due_date >= ? AND a.due_date <= ? AND a.due_date < ?`,
      )
      .all(teamId, from, to, date) as { case_id: string; due_date: string; done_at: string | null }[]
  ).filter((a) => readable.has(a.case_id));
  const onTime = actions.filter((a) => a.done_at !== null && local(a.done_at) <= a.due_date).length;
  const late = actions.filter((a) => a.done_at !== null && local(a.done_at) > a.due_date).length;

  const weeks = new Map<string, { meetings: number; newCases: number }>();
  const week = (key: string) => weeks.get(key) ?? weeks.set(key, { meetings: 0, newCases: 0 }).get(key) ?? { meetings: 0, newCases: 0 };
  for (const meeting of meetings) week(weekKey(meeting.date)).meetings++;
  for (const day of created) week(weekKey(day)).newCases++;

  return {
    teamId,
    from,
    to,
    meetingsHeld: meetings.length,
    weekly: [...weeks].map(([key, value]) => ({ week: key, ...value })).sort((a, b) => a.week.localeCompare(b.week)),
    attendance,
    casesDiscussed: { consent: discussed.filter((c) => c.consent_mode === 'consent').length, anonymous: discussed.filter((c) => c.consent_mode === 'anonymous').length },
    newCases: created.length,
    closedCases: closed.length,
    outcomes: OUTCOMES.map((outcome) => ({ label: outcome, count: closed.filter((c) => c.outcome === outcome).length })),
    supervisionSessions: sessions,
    handoversSent: perOrganisation(sentRows),
    handoversReceived: perOrganisation(receivedRows),
    actions: { due: actions.length, doneOnTime: onTime, late, notDone: actions.length - onTime - late },
  };
}
