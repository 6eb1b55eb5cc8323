import { randomUUID } from 'node:crypto';
import { type FollowUpStats, type ReportPeriod, type ReportTable, REPORT_TABLES, type SentReport, type SentReportsView, periodDates, yearFamily } from '../../shared/followup/model';
import { AppError } from '../../shared/ipc/errors';
import { stockholmDate } from '../../shared/time/zone';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { cachedStatement } from '../vault/db/statements';
import type { ReportRow } from './report';
import { type SentMember, UNIT_NAMES_SV, familyReportsAfterSent, unitTruthDiffers } from './report-sent';
import { followUpStats } from './stats';

/**
 * The register of follow-up reports sent to the samordningsförbund (migration 023; issue 20,
 * review). A report exported with small counts suppressed leaves the team, and from then on it is
 * fixed:
 * - the threshold: the year's first suppressed report fixes it for the team's year; another is
 *   refused (`conflict`, `threshold_fixed`), nothing written;
 * - the report itself: a period sent is written again from the register, marked as a copy of the
 *   report sent on its day, whatever today's figures say (the page says when they differ);
 * - the year's later reports are suppressed consistently with it (report-sent.ts).
 * Its figures count every case of the team (`everyCase`), so two chairs make the same report — and
 * only an exporter who may read every case the year's figures count may make it (review: a chair
 * not covered by a consent would otherwise read that case's kön, age band and outcome off the
 * difference between her page and the report). A period is reported once it is over (review: a
 * year sent in March fixed the year's figures and threshold for good). The true counts stay here,
 * in the encrypted vault: the file holds only what is published.
 */

interface RegisterRow {
  readonly id: string;
  readonly period_from: string;
  readonly period_to: string;
  readonly suppress_below: number;
  readonly published_rows: string;
  readonly true_figures: string;
  readonly hidden_tables: string;
  readonly format: 'csv' | 'pdf';
  readonly sha256: string;
  readonly copy_of: string | null;
  readonly sent_at: string;
  readonly sent_by_name: string;
}

const REGISTER_OF_YEAR = `SELECT r.id, r.period_from, r.period_to, r.suppress_below, r.published_rows, r.true_figures, r.hidden_tables, r.format, r.sha256, r.copy_of, r.sent_at,
  a.display_name AS sent_by_name FROM followup_reports_sent r JOIN accounts a ON a.id = r.sent_by WHERE r.team_id = ? AND r.year = ? ORDER BY r.sent_at, r.rowid`;

function registerOf(caps: ReadCaps, teamId: string, year: number): RegisterRow[] {
  return cachedStatement(caps.db, REGISTER_OF_YEAR).all(teamId, year) as RegisterRow[];
}

const originalsOf = (rows: readonly RegisterRow[]): RegisterRow[] => rows.filter((row) => row.copy_of === null);
const tablesOf = (json: string): ReportTable[] => (JSON.parse(json) as string[]).filter((t): t is ReportTable => (REPORT_TABLES as readonly string[]).includes(t));
/** The originals' ids: what the register held when a report was made, checked again as it is recorded. */
const stateOf = (rows: readonly RegisterRow[]): string => originalsOf(rows).map((row) => row.id).join(',');

/** The year's threshold: that of its first suppressed report, or null before one is sent. */
function thresholdOf(rows: readonly RegisterRow[]): { value: number; fixedOn: string } | null {
  const first = originalsOf(rows)[0];
  return first ? { value: first.suppress_below, fixedOn: stockholmDate(new Date(first.sent_at)) } : null;
}

/**
 * The year's five reports of today's figures over every case of the team — when they are the
 * reader's own figures (what her page counts), else null: only then may the report over every case
 * be hers to make and compare.
 */
function yearFiguresOf(caps: ReadCaps, teamId: string, year: number): FollowUpStats[] | null {
  const family = yearFamily(year).map((period) => followUpStats(caps, teamId, period, { everyCase: true }));
  return yearFamily(year).every((period, i) => JSON.stringify(followUpStats(caps, teamId, period)) === JSON.stringify(family[i])) ? family : null;
}

/** The originals sent, as members of the year's `family`. */
function sentMembersOf(family: readonly FollowUpStats[], rows: readonly RegisterRow[]): SentMember[] {
  return originalsOf(rows).flatMap((row): SentMember[] => {
    const index = family.findIndex((member) => member.from === row.period_from && member.to === row.period_to);
    return index < 0 ? [] : [{ index, rows: JSON.parse(row.published_rows) as ReportRow[], truth: JSON.parse(row.true_figures) as FollowUpStats }];
  });
}

/** A suppressed report, made and ready to be written and recorded. */
export interface PreparedReport {
  readonly teamId: string;
  readonly year: number;
  readonly from: string;
  readonly to: string;
  readonly suppressBelow: number;
  readonly rows: ReportRow[];
  /** The lines the file begins with beyond team, period and threshold: that it is a copy, which tables it hid whole. */
  readonly notes: string[];
  readonly truth: FollowUpStats;
  readonly hiddenTables: ReportTable[];
  readonly copyOf: { readonly id: string; readonly sentOn: string } | null;
  readonly state: string;
}

/**
 * The report of `period` for the förbund at `suppressBelow`: a copy of the one sent for the period
 * if there is one, otherwise today's, suppressed consistently with those sent. Refused with
 * `threshold_fixed` when the year's threshold is another.
 */
