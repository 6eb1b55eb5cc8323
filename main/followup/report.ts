import { type FollowUpStats, type ReportCell, suppressGroup, suppressOne } from '../../shared/followup/model';

/**
 * The follow-up report's rows (section, category, count), in Swedish — the report goes to the
 * samordningsförbund. With `suppressBelow`, every count about young people (cases, outcomes,
 * handovers, actions) from 1 to the threshold minus one is shown as "..", with complementary
 * suppression inside each group that has a total; staff attendance and meeting counts stay.
 */
const OUTCOME_SV: Record<string, string> = { arbete: 'Arbete', studier: 'Studier', 'annan-myndighet': 'Annan myndighet', avbrott: 'Avbrott', other: 'Annat' };

export type ReportRow = [section: string, category: string, count: ReportCell];

interface Group {
  readonly section: string;
  readonly cells: readonly { label: string; count: number }[];
  /** Counts about young people: suppressed in reports that leave the team. */
  readonly suppress: boolean;
  /** One count on its own line, no total. */
  readonly lone?: boolean;
}

function groupsOf(stats: FollowUpStats): Group[] {
  return [
    { section: 'Möten', cells: [{ label: 'Hållna teammöten', count: stats.meetingsHeld }], suppress: false, lone: true },
    { section: 'Närvaro per organisation', cells: stats.attendance, suppress: false },
    {
      section: 'Diskuterade ärenden',
      cells: [
        { label: 'Med samtycke', count: stats.casesDiscussed.consent },
        { label: 'Anonyma', count: stats.casesDiscussed.anonymous },
      ],
      suppress: true,
    },
    { section: 'Ärenden', cells: [{ label: 'Nya', count: stats.newCases }], suppress: true, lone: true },
    { section: 'Avslutade ärenden efter utfall', cells: stats.outcomes.map((o) => ({ label: OUTCOME_SV[o.label] ?? o.label, count: o.count })), suppress: true },
    { section: 'Handledning', cells: [{ label: 'Genomförda tillfällen', count: stats.supervisionSessions }], suppress: false, lone: true },
    { section: 'Överlämningar skickade till', cells: stats.handoversSent, suppress: true },
    { section: 'Överlämningar mottagna från', cells: stats.handoversReceived, suppress: true },
    // One group, so "due" minus "on time" cannot give a hidden count back.
    {
      section: 'Åtgärder med förfallodag i perioden',
      cells: [
        { label: 'Klara i tid', count: stats.actions.doneOnTime },
        { label: 'Klara för sent', count: stats.actions.late },
        { label: 'Inte klara', count: stats.actions.notDone },
      ],
      suppress: true,
    },
  ];
}

const cellKey = (section: string, label: string): string => `${section}\u0000${label}`;

/**
 * The rows of the report. `parts` are the reports a reader may hold beside this one and subtract
 * from it — for a year, its three tertials: a cell with a part hidden there is hidden here too
 * (then complementary suppression as for any hidden cell), so year minus the visible tertials
 * cannot give a tertial's hidden count back.
 */
export function reportRows(stats: FollowUpStats, suppressBelow: number | null, parts: readonly FollowUpStats[] = []): ReportRow[] {
  const forced = new Set<string>();
  if (suppressBelow) {
    for (const part of parts) {
      for (const [section, category, count] of reportRows(part, suppressBelow)) if (count === '..') forced.add(cellKey(section, category));
    }
  }
  const rows: ReportRow[] = [];
  for (const group of groupsOf(stats)) {
    const counts = group.cells.map((cell) => cell.count);
    const forcedHere = new Set(group.cells.flatMap((cell, i) => (forced.has(cellKey(group.section, cell.label)) ? [i] : [])));
    if (group.lone) {
      const [cell] = group.cells;
      if (cell) rows.push([group.section, cell.label, group.suppress && suppressBelow ? suppressOne(cell.count, suppressBelow, forcedHere.has(0)) : cell.count]);
      continue;
    }
    const result = group.suppress && suppressBelow ? suppressGroup(counts, suppressBelow, forcedHere) : { cells: counts, total: counts.reduce((a, b) => a + b, 0) };
    group.cells.forEach((cell, i) => rows.push([group.section, cell.label, result.cells[i] ?? 0]));
    rows.push([group.section, 'Totalt', result.total]);
  }
  return rows;
}
