import { type FollowUpStats, type ReportCell, suppressGroup, suppressOne } from '../../shared/followup/model';

/**
 * The follow-up report's rows (section, category, count), in Swedish — the report goes to the
 * samordningsförbund. With `suppressBelow`, every count about young people (cases, outcomes,
 * handovers, actions) from 1 to the threshold minus one is shown as "..", with complementary
 * suppression inside each group that has a total; staff attendance and meeting counts stay.
 */
const OUTCOME_SV: Record<string, string> = { arbete: 'Arbete', studier: 'Studier', 'annan-myndighet': 'Annan myndighet', avbrott: 'Avbrott', other: 'Annat' };

export type ReportRow = [section: string, category: string, count: ReportCell];

export function reportRows(stats: FollowUpStats, suppressBelow: number | null): ReportRow[] {
  const rows: ReportRow[] = [];
  const one = (count: number): ReportCell => (suppressBelow ? suppressOne(count, suppressBelow) : count);
  const group = (section: string, cells: readonly { label: string; count: number }[], suppress: boolean): void => {
    const counts = cells.map((cell) => cell.count);
    const result = suppress && suppressBelow ? suppressGroup(counts, suppressBelow) : { cells: counts, total: counts.reduce((a, b) => a + b, 0) };
    cells.forEach((cell, i) => rows.push([section, cell.label, result.cells[i] ?? 0]));
    rows.push([section, 'Totalt', result.total]);
  };
  rows.push(['Möten', 'Hållna teammöten', stats.meetingsHeld]);
  group('Närvaro per organisation', stats.attendance, false);
  group('Diskuterade ärenden', [
    { label: 'Med samtycke', count: stats.casesDiscussed.consent },
    { label: 'Anonyma', count: stats.casesDiscussed.anonymous },
  ], true);
  rows.push(['Ärenden', 'Nya', one(stats.newCases)]);
  group('Avslutade ärenden efter utfall', stats.outcomes.map((o) => ({ label: OUTCOME_SV[o.label] ?? o.label, count: o.count })), true);
  rows.push(['Handledning', 'Genomförda tillfällen', stats.supervisionSessions]);
  group('Överlämningar skickade till', stats.handoversSent, true);
  group('Överlämningar mottagna från', stats.handoversReceived, true);
  // One group, so "due" minus "on time" cannot give a hidden count back.
  group('Åtgärder med förfallodag i perioden', [
    { label: 'Klara i tid', count: stats.actions.doneOnTime },
    { label: 'Klara för sent', count: stats.actions.late },
    { label: 'Inte klara', count: stats.actions.notDone },
  ], true);
  return rows;
}
