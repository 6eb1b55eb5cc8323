import { z } from 'zod';

/**
 * Follow-up statistics for the samordningsförbund (PRODUCT.md): per team and period — a tertial
 * (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec), a year, a cumulative part-year (1 January to the end of a
 * tertial: "1 januari – 31 augusti", issue 20) or custom dates — counted by Europe/Stockholm dates,
 * never UTC ones. Counts only: no names, no case codes.
 */
const IsoDate = z.iso.date();
const Tertial = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const Year = z.number().int().min(2000).max(2100);
/**
 * The fixed columns and rows of the participant tables that no count decides (found in review): a
 * column that appeared only when some case had an older band would tell a reader, next to zeros in
 * every visible kön, that a hidden kön has someone in it. So every band not configured now is one
 * column, always there (`OLDER_BANDS`), and every check-in time other than 3, 6 and 12 months one
 * row (`OTHER_MONTHS`).
 */
export const OLDER_BANDS = 'aldre';
export const OTHER_MONTHS = 'ovriga';

export const Period = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tertial'), year: Year, tertial: Tertial }).strict(),
  z.object({ kind: z.literal('year'), year: Year }).strict(),
  z.object({ kind: z.literal('custom'), from: IsoDate, to: IsoDate }).strict(),
  z.object({ kind: z.literal('cumulative'), year: Year, tertial: Tertial }).strict(),
]);
export type Period = z.infer<typeof Period>;

export { OUTCOMES } from '../cases/codes';

const Count = z.object({ label: z.string(), count: z.number().int().nonnegative() });

/** A cross table of counts: `cells[row][column]`, rows and columns as codes (the page and the report name them). */
export const CountTable = z.object({ rows: z.array(z.string()), columns: z.array(z.string()), cells: z.array(z.array(z.number().int().nonnegative())) });
export type CountTable = z.infer<typeof CountTable>;

/**
 * The participant figures for the förbund (issue 20), counted over the cases the reader may read:
 * - `active`: participants — cases active at any time in the period (from their first day as
 *   aktiv to their closing day) — by kön (GENDERS, then `ej-registrerat`) × age band (the
 *   configured bands, then any older band present, `ageBands[].legacy`);
 * - `started`: new participants — whose first day as aktiv is in the period — by kön × age band;
 * - `exits`: exits in the period by status at exit (OUTCOMES) × kön;
 * - `incomes`: the exits' source of income at start × at exit (INCOME_SOURCES, then `ej-registrerat`);
 * - `forsorjningsstod`: how many of the exits had försörjningsstöd at start and at exit (the
 *   `incomes` table's row and column for it);
 * - `checkins`: check-ins done in the period, by months after exit × status (CHECKIN_STATUSES);
 * - `cameBack`: the reopenings in the period after an exit, by kön × (age band, the tertial of the
 *   exit it follows: `20-24 2026-T1`);
 * - `atEnd`: the participants still in on the period's last day, by kön × age band.
 * `cameBack` and `atEnd` are in no report: the tables pin them (P(T2) = P(T1) − E(T1) + N(T2) + came
 * back), so the suppression hides a kön for which either is small (shared/followup/suppress-figures.ts).
 */
export const ParticipantFigures = z.object({
  ageBands: z.array(z.object({ band: z.string(), legacy: z.boolean() })),
  active: CountTable,
  started: CountTable,
  exits: CountTable,
  incomes: CountTable,
  forsorjningsstod: z.object({ atStart: z.number().int().nonnegative(), atExit: z.number().int().nonnegative() }),
  checkins: CountTable,
  cameBack: CountTable,
  atEnd: CountTable,
});
export type ParticipantFigures = z.infer<typeof ParticipantFigures>;

