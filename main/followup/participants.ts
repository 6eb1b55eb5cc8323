import { CHECKIN_STATUSES, DEFAULT_CHECKIN_MONTHS, GENDERS, INCOME_SOURCES, OUTCOMES } from '../../shared/cases/codes';
import { NOT_RECORDED } from '../../shared/cases/facts';
import { type CountTable, OLDER_BANDS, OTHER_MONTHS, type ParticipantFigures, tertialOf } from '../../shared/followup/model';
import type { ReadableDB } from '../vault/handles';
import { ageBandSettings } from '../cases/facts';
import { readableCase } from '../cases/access';
import { cachedStatement } from '../vault/db/statements';

/**
 * The participant figures (shared/followup/model.ts ParticipantFigures) for one team and period,
 * each table one grouped statement (no loop over cases): `p` holds the named parameters of
 * followUpStats (@team, @from, @to, @toWide and the reader's access for `readableCase`).
 *
 * A case's first day as participant is its first 'aktiv' event (a Stockholm day, case_events), so a
 * case raised and not (yet) chosen is no participant; its last is its closing day. The cases are
 * found through `cases_team_status_closed`: the team's active cases, and those closed since the
 * period began — never the team's whole history.
 */
const GENDER_ROWS = [...GENDERS, NOT_RECORDED];
const INCOME_ROWS = [...INCOME_SOURCES, NOT_RECORDED];
/** Check-ins are at most 36 months after exit (migration 020): the cases closed that long before the period hold them all. */
const CHECKIN_MONTHS_MAX = 36;

/**
 * The period's exits, from the timeline (migration 022's index): each 'avslutad' event in it, so a
 * case reopened since keeps the exit it had, and a report already sent reads the same when made
 * again (found in review). `e` is the event, `c` its case.
 */
export function exitEvents(readable: string): string {
  return `FROM case_events e JOIN cases c ON c.id = e.case_id
     WHERE e.kind = 'avslutad' AND e.on_date >= @from AND e.on_date <= @to AND e.outcome IS NOT NULL AND c.team_id = @team AND ${readable}`;
}

/** The reopening after an exit `e`, if any: the first 'ateroppnad' event after it. */
const REOPENED_AFTER = `FROM case_events r WHERE r.case_id = e.case_id AND +r.kind = 'ateroppnad' AND (r.on_date > e.on_date OR (r.on_date = e.on_date AND r.recorded_at > e.recorded_at))`;
/** Income at exit `e`: the case's own while that exit stands; once reopened, what the reopening kept (migration 021). */
const INCOME_AT_EXIT = `CASE WHEN EXISTS (SELECT 1 ${REOPENED_AFTER}) THEN (SELECT r.income_at_exit ${REOPENED_AFTER} ORDER BY r.on_date, r.recorded_at LIMIT 1) ELSE c.income_at_exit END`;

/** The case's last exit or reopening before the period: 'avslutad' means it was out when the period began. */
const LAST_TURN_BEFORE =
  "(SELECT e.kind FROM case_events e WHERE e.case_id = c.id AND +e.kind IN ('avslutad', 'ateroppnad') AND e.on_date < @from ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1)";
/** The case's last exit or reopening up to the period's last day: 'avslutad' means it was out at the period's end. */
const LAST_TURN_BY_END =
  "(SELECT e.kind FROM case_events e WHERE e.case_id = c.id AND +e.kind IN ('avslutad', 'ateroppnad') AND e.on_date <= @to ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1)";
/** Whether the case was reopened in the period (back in as a participant). */
const BACK_IN = "EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND +e.kind = 'ateroppnad' AND e.on_date >= @from AND e.on_date <= @to)";

/**
 * The case's first day as aktiv. Measured (issue 16's bench at 10×): with `e.kind = 'aktiv'` SQLite
 * answered min(on_date) from case_events_kind_day, walking every case's 'aktiv' events in date
 * order until one was this case's — per case, so the year's figures grew with the vault (24 ms at
 * 1×, 233 ms at 10×). `+e.kind` keeps the kind out of the index choice: the case's own events, on
 * case_events_case, are a handful. BACK_IN likewise.
 */
