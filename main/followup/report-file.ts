import { toExcelCsv } from '../../shared/csv/excel-csv';
import type { FollowUpStats } from '../../shared/followup/model';
import type { ReadCaps } from '../capabilities/caps';
import type { ReportRow } from './report';
import { followUpPdf } from './report-pdf';

/** The team's name, as the report and its file name print it. */
export const teamNameOf = (caps: ReadCaps, teamId: string): string => (caps.db.prepare('SELECT name FROM teams WHERE id = ?').get(teamId) as { name: string } | undefined)?.name ?? '';

/** The report's file name: the team and the period. */
export const reportFileName = (caps: ReadCaps, teamId: string, from: string, to: string, format: 'csv' | 'pdf'): string => `uppfoljning-${teamNameOf(caps, teamId)}-${from}-${to}.${format}`;

/**
 * The follow-up report's file content: a CSV (Swedish Excel) or a PDF with the team, the period, how
 * small counts are shown, any notes (a copy of a report sent, tables hidden whole), then the rows.
 */
export async function reportFileContent(
  caps: ReadCaps,
  teamId: string,
  format: 'csv' | 'pdf',
  report: { readonly from: string; readonly to: string; readonly stats: FollowUpStats; readonly rows: readonly ReportRow[]; readonly note: string; readonly notes: readonly string[] },
): Promise<string | Buffer> {
  const team = teamNameOf(caps, teamId);
  if (format === 'csv') {
    return toExcelCsv(['Avsnitt', 'Kategori', 'Antal'], [['Team', team, ''], ['Period', `${report.from} – ${report.to}`, ''], ['Små tal', report.note, ''], ...report.notes.map((line) => ['Anmärkning', line, '']), ...report.rows]);
  }
  const organisation = (caps.db.prepare('SELECT name FROM organisations WHERE is_own = 1').get() as { name: string }).name;
  return followUpPdf({ team, organisation, stats: report.stats, rows: report.rows, note: [report.note, ...report.notes].join(' '), now: caps.clock.now() });
}

/** How a suppressed report says what is hidden. */
export const suppressedNote = (threshold: number): string => `Antal 1–${threshold - 1} visas som ..`;