export const FollowUpStats = z.object({
  teamId: z.uuid(),
  from: IsoDate,
  to: IsoDate,
  meetingsHeld: z.number().int(),
  /** Per ISO week (`2026-W53`): meetings held and new cases. */
  weekly: z.array(z.object({ week: z.string(), meetings: z.number().int(), newCases: z.number().int() })),
  attendance: z.array(Count),
  casesDiscussed: z.object({ consent: z.number().int(), anonymous: z.number().int() }),
  newCases: z.number().int(),
  closedCases: z.number().int(),
  outcomes: z.array(Count),
  supervisionSessions: z.number().int(),
  handoversSent: z.array(Count),
  handoversReceived: z.array(Count),
  /** Actions from the minutes already due in the period: done on time, done late, not done. */
  actions: z.object({ due: z.number().int(), doneOnTime: z.number().int(), late: z.number().int(), notDone: z.number().int() }),
  participants: ParticipantFigures,
});
export type FollowUpStats = z.infer<typeof FollowUpStats>;

export const StatsInput = z.object({ teamId: z.uuid(), period: Period }).strict();
/**
 * Reports leave the team per tertial, cumulative part-year or year only: own dates, differenced
 * against each other, would undo the suppression. The suppression of each is that of the whole
 * year's family of reports (report.ts), so no difference between them gives a hidden count back.
 */
export const ReportPeriod = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tertial'), year: Year, tertial: Tertial }).strict(),
  z.object({ kind: z.literal('year'), year: Year }).strict(),
  z.object({ kind: z.literal('cumulative'), year: Year, tertial: Tertial }).strict(),
]);

export type ReportPeriod = z.infer<typeof ReportPeriod>;

/** The reports of a year a reader may hold side by side: T1 (= 1 Jan – 30 Apr), T2, T3, 1 Jan – 31 Aug and the year (= 1 Jan – 31 Dec). */
export function yearFamily(year: number): ReportPeriod[] {
  return [
    { kind: 'tertial', year, tertial: 1 },
    { kind: 'tertial', year, tertial: 2 },
    { kind: 'tertial', year, tertial: 3 },
    { kind: 'cumulative', year, tertial: 2 },
    { kind: 'year', year },
  ];
}

export const StatsExportInput = z
  .object({
    teamId: z.uuid(),
    period: ReportPeriod,
    /** Counts below this are shown as ".." (with complementary suppression); null for the team's own use. */
    suppressBelow: z.number().int().min(2).max(20).nullable(),
    folder: z.string().min(1).max(4096),
  })
  .strict();

/** The period's first and last Stockholm dates, inclusive. */
export function periodDates(period: Period): { from: string; to: string } {
  if (period.kind === 'custom') return { from: period.from, to: period.to };
  if (period.kind === 'year') return { from: `${period.year}-01-01`, to: `${period.year}-12-31` };
  if (period.kind === 'cumulative') return { from: `${period.year}-01-01`, to: periodDates({ kind: 'tertial', year: period.year, tertial: period.tertial }).to };
  const [from, to] = period.tertial === 1 ? ['01-01', '04-30'] : period.tertial === 2 ? ['05-01', '08-31'] : ['09-01', '12-31'];
  return { from: `${period.year}-${from}`, to: `${period.year}-${to}` };
}

/** The tertial a Stockholm date falls in. */
export function tertialOf(date: string): { year: number; tertial: 1 | 2 | 3 } {
  const month = Number(date.slice(5, 7));
  return { year: Number(date.slice(0, 4)), tertial: month <= 4 ? 1 : month <= 8 ? 2 : 3 };
}

/** A cell of a report that leaves the team: a count, or suppressed (".."). */
export type ReportCell = number | '..';

/**
 * Suppresses counts from 1 to `threshold - 1` in a group, shown as "..". When only one cell had to
 * go, another non-zero cell goes too (complementary suppression); whenever anything is hidden the
 * total is hidden as well, so no hidden cell can be computed back from the rest. When the hidden
 * cells are the only non-zero ones, the zeros go too: "0, 0, .., 0" would say that everyone counted
 * is in the one hidden cell.
 */
