import { createHash } from 'node:crypto';
import { stockholmDate } from '../../shared/time/zone';
import { readCaps, writeCaps } from '../capabilities/caps';
import { reportFileContent, reportFileName, suppressedNote } from '../followup/report-file';
import { prepareSentReport, recordSentReport } from '../followup/sent-reports';
import type { UnlockedVault } from './vault';

/**
 * The demo's register of reports sent (issue 20), seeded as the demo chair after the participant
 * facts: Team aktivitetsersättning sent its T1 report of this year to the förbund (counts below 5
 * hidden) once T1 was over, so the follow-up shows the year's threshold locked and T1 as sent.
 * Counts only, of invented cases; the file itself is not kept (the register holds its hash).
 */
export async function seedDemoSentReport(chair: UnlockedVault): Promise<void> {
  const team = (chair.db.prepare("SELECT id FROM teams WHERE name = 'Team aktivitetsersättning'").get() as { id: string } | undefined)?.id;
  const today = stockholmDate(chair.now());
  const year = Number(today.slice(0, 4));
  if (!team || today <= `${year}-04-30`) return;
  const report = prepareSentReport(readCaps(chair), team, { kind: 'tertial', year, tertial: 1 }, 5);
  const content = await reportFileContent(readCaps(chair), team, 'csv', { from: report.from, to: report.to, stats: report.truth, rows: report.rows, note: suppressedNote(5), notes: report.notes });
  const sha256 = createHash('sha256').update(content).digest('hex');
  recordSentReport(writeCaps(chair), report, { format: 'csv', sha256, fileName: reportFileName(readCaps(chair), team, report.from, report.to, 'csv') });
}
