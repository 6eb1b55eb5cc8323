import path from 'node:path';
import { toExcelCsv } from '../../../shared/csv/excel-csv';
import { writeAuditedExport } from '../../exports/export-files';
import { followUpPdf } from '../../followup/report-pdf';
import { reportRows } from '../../followup/report';
import { type ReportPeriod, periodDates, yearFamily } from '../../../shared/followup/model';
import { followUpStats } from '../../followup/stats';
import type { ReadCaps } from '../../capabilities/caps';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';
import { forTeam, reads } from '../compose';

/** Follow-up statistics and their CSV report (a warned, audited export into a picked folder). */
export function followUpHandlers(manager: VaultManager): DomainHandlers {
  return {
    'followup:stats': reads(manager, (caps, input) => followUpStats(caps, input.teamId, input.period)),
    // The report leaves the team: its chair saves it.
    'followup:export-csv': reads(manager, forTeam('finalise', (input) => input.teamId, (caps, input) => exportReport(caps, input, 'csv'))),
    'followup:export-pdf': reads(manager, forTeam('finalise', (input) => input.teamId, (caps, input) => exportReport(caps, input, 'pdf'))),
  };
}

/**
 * The report, per tertial or year, saved into a picked folder; the audit row holds the file's hash
 * and the suppression used, never the figures. It is written by `writeAuditedExport` once the file
 * is there (not by the `audited` wrapper): a row that cannot be written takes the file away again.
 */
async function exportReport(caps: ReadCaps, input: { teamId: string; period: ReportPeriod; suppressBelow: number | null; folder: string }, format: 'csv' | 'pdf') {
  const team = (caps.db.prepare('SELECT name FROM teams WHERE id = ?').get(input.teamId) as { name: string } | undefined)?.name ?? '';
  const organisation = (caps.db.prepare('SELECT name FROM organisations WHERE is_own = 1').get() as { name: string }).name;
  // Every report of a year is suppressed together with the others a reader may hold beside it:
  // T1, T2, T3, January–August and the year (report.ts).
  const family = input.suppressBelow ? yearFamily(input.period.year).map((period) => followUpStats(caps, input.teamId, period)) : [];
  // The report's own period is one of its family (T1 = January–April, the year = January–December).
  const { from, to } = periodDates(input.period);
  const stats = family.find((member) => member.from === from && member.to === to) ?? followUpStats(caps, input.teamId, input.period);
  const rows = reportRows(stats, input.suppressBelow, family);
  const note = input.suppressBelow ? `Antal 1–${input.suppressBelow - 1} visas som ..` : 'Alla antal visas (rapporten stannar i teamet)';
  const content =
    format === 'csv'
      ? toExcelCsv(['Avsnitt', 'Kategori', 'Antal'], [['Team', team, ''], ['Period', `${stats.from} – ${stats.to}`, ''], ['Små tal', note, ''], ...rows])
      : await followUpPdf({ team, organisation, stats, rows, note, now: caps.clock.now() });
  const written = await writeAuditedExport(input.folder, `uppfoljning-${team}-${stats.from}-${stats.to}.${format}`, content, ({ file, sha256 }) =>
    caps.audit.record('followup.exported', { teamId: input.teamId, from: stats.from, to: stats.to, format, suppressBelow: input.suppressBelow, sha256, fileName: path.basename(file) }),
  );
  return { ...written, rows: rows.length };
}
