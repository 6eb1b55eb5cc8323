import { type FollowUpStats, OUTCOMES, type Period, periodDates } from '../../shared/followup/model';
import { AppError } from '../../shared/ipc/errors';
import { isoWeek, parseIsoDate } from '../../shared/time/iso-week';
import { stockholmDate } from '../../shared/time/zone';
import type { ReadCaps } from '../capabilities/caps';
import { readableCase as readableCaseFor, readableParams } from '../cases/access';
import { cachedStatement } from '../vault/db/statements';
import { exitEvents, participantFigures } from './participants';

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
/** A date (YYYY-MM-DD) `days` later (or earlier): the widened bounds for instants stored in UTC. */
const shiftDay = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * 3600 * 1000).toISOString().slice(0, 10);

function weekKey(date: string): string {
  const week = isoWeek(parseIsoDate(date) ?? { year: 1970, month: 1, day: 1 });
  return `${week.year}-W${String(week.week).padStart(2, '0')}`;
}

/** The team's finalised meetings in the period (named parameters @team, @from, @to). */
const PERIOD_MEETINGS = "team_id = @team AND status = 'finalised' AND date >= @from AND date <= @to";

/**
 * `everyCase`: the report to the förbund (a suppressed export, main/followup/sent-reports.ts) counts
 * every case of the team, not only those the exporter may read today, so two chairs of the team
 * make the same report of a period (issue 20, review). Only that export asks for it; the page and
 * the team's own unsuppressed report count what the reader may read.
 */
