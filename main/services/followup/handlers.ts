import path from 'node:path';
import { writeAuditedExport } from '../../exports/export-files';
import { reportRows } from '../../followup/report';
import { reportFileContent, reportFileName, suppressedNote } from '../../followup/report-file';
import { prepareSentReport, recordSentReport, sentReportsView } from '../../followup/sent-reports';
import { type ReportPeriod, periodDates } from '../../../shared/followup/model';
import { followUpStats } from '../../followup/stats';
import type { ReadCaps, WriteCaps } from '../../capabilities/caps';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';
import { forTeam, reads, writes } from '../compose';

/** Follow-up statistics and their CSV report (a warned, audited export into a picked folder). */
export function followUpHandlers(manager: VaultManager): DomainHandlers {
  return {
    'followup:stats': reads(manager, (caps, input) => followUpStats(caps, input.teamId, input.period)),
    // The report leaves the team: its chair saves it (and a report to the förbund is recorded in the register of reports sent).
    'followup:export-csv': writes(manager, forTeam('finalise', (input) => input.teamId, (caps, input) => exportReport(caps, input, 'csv'))),
    'followup:export-pdf': writes(manager, forTeam('finalise', (input) => input.teamId, (caps, input) => exportReport(caps, input, 'pdf'))),
    'followup:sent-reports': reads(manager, forTeam('finalise', (input) => input.teamId, (caps, input) => sentReportsView(caps, input.teamId, input.year))),
  };
}

interface ExportInput {
  readonly teamId: string;
  readonly period: ReportPeriod;
  readonly suppressBelow: number | null;
  readonly folder: string;
}

/**
 * The report, per tertial, part-year or year, saved into a picked folder; the audit row holds the
 * file's hash and the suppression used, never the figures. It is written by `writeAuditedExport`
 * once the file is there (not by the `audited` wrapper): a row that cannot be written takes the
 * file away again.
 *
 * With `suppressBelow` the report is for the förbund (main/followup/sent-reports.ts): counted over
 * every case of the team, at the year's fixed threshold, a copy of the report already sent for the
 * period if there is one, and recorded in the register with its audit row in one transaction.
 * Without, it is the team's own and counts what the chair may read, as the page does.
 */
async function exportReport(caps: WriteCaps, input: ExportInput, format: 'csv' | 'pdf') {
  if (input.suppressBelow === null) return exportTeamReport(caps, { ...input, suppressBelow: null }, format);
  const report = prepareSentReport(caps, input.teamId, input.period, input.suppressBelow);
  const content = await reportFileContent(caps, input.teamId, format, { from: report.from, to: report.to, stats: report.truth, rows: report.rows, note: suppressedNote(input.suppressBelow), notes: report.notes });
  const written = await writeAuditedExport(input.folder, reportFileName(caps, input.teamId, report.from, report.to, format), content, ({ file, sha256 }) =>
    recordSentReport(caps, report, { format, sha256, fileName: path.basename(file) }),
  );
  return { ...written, rows: report.rows.length, copyOf: report.copyOf ? { sentOn: report.copyOf.sentOn } : null, hiddenTables: report.hiddenTables };
}

/** The team's own report: every count as it is, over the cases the chair may read; audited, not recorded as sent. */
async function exportTeamReport(caps: ReadCaps, input: ExportInput & { suppressBelow: null }, format: 'csv' | 'pdf') {
  const { from, to } = periodDates(input.period);
  const stats = followUpStats(caps, input.teamId, input.period);
  const rows = reportRows(stats, null);
  const content = await reportFileContent(caps, input.teamId, format, { from, to, stats, rows, note: 'Alla antal visas (rapporten stannar i teamet)', notes: [] });
  const written = await writeAuditedExport(input.folder, reportFileName(caps, input.teamId, from, to, format), content, ({ file, sha256 }) =>
    caps.audit.record('followup.exported', { teamId: input.teamId, from, to, format, suppressBelow: null, sha256, fileName: path.basename(file) }),
  );
  return { ...written, rows: rows.length };
}
