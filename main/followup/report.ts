import { type FollowUpStats, type ReportCell, suppressGroup, suppressOne } from '../../shared/followup/model';
import { type PublishedParticipants, type PublishedTable, publishAll, suppressParticipantFamily } from '../../shared/followup/suppress-figures';
import { participantLabels } from './report-labels';

/**
 * The follow-up report's rows (section, category, count), in Swedish — the report goes to the
 * samordningsförbund. With `suppressBelow`, every count about young people (cases, participants,
 * exits, handovers, actions) from 1 to the threshold minus one is shown as "..", with
 * complementary suppression inside each group that has a total; staff attendance and meeting
 * counts stay.
 */
export type ReportRow = [section: string, category: string, count: ReportCell];

interface Group {
  readonly section: string;
  readonly cells: readonly { label: string; count: number }[];
  /** Counts about young people: suppressed in reports that leave the team. */
  readonly suppress: boolean;
  /** One count on its own line, no total. */
  readonly lone?: boolean;
}

/** The section of the new cases' count: hidden with the new participants' table (the same people, the same total). */
const NEW_CASES = ['Ärenden', 'Nya'] as const;

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
    { section: NEW_CASES[0], cells: [{ label: NEW_CASES[1], count: stats.newCases }], suppress: true, lone: true },
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

/** The groups' rows, with `forced` cells hidden as well (a cell hidden in another report of the family). */
function groupRows(stats: FollowUpStats, suppressBelow: number | null, forced: ReadonlySet<string>): ReportRow[] {
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

/** A published table as rows: each row's cells and total, then each column's total and the grand total. */
function tableRows(section: string, table: PublishedTable, rowLabel: (code: string) => string, columnLabel: (code: string) => string): ReportRow[] {
  const rows: ReportRow[] = [];
  table.rows.forEach((row, r) => {
    table.columns.forEach((column, c) => rows.push([section, `${rowLabel(row)}, ${columnLabel(column)}`, table.cells[r]?.[c] ?? 0]));
    rows.push([section, `${rowLabel(row)}, totalt`, table.rowTotals[r] ?? 0]);
  });
  table.columns.forEach((column, c) => rows.push([section, `Totalt, ${columnLabel(column)}`, table.columnTotals[c] ?? 0]));
  rows.push([section, 'Totalt', table.total]);
  return rows;
}

function participantRows(members: readonly FollowUpStats[], published: PublishedParticipants): ReportRow[] {
  const label = participantLabels();
  return [
    ...tableRows('Deltagare i perioden efter kön och åldersgrupp', published.active, label.gender, label.band),
    ...tableRows('Nya deltagare efter kön och åldersgrupp', published.started, label.gender, label.band),
    ...tableRows('Avslut efter status vid avslut och kön', published.exits, label.outcome, label.gender),
    ...tableRows('Avslut: försörjning vid start → vid avslut', published.incomes, label.income, label.income),
    ['Försörjningsstöd bland avslutade', 'Vid start', published.forsorjningsstod.atStart],
    ['Försörjningsstöd bland avslutade', 'Vid avslut', published.forsorjningsstod.atExit],
    ...tableRows('Uppföljningar efter avslut (gjorda i perioden)', published.checkins, label.months, label.checkin),
  ];
}

/**
 * The rows of the report. `family` are the reports a reader may hold beside this one and subtract
 * from it or from each other — for any report of a year: T1, T2, T3, January–August and the year.
 * The suppression is decided over the whole family (`familyReports`), so no difference between
 * them gives a hidden count back.
 */
export function reportRows(stats: FollowUpStats, suppressBelow: number | null, family: readonly FollowUpStats[] = []): ReportRow[] {
  if (!suppressBelow) {
    const p = stats.participants;
    const all: PublishedParticipants = {
      active: publishAll(p.active),
      started: publishAll(p.started),
      exits: publishAll(p.exits),
      incomes: publishAll(p.incomes),
      forsorjningsstod: p.forsorjningsstod,
      checkins: publishAll(p.checkins),
      hiddenGenders: [],
    };
    return [...groupRows(stats, null, new Set()), ...participantRows([stats], all)];
  }
  return familyReports([stats, ...family.filter((member) => member !== stats)], suppressBelow)[0] ?? [];
}

/**
 * The rows of every report of a family, suppressed together (shared/followup/suppress-figures.ts
 * for the participant tables; for the other groups, a cell hidden in any report of the family is
 * hidden in all, until no report hides another cell).
 */
export function familyReports(members: readonly FollowUpStats[], suppressBelow: number): ReportRow[][] {
  const published = suppressParticipantFamily(
    members.map((member) => member.participants),
    suppressBelow,
  );
  const forced = new Set<string>();
  for (;;) {
    const before = forced.size;
    for (const member of members) for (const [section, category, count] of groupRows(member, suppressBelow, forced)) if (count === '..') forced.add(cellKey(section, category));
    if (forced.size === before) break;
  }
  // The new cases are the new participants until the beredning is used: hidden with that table's
  // total, a 0 too — a visible 0 would say that the hidden kön had no new participants. Once cases
  // are raised and not (yet) chosen, the two differ by those cases: a small difference in any
  // report of the family hides the new cases in all, so it cannot be read off either.
  const startedTotal = (member: FollowUpStats): number => member.participants.started.cells.flat().reduce((a, b) => a + b, 0);
  const hideNew = (published[0]?.hiddenGenders.length ?? 0) > 0 || members.some((member) => Math.abs(member.newCases - startedTotal(member)) > 0 && Math.abs(member.newCases - startedTotal(member)) < suppressBelow);
  return members.map((member, i) => [
    ...groupRows(member, suppressBelow, forced).map(([section, category, count]): ReportRow => [section, category, hideNew && section === NEW_CASES[0] && category === NEW_CASES[1] ? '..' : count]),
    ...participantRows(members, published[i] as PublishedParticipants),
  ]);
}
