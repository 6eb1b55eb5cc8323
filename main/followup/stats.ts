import { type FollowUpStats, OUTCOMES, type Period, periodDates } from '../../shared/followup/model';
import { AppError } from '../../shared/ipc/errors';
import { isoWeek, parseIsoDate } from '../../shared/time/iso-week';
import { stockholmDate } from '../../shared/time/zone';
import { actorOf, canReadTeamRecords } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';

/**
 * Follow-up statistics for one team and period. Every instant stored in UTC (a case created, an
 * action done, a packet sent) is turned into its Europe/Stockholm date before it is bucketed;
 * meeting and session dates are already local dates. Counts only — no names, no case codes. The
 * team's members and admins read them.
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
  if (!actor.isAdmin && !canReadTeamRecords(vault, actor, teamId)) throw new AppError('forbidden', "Only the team's members and admins see its follow-up");
  const { from, to } = periodDates(period);
  if (from > to) throw new AppError('invalid_input', 'The period ends before it starts');
  const db = vault.db;

  const meetings = (db.prepare("SELECT id, date FROM meetings WHERE team_id = ? AND status = 'finalised' AND date >= ? AND date <= ?").all(teamId, from, to) as { id: string; date: string }[]);
  const meetingIds = meetings.map((m) => m.id);
  const inMeetings = (table: string, columns: string) =>
    meetingIds.length === 0 ? [] : db.prepare(`SELECT ${columns} FROM ${table} WHERE meeting_id IN (${meetingIds.map(() => '?').join(',')})`).all(...meetingIds);

  const present = [
    ...(inMeetings('meeting_attendance a JOIN members m ON m.id = a.member_id JOIN organisations o ON o.id = m.organisation_id', "o.name AS organisation, a.status") as { organisation: string; status: string }[]).filter((a) => a.status === 'present'),
    ...(inMeetings('meeting_guests g JOIN organisations o ON o.id = g.organisation_id', 'o.name AS organisation') as { organisation: string }[]),
  ];
  const discussed = inMeetings('case_items ci JOIN cases c ON c.id = ci.case_id', 'DISTINCT c.id, c.consent_mode') as { id: string; consent_mode: 'consent' | 'anonymous' }[];
  const distinct = new Map(discussed.map((c) => [c.id, c.consent_mode]));

  const cases = db.prepare('SELECT created_at, status, outcome, closed_on FROM cases WHERE team_id = ?').all(teamId) as { created_at: string; status: string; outcome: string | null; closed_on: string | null }[];
  const created = cases.map((c) => local(c.created_at)).filter((date) => inside(date, from, to));
  const closed = cases.filter((c) => c.status === 'closed' && c.closed_on && inside(c.closed_on, from, to));

  const sessions = (db.prepare("SELECT date FROM supervision_sessions WHERE team_id = ? AND status = 'held' AND date >= ? AND date <= ?").all(teamId, from, to) as { date: string }[]).length;

  const sent = (
    db
      .prepare('SELECT p.created_at, o.name AS organisation FROM packets_sent p JOIN handovers h ON h.id = p.handover_id JOIN cases c ON c.id = h.case_id JOIN organisations o ON o.id = h.to_organisation_id WHERE c.team_id = ?')
      .all(teamId) as { created_at: string; organisation: string }[]
  ).filter((p) => inside(local(p.created_at), from, to));
  const received = (
    db
      .prepare('SELECT r.received_at, o.name AS organisation FROM packets_received r JOIN trusted_keys t ON t.id = r.signer_key_id JOIN organisations o ON o.id = t.organisation_id WHERE r.team_id = ?')
      .all(teamId) as { received_at: string; organisation: string }[]
  ).filter((p) => inside(local(p.received_at), from, to));

  // An action is done on time when it was marked done on or before its due date, in Stockholm.
  const actions = db.prepare('SELECT a.due_date, a.done_at FROM actions a JOIN cases c ON c.id = a.case_id WHERE c.team_id = ? AND a.due_date >= ? AND a.due_date <= ?').all(teamId, from, to) as {
    due_date: string;
    done_at: string | null;
  }[];

  const weeks = new Map<string, { meetings: number; newCases: number }>();
  const week = (key: string) => weeks.get(key) ?? weeks.set(key, { meetings: 0, newCases: 0 }).get(key) ?? { meetings: 0, newCases: 0 };
  for (const meeting of meetings) week(weekKey(meeting.date)).meetings++;
  for (const date of created) week(weekKey(date)).newCases++;

  return {
    teamId,
    from,
    to,
    meetingsHeld: meetings.length,
    weekly: [...weeks].map(([key, value]) => ({ week: key, ...value })).sort((a, b) => a.week.localeCompare(b.week)),
    attendance: countBy(present, (p) => p.organisation),
    casesDiscussed: { consent: [...distinct.values()].filter((mode) => mode === 'consent').length, anonymous: [...distinct.values()].filter((mode) => mode === 'anonymous').length },
    newCases: created.length,
    closedCases: closed.length,
    outcomes: OUTCOMES.map((outcome) => ({ label: outcome, count: closed.filter((c) => c.outcome === outcome).length })),
    supervisionSessions: sessions,
    handoversSent: countBy(sent, (p) => p.organisation),
    handoversReceived: countBy(received, (p) => p.organisation),
    actions: { due: actions.length, doneOnTime: actions.filter((a) => a.done_at !== null && local(a.done_at) <= a.due_date).length },
  };
}
