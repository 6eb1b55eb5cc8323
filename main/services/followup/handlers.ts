import path from 'node:path';
import { toExcelCsv } from '../../../shared/csv/excel-csv';
import { AppError } from '../../../shared/ipc/errors';
import { writeAuditedExport } from '../../exports/export-files';
import { followUpPdf } from '../../followup/report-pdf';
import { reportRows } from '../../followup/report';
import type { ReportPeriod } from '../../../shared/followup/model';
import { followUpStats } from '../../followup/stats';
import type { DomainHandlers } from '../../ipc/registry';
import { actorOf, teamRolesOf, today } from '../../roster/access';
import type { VaultManager } from '../../vault/vault-manager';

/** Follow-up statistics and their CSV report (a warned, audited export into a picked folder). */
export function followUpHandlers(manager: VaultManager): DomainHandlers {
  return {
    'followup:stats': (input) => followUpStats(manager.vault, input.teamId, input.period),
    'followup:export-csv': (input) => exportReport(manager, input, 'csv'),
    'followup:export-pdf': (input) => exportReport(manager, input, 'pdf'),
  };
}

/**
 * The report leaves the team: its chair saves it, per tertial or year, into a picked folder; the
 * audit row holds the file's hash and the suppression used, never the figures.
 */
async function exportReport(manager: VaultManager, input: { teamId: string; period: ReportPeriod; suppressBelow: number | null; folder: string }, format: 'csv' | 'pdf') {
  const vault = manager.vault;
  const actor = actorOf(vault);
  if (teamRolesOf(vault, actor.accountId, today(vault)).get(input.teamId) !== 'chair') throw new AppError('forbidden', "The team's chair saves the report", { reason: 'not_team_chair' });
  const stats = followUpStats(vault, input.teamId, input.period);
  const team = (vault.db.prepare('SELECT name FROM teams WHERE id = ?').get(input.teamId) as { name: string } | undefined)?.name ?? '';
  const organisation = (vault.db.prepare('SELECT name FROM organisations WHERE is_own = 1').get() as { name: string }).name;
  // A year's report is suppressed together with its tertials' reports, which the same reader may hold.
  const parts = input.period.kind === 'year' ? ([1, 2, 3] as const).map((tertial) => followUpStats(vault, input.teamId, { kind: 'tertial', year: input.period.year, tertial })) : [];
  const rows = reportRows(stats, input.suppressBelow, parts);
  const note = input.suppressBelow ? `Antal 1–${input.suppressBelow - 1} visas som ..` : 'Alla antal visas (rapporten stannar i teamet)';
  const content =
    format === 'csv'
      ? toExcelCsv(['Avsnitt', 'Kategori', 'Antal'], [['Team', team, ''], ['Period', `${stats.from} – ${stats.to}`, ''], ['Små tal', note, ''], ...rows])
      : await followUpPdf({ team, organisation, stats, rows, note, now: vault.now() });
  const written = await writeAuditedExport(input.folder, `uppfoljning-${team}-${stats.from}-${stats.to}.${format}`, content, ({ file, sha256 }) =>
    vault.audit('followup.exported', { teamId: input.teamId, from: stats.from, to: stats.to, format, suppressBelow: input.suppressBelow, sha256, fileName: path.basename(file) }),
  );
  return { ...written, rows: rows.length };
}