const FIRST_ACTIVE = "(SELECT min(e.on_date) FROM case_events e WHERE e.case_id = c.id AND +e.kind = 'aktiv')";

function table(rows: readonly string[], columns: readonly string[], counts: readonly { r: string; c: string; n: number }[]): CountTable {
  const cells = rows.map(() => columns.map(() => 0));
  for (const { r, c, n } of counts) {
    const row = cells[rows.indexOf(r)];
    const column = columns.indexOf(c);
    if (row && column >= 0) row[column] = (row[column] ?? 0) + n;
  }
  return { rows: [...rows], columns: [...columns], cells };
}

const monthsBefore = (date: string, months: number): string => {
  const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const total = year * 12 + (month - 1) - months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
};

/** The reopenings by kön × (age band, the tertial of the exit each follows), the columns those present. */
function cameBackTable(reopenings: readonly { g: string; band: string; exitOn: string }[]): CountTable {
  const columnOf = (r: { band: string; exitOn: string }): string => {
    const { year, tertial } = tertialOf(r.exitOn);
    return `${r.band} ${year}-T${tertial}`;
  };
  const columns = [...new Set(reopenings.map(columnOf))].sort();
  return table(GENDER_ROWS, columns, reopenings.map((r) => ({ r: r.g, c: columnOf(r), n: 1 })));
}