export function suppressGroup(counts: readonly number[], threshold: number, forced: ReadonlySet<number> = new Set()): { cells: ReportCell[]; total: ReportCell } {
  const hidden = new Set<number>();
  counts.forEach((count, i) => {
    // `forced`: cells hidden because a part of them is hidden in another published report (a tertial of this year).
    if (count > 0 && (count < threshold || forced.has(i))) hidden.add(i);
  });
  if (hidden.size === 1) {
    // The largest other non-zero cell: choosing the smallest would bound the hidden one by what stays visible.
    const candidates = counts.map((count, i) => ({ count, i })).filter(({ count, i }) => count > 0 && !hidden.has(i));
    const other = candidates.sort((a, b) => b.count - a.count)[0];
    if (other) hidden.add(other.i);
  }
  const visibleNonZero = counts.filter((count, i) => count > 0 && !hidden.has(i)).length;
  const hideZeros = hidden.size > 0 && visibleNonZero === 0;
  const total = counts.reduce((sum, count) => sum + count, 0);
  return {
    cells: counts.map((count, i) => (hidden.has(i) || (hideZeros && count === 0) ? '..' : count)),
    total: hidden.size > 0 ? '..' : total,
  };
}

/** A lone count in a report that leaves the team. */
export function suppressOne(count: number, threshold: number, forced = false): ReportCell {
  return count > 0 && (count < threshold || forced) ? '..' : count;
}

/** A register extract (GDPR art. 15) for one case code: admin only, with the request's reason. */
export const RegisterExtractInput = z.object({ caseCode: z.string().trim().regex(/^[A-ZÅÄÖ]{1,4}-\d{4}-\d{3,4}$/), reason: z.string().trim().min(5).max(300) }).strict();
export const RegisterExtract = z.object({
  caseCode: z.string(),
  records: z.array(z.object({ kind: z.string(), date: z.string(), text: z.string() })),
  /**
   * Who owns the case's records (issue 20): its team's personuppgiftsansvarig, arkivbildare and
   * gallringsbeslut as entered now; null when the team is not known (a case gone by the rules) or
   * nothing was entered.
   */
  owner: z.object({ teamName: z.string(), controller: z.string().nullable(), archiveCreator: z.string().nullable(), decisionReference: z.string().nullable() }).nullable(),
});

/**
 * The tables of a report a later report may hide whole, to stay consistent with the reports of the
 * year already sent (issue 20, review; main/followup/report-sent.ts): the participant tables (with
 * the new cases), the check-ins, and the groups of counts about young people.
 */
export const REPORT_TABLES = ['participants', 'checkins', 'discussed', 'handoversSent', 'handoversReceived', 'actions'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

/** The register of reports sent to the förbund, per team and year. */
export const SentReportsInput = z.object({ teamId: z.uuid(), year: Year }).strict();
export const SentReport = z.object({
  id: z.uuid(),
  from: IsoDate,
  to: IsoDate,
  suppressBelow: z.number().int(),
  format: z.enum(['csv', 'pdf']),
  sha256: z.string(),
  /** The Stockholm day it was written, and the instant. */
  sentOn: IsoDate,
  sentAt: z.string(),
  sentBy: z.string(),
  /** A copy of an earlier report of the same period: that report's id. */
  copyOf: z.uuid().nullable(),
  /** The tables it hid whole to stay consistent with reports sent before it. */
  hiddenTables: z.array(z.enum(REPORT_TABLES)),
  /** For a report (not a copy): the tables whose figures for its period differ today from what it was made from. */
  differs: z.array(z.enum(REPORT_TABLES)),
});
export type SentReport = z.infer<typeof SentReport>;
export const SentReportsView = z.object({
  /** The year's threshold, fixed by its first suppressed report; null until one is sent. */
  threshold: z.object({ value: z.number().int(), fixedOn: IsoDate }).nullable(),
  reports: z.array(SentReport),
  /** The tables a new report of the year would hide whole (a report sent could not be kept consistent otherwise). */
  hiddenInNewReports: z.array(z.enum(REPORT_TABLES)),
});
export type SentReportsView = z.infer<typeof SentReportsView>;

/** What an export answers: the file, its hash, how many rows; for a report to the förbund, whether it is a copy and which tables it hid whole. */
export const StatsExportResult = z.object({
  file: z.string(),
  sha256: z.string(),
  rows: z.number().int(),
  copyOf: z.object({ sentOn: IsoDate }).nullable().optional(),
  hiddenTables: z.array(z.enum(REPORT_TABLES)).optional(),
});