export function followUpStats(caps: ReadCaps, teamId: string, period: Period, options: { readonly everyCase?: boolean } = {}): FollowUpStats {
  const context = caps.access;
  if (!cachedStatement(caps.db, 'SELECT 1 FROM teams WHERE id = ?').get(teamId)) throw new AppError('not_found', 'No such team');
  if (!context.readTeams.has(teamId)) throw new AppError('forbidden', "Only the team's members see its follow-up", { reason: 'not_team_member' });
  const { from, to } = periodDates(period);
  if (from > to) throw new AppError('invalid_input', 'The period ends before it starts', { reason: 'date_order' });
  const db = caps.db;
  const date = context.date;
  // Every case figure counts only the cases this reader may read today: the rule is a condition
  // of each query (`readableCase`, over this team), with the reader's access computed once. Each
  // query finds the period's rows through an index on their dates (migration 012), so the cost is
  // the period's, whatever the vault's age. Instants (UTC) are searched a day wider on each side
  // (`>= @fromWide`, `< @toWide`: from the day before the period to the end of the day after it)
  // and then bucketed by their Stockholm date.
  const p = { ...readableParams(context), readerTeams: JSON.stringify([teamId]), team: teamId, from, to, fromWide: shiftDay(from, -1), toWide: shiftDay(to, 2) };
  const q = <T>(sql: string): T[] => cachedStatement(db, sql).all(p) as T[];
  const readableCase = (column: string): string => (options.everyCase ? '1' : readableCaseFor(column));

  const meetings = q<{ id: string; date: string }>(`SELECT id, date FROM meetings WHERE ${PERIOD_MEETINGS}`);

  // Attendance per organisation: in how many of the meetings held it was represented (members present or guests).
  const attendance = q<{ label: string; count: number }>(
    `SELECT o.name AS label, count(DISTINCT x.meeting_id) AS count FROM (
       SELECT a.meeting_id, m.organisation_id FROM meeting_attendance a JOIN members m ON m.id = a.member_id
        WHERE a.status = 'present' AND a.meeting_id IN (SELECT id FROM meetings WHERE ${PERIOD_MEETINGS})
       UNION ALL SELECT g.meeting_id, g.organisation_id FROM meeting_guests g WHERE g.meeting_id IN (SELECT id FROM meetings WHERE ${PERIOD_MEETINGS})
     ) x JOIN organisations o ON o.id = x.organisation_id GROUP BY o.name`,
  ).sort((a, b) => a.label.localeCompare(b.label, 'sv'));

  const discussed = q<{ consent_mode: 'consent' | 'anonymous'; n: number }>(
    `SELECT c.consent_mode, count(DISTINCT c.id) AS n FROM case_items ci JOIN cases c ON c.id = ci.case_id
     WHERE ci.meeting_id IN (SELECT id FROM meetings WHERE ${PERIOD_MEETINGS}) AND ${readableCase('c.id')} GROUP BY c.consent_mode`,
  );
  const discussedOf = (mode: 'consent' | 'anonymous'): number => discussed.find((d) => d.consent_mode === mode)?.n ?? 0;

  const created = q<{ created_at: string }>(`SELECT c.created_at FROM cases c WHERE c.team_id = @team AND c.created_at >= @fromWide AND c.created_at < @toWide AND ${readableCase('c.id')}`)
    .map((c) => local(c.created_at))
    .filter((day) => inside(day, from, to));
  const closed = q<{ outcome: string | null }>(
    `SELECT e.outcome ${exitEvents(readableCase('c.id'))}`,
  );

  const sessions = q<{ n: number }>("SELECT count(*) AS n FROM supervision_sessions WHERE team_id = @team AND status = 'held' AND date >= @from AND date <= @to")[0]?.n ?? 0;

  // A handover counts once, however many packets carried it (a re-send, a plaintext copy); received ones once per conversation.
  const organisations = q<{ name: string }>('SELECT name FROM organisations WHERE is_own = 0 ORDER BY name').map((o) => o.name);
  // A handover whose first packet went in the period has a packet in the (widened) period: those
  // handovers are found by date, then their first packet of all is taken.
  const sentRows = q<{ id: string; first_sent: string; organisation: string }>(
    `SELECT h.id, min(p.created_at) AS first_sent, o.name AS organisation FROM handovers h JOIN packets_sent p ON p.handover_id = h.id JOIN cases c ON c.id = h.case_id
     JOIN organisations o ON o.id = h.to_organisation_id
     WHERE h.id IN (SELECT handover_id FROM packets_sent WHERE created_at >= @fromWide AND created_at < @toWide) AND c.team_id = @team AND ${readableCase('h.case_id')} GROUP BY h.id`,
  ).filter((row) => inside(local(row.first_sent), from, to));
  const receivedRows = q<{ conversation_id: string; first_received: string; organisation: string }>(
    `SELECT r.conversation_id, min(r.received_at) AS first_received, o.name AS organisation FROM packets_received r JOIN trusted_keys t ON t.id = r.signer_key_id
     JOIN organisations o ON o.id = t.organisation_id
     WHERE r.team_id = @team AND r.conversation_id IN (SELECT conversation_id FROM packets_received WHERE team_id = @team AND received_at >= @fromWide AND received_at < @toWide)
     GROUP BY r.conversation_id`,
  ).filter((row) => inside(local(row.first_received), from, to));
  // Every partner organisation gets a row (zeros too): a row's presence must not itself say that someone went there.
  const perOrganisation = (rows: readonly { organisation: string }[]) => organisations.map((name) => ({ label: name, count: rows.filter((r) => r.organisation === name).length }));

  // Actions from the minutes (finalised meetings), already due: on time when marked done on or before the due date, in Stockholm.
  // From the period's actions (by due date) to their meetings: CROSS JOIN keeps that order, so the
  // team's whole history of meetings is never walked.
  const actions = cachedStatement(
    db,
    `SELECT a.due_date, a.done_at FROM actions a CROSS JOIN case_items ci ON ci.id = a.case_item_id CROSS JOIN meetings m ON m.id = ci.meeting_id
     WHERE a.due_date >= @from AND a.due_date <= @to AND a.due_date < @today AND m.team_id = @team AND m.status = 'finalised' AND ${readableCase('a.case_id')}`,
  ).all({ ...p, today: date }) as { due_date: string; done_at: string | null }[];
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
    casesDiscussed: { consent: discussedOf('consent'), anonymous: discussedOf('anonymous') },
    newCases: created.length,
    closedCases: closed.length,
    outcomes: OUTCOMES.map((outcome) => ({ label: outcome, count: closed.filter((c) => c.outcome === outcome).length })),
    supervisionSessions: sessions,
    handoversSent: perOrganisation(sentRows),
    handoversReceived: perOrganisation(receivedRows),
    actions: { due: actions.length, doneOnTime: onTime, late, notDone: actions.length - onTime - late },
    participants: participantFigures(db, p, readableCase),
  };
}