export function prepareSentReport(caps: ReadCaps, teamId: string, period: ReportPeriod, suppressBelow: number): PreparedReport {
  const family = yearFiguresOf(caps, teamId, period.year);
  if (!family) {
    throw new AppError('forbidden', "The report to the förbund counts every case of the team's year, and some are not the exporter's to read", { reason: 'not_all_cases_covered' });
  }
  const register = registerOf(caps, teamId, period.year);
  const fixed = thresholdOf(register);
  if (fixed && fixed.value !== suppressBelow) {
    throw new AppError('conflict', `The team's reports of ${period.year} hide counts below ${fixed.value}, fixed by the first report sent on ${fixed.fixedOn}`, { reason: 'threshold_fixed' });
  }
  const { from, to } = periodDates(period);
  const state = stateOf(register);
  const original = originalsOf(register).find((row) => row.period_from === from && row.period_to === to);
  if (original) {
    const sentOn = stockholmDate(new Date(original.sent_at));
    const hiddenTables = tablesOf(original.hidden_tables);
    return {
      teamId,
      year: period.year,
      from,
      to,
      suppressBelow,
      rows: JSON.parse(original.published_rows) as ReportRow[],
      notes: [`Kopia av rapporten som skickades ${sentOn}, med samma siffror.`, ...hiddenNote(hiddenTables, period.year)],
      truth: JSON.parse(original.true_figures) as FollowUpStats,
      hiddenTables,
      copyOf: { id: original.id, sentOn },
      state,
    };
  }
  if (to >= caps.access.date) throw new AppError('conflict', 'A period is reported to the förbund once it is over', { reason: 'period_not_over' });
  const sent = sentMembersOf(family, register);
  const index = family.findIndex((member) => member.from === from && member.to === to);
  const truth = family[index];
  if (!truth) throw new AppError('invalid_input', 'A report is of a tertial, January to a tertial’s end, or the year', { field: 'period' });
  const { reports, broken } = familyReportsAfterSent(family, suppressBelow, sent);
  return { teamId, year: period.year, from, to, suppressBelow, rows: reports[index] ?? [], notes: hiddenNote(broken, period.year), truth, hiddenTables: broken, copyOf: null, state };
}

function hiddenNote(tables: readonly ReportTable[], year: number): string[] {
  if (tables.length === 0) return [];
  return [`Dolda helt, så att rapporten stämmer med rapporterna för ${year} som redan skickats: ${tables.map((t) => UNIT_NAMES_SV[t]).join('; ')}.`];
}

/**
 * Records a report written to its file, with its audit row, in one transaction — refused
 * (`report_sent_meanwhile`, nothing recorded: the caller removes the file) when another report of
 * the year was recorded since it was made.
 */
export function recordSentReport(caps: WriteCaps, report: PreparedReport, file: { format: 'csv' | 'pdf'; sha256: string; fileName: string }): string {
  const id = randomUUID();
  caps.db.transaction(() => {
    if (stateOf(registerOf(caps, report.teamId, report.year)) !== report.state) {
      throw new AppError('conflict', 'Another report of the year was sent meanwhile', { reason: 'report_sent_meanwhile' });
    }
    caps.db
      .prepare(
        `INSERT INTO followup_reports_sent (id, team_id, year, period_from, period_to, suppress_below, published_rows, true_figures, hidden_tables, format, sha256, copy_of, sent_at, sent_by)
         VALUES (@id, @team, @year, @from, @to, @threshold, @rows, @truth, @hidden, @format, @sha256, @copyOf, @at, @by)`,
      )
      .run({
        id,
        team: report.teamId,
        year: report.year,
        from: report.from,
        to: report.to,
        threshold: report.suppressBelow,
        rows: JSON.stringify(report.rows),
        truth: JSON.stringify(report.truth),
        hidden: JSON.stringify(report.hiddenTables),
        format: file.format,
        sha256: file.sha256,
        copyOf: report.copyOf?.id ?? null,
        at: caps.clock.now().toISOString(),
        by: caps.account.id,
      });
    caps.audit.record('followup.exported', {
      teamId: report.teamId,
      from: report.from,
      to: report.to,
      format: file.format,
      suppressBelow: report.suppressBelow,
      sha256: file.sha256,
      fileName: file.fileName,
      reportId: id,
      copyOf: report.copyOf?.id ?? null,
      hiddenTables: report.hiddenTables.length,
    });
  })();
  return id;
}

/**
 * The register of a team's year as the follow-up page shows it to the chair: the fixed threshold,
 * each report sent (and copy) with the tables whose figures today differ from what it was made
 * from, and the tables a new report would hide whole.
 */
export function sentReportsView(caps: ReadCaps, teamId: string, year: number): SentReportsView {
  const register = registerOf(caps, teamId, year);
  if (register.length === 0) return { threshold: null, reports: [], hiddenInNewReports: [] };
  // Today's figures are compared only for a reader who may read every case they count (review:
  // otherwise "differs" would tell her when a case she may not read was changed).
  const family = yearFiguresOf(caps, teamId, year);
  const threshold = thresholdOf(register);
  const hiddenInNewReports = threshold && family ? familyReportsAfterSent(family, threshold.value, sentMembersOf(family, register)).broken : [];
  const reports = register.map((row): SentReport => {
    const today = family?.find((member) => member.from === row.period_from && member.to === row.period_to);
    const truth = JSON.parse(row.true_figures) as FollowUpStats;
    return {
      id: row.id,
      from: row.period_from,
      to: row.period_to,
      suppressBelow: row.suppress_below,
      format: row.format,
      sha256: row.sha256,
      sentOn: stockholmDate(new Date(row.sent_at)),
      sentAt: row.sent_at,
      sentBy: row.sent_by_name,
      copyOf: row.copy_of,
      hiddenTables: tablesOf(row.hidden_tables),
      differs: row.copy_of === null && today ? REPORT_TABLES.filter((table) => unitTruthDiffers(table, truth, today)) : [],
    };
  });
  return { threshold, reports, hiddenInNewReports };
}