export function participantFigures(db: ReadableDB, p: Record<string, unknown> & { from: string }, readableOf: (column: string) => string = readableCase): ParticipantFigures {
  const q = <T>(sql: string, extra: Record<string, unknown> = {}): T[] => cachedStatement(db, sql).all({ ...p, ...extra }) as T[];
  const readable = readableOf('c.id');

  // Participants and new participants by kön × band: the active cases, and those closed on or after the period's first day.
  // (`+c.created_at`: the bound on the creation day must not pick cases_team_created, whose upper
  // bound alone is the team's whole history; the status and closing day on migration 014's index are the period's.)
  // A case is a participant from its first day as aktiv to its exit, and again from a reopening
  // after an exit (found in review: a reopened case counted for the months it was out, so a report
  // made again after the reopening changed). So a case counts when it started in the period, was in
  // at its start (its last exit or reopening before the period was a reopening, or there was none),
  // or came back in it.
  // Also those still in on the period's last day (their last exit or reopening by then was a reopening, or there was none).
  const people = q<{ g: string; band: string; active: number; started: number; at_end: number }>(
    `SELECT coalesce(gender, '${NOT_RECORDED}') AS g, age_band AS band, count(*) AS active, sum(started >= @from) AS started, sum(end_turn IS NULL OR end_turn = 'ateroppnad') AS at_end FROM (
       SELECT c.gender, c.age_band, ${FIRST_ACTIVE} AS started, ${LAST_TURN_BEFORE} AS last_turn, ${BACK_IN} AS back_in, ${LAST_TURN_BY_END} AS end_turn FROM cases c
        WHERE c.team_id = @team AND c.status = 'active' AND +c.created_at < @toWide AND ${readable}
       UNION ALL
       SELECT c.gender, c.age_band, ${FIRST_ACTIVE} AS started, ${LAST_TURN_BEFORE} AS last_turn, ${BACK_IN} AS back_in, ${LAST_TURN_BY_END} AS end_turn FROM cases c
        WHERE c.team_id = @team AND c.status = 'closed' AND c.closed_on >= @from AND +c.created_at < @toWide AND ${readable}
     ) WHERE started <= @to AND (started >= @from OR last_turn IS NULL OR last_turn = 'ateroppnad' OR back_in) GROUP BY 1, 2`,
  );
  // The reopenings in the period that brought a case back after an exit (not a raised case back
  // into beredning), each with the day of the exit it follows: in no report, but the tables pin them
  // (shared/followup/suppress-figures.ts), so the suppression must know them.
  const reopenings = q<{ g: string; band: string; turn: string | null }>(
    `SELECT coalesce(c.gender, '${NOT_RECORDED}') AS g, c.age_band AS band,
       (SELECT x.kind || ' ' || x.on_date FROM case_events x WHERE x.case_id = r.case_id AND +x.kind IN ('avslutad', 'ateroppnad', 'ej-vald')
         AND (x.on_date < r.on_date OR (x.on_date = r.on_date AND x.recorded_at < r.recorded_at)) ORDER BY x.on_date DESC, x.recorded_at DESC LIMIT 1) AS turn
     FROM case_events r JOIN cases c ON c.id = r.case_id
     WHERE r.kind = 'ateroppnad' AND r.on_date >= @from AND r.on_date <= @to AND c.team_id = @team AND ${readable}`,
  );
  // Fixed columns: the configured bands and one for every other (older) band, always there.
  const configured = ageBandSettings({ db }).labels;
  const bands = [...configured, OLDER_BANDS];
  const bandOf = (band: string): string => (configured.includes(band) ? band : OLDER_BANDS);

  // Exits in the period: status at exit, kön, income at start and at exit, grouped once.
  const exits = q<{ outcome: string; g: string; s: string; x: string; n: number }>(
    `SELECT e.outcome, coalesce(c.gender, '${NOT_RECORDED}') AS g, coalesce(c.income_at_start, '${NOT_RECORDED}') AS s, coalesce(${INCOME_AT_EXIT}, '${NOT_RECORDED}') AS x, count(*) AS n
     ${exitEvents(readable)}
     GROUP BY 1, 2, 3, 4`,
  );
  const incomes = table(
    INCOME_ROWS,
    INCOME_ROWS,
    exits.map((e) => ({ r: e.s, c: e.x, n: e.n })),
  );
  const fs = INCOME_ROWS.indexOf('forsorjningsstod');

  // Check-ins done in the period: on cases closed up to 36 months before it (or reopened since).
  const checkins = q<{ months: number; status: string; n: number }>(
    `SELECT k.months, k.status, count(*) AS n FROM (
       SELECT c.id FROM cases c WHERE c.team_id = @team AND c.status = 'closed' AND c.closed_on >= @checkinsFrom AND ${readable}
       UNION ALL SELECT c.id FROM cases c WHERE c.team_id = @team AND c.status = 'active' AND ${readable}
     ) x CROSS JOIN case_checkins k ON k.case_id = x.id
     WHERE k.done_on >= @from AND k.done_on <= @to GROUP BY 1, 2`,
    { checkinsFrom: monthsBefore(p.from, CHECKIN_MONTHS_MAX + 1) },
  );
  // Fixed rows: 3, 6 and 12 months, and one for any other time, always there.
  const months = [...DEFAULT_CHECKIN_MONTHS.map(String), OTHER_MONTHS];
  const monthsOf = (m: number): string => ((DEFAULT_CHECKIN_MONTHS as readonly number[]).includes(m) ? String(m) : OTHER_MONTHS);

  return {
    ageBands: bands.map((band) => ({ band, legacy: band === OLDER_BANDS })),
    active: table(GENDER_ROWS, bands, people.map((row) => ({ r: row.g, c: bandOf(row.band), n: row.active }))),
    started: table(GENDER_ROWS, bands, people.map((row) => ({ r: row.g, c: bandOf(row.band), n: row.started }))),
    exits: table(OUTCOMES, GENDER_ROWS, exits.map((e) => ({ r: e.outcome, c: e.g, n: e.n }))),
    incomes,
    forsorjningsstod: {
      atStart: (incomes.cells[fs] ?? []).reduce((sum, n) => sum + n, 0),
      atExit: incomes.cells.reduce((sum, row) => sum + (row[fs] ?? 0), 0),
    },
    checkins: table(months, CHECKIN_STATUSES, checkins.map((c) => ({ r: monthsOf(c.months), c: c.status, n: c.n }))),
    cameBack: cameBackTable(
      reopenings.flatMap((row) => (row.turn?.startsWith('avslutad ') ? [{ g: row.g, band: bandOf(row.band), exitOn: row.turn.slice('avslutad '.length) }] : [])),
    ),
    atEnd: table(GENDER_ROWS, bands, people.map((row) => ({ r: row.g, c: bandOf(row.band), n: row.at_end }))),
  };
}
