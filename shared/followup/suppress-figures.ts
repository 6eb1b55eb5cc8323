import type { CountTable, ParticipantFigures, ReportCell } from './model';

/**
 * Small-count suppression of the participant figures (issue 20) for reports that leave the team.
 *
 * A reader of the förbund may hold every report of a year side by side — T1, T2, T3, the
 * cumulative January–August and the year (January–April is T1, January–December the year) — and
 * subtract them: January–August minus T1 is T2, the year minus January–August is T3. And inside
 * one report the margins (a kön's total, an age band's total, the grand total) let a hidden cell
 * be solved from the visible ones. Beyond that the tables are tied to each other: the
 * participants of one tertial are those of the one before, minus its exits, plus the new ones
 * (P(T2) = P(T1) − E(T1) + N(T2), and P(Jan–Aug) = P(T1) + N(T2)), per kön; and the exits are
 * counted twice, by status at exit × kön and by income at start × at exit.
 *
 * So the suppression is decided once for the whole family of a year's reports, and every report
 * of the family shows the same cells hidden:
 * - the participant tables (participants and new participants by kön × age band, exits by status
 *   × kön) hide by kön: a kön with a count from 1 to threshold − 1 in any of them, in any report
 *   of the family, is hidden whole — every cell and its total, in all three tables, in every
 *   report — and then every age band's and status's total and the grand totals are hidden too.
 *   What stays visible is about the other kön only, whose cases no relation ties to the hidden one;
 * - a reopened case makes the relation P(T2) = P(T1) − E(T1) + N(T2) + came back(T2), and
 *   P(T1) − E(T1) is who was still in at T1's end: counts no table shows, yet the tables pin them
 *   for a visible kön (found in review). So two tables of each report that are never published
 *   count as the three do: the reopenings by kön × age band × the tertial of the exit each follows
 *   (`cameBack`: one column per tertial, so T2's came-back minus January–August's is no smaller
 *   count), and who is still in at the period's end by kön × age band (`atEnd`). A kön small in
 *   either, in any report, is hidden whole; for a visible kön each is 0 or at least the threshold,
 *   and so is every sum of them the tables can give;
 * - the check-ins table (months × status) hides each cell that is small in any report of the
 *   family, in every report, with the total of each row and column holding a hidden cell and the
 *   grand total: any values of the hidden cells then publish the same visible numbers;
 * - the exits are the same people in both exit tables, and the exits of a visible kön follow from
 *   its participants (E(T2) = P(T2) − P(T3) + N(T3)): the income table is published only whole —
 *   when no kön is hidden and none of its own cells is small in any report of the family — and
 *   otherwise hidden whole, so its total never says how many exits the hidden kön had, and no
 *   choice of which cells to hide depends on them.
 * The brute-force search in main/followup/report-family.test.ts checks this over every input of small
 * worlds: no hidden cell's value follows from what the family publishes.
 */

/** A table as published: counts or "..", with the total of each row and column and the grand total. */
export interface PublishedTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly ReportCell[])[];
  readonly rowTotals: readonly ReportCell[];
  readonly columnTotals: readonly ReportCell[];
  readonly total: ReportCell;
}

export interface PublishedParticipants {
  readonly active: PublishedTable;
  readonly started: PublishedTable;
  readonly exits: PublishedTable;
  readonly incomes: PublishedTable;
  readonly forsorjningsstod: { readonly atStart: ReportCell; readonly atExit: ReportCell };
  readonly checkins: PublishedTable;
  /** The kön hidden whole in this family (in order). */
  readonly hiddenGenders: readonly string[];
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The tables of the family on the same rows and columns (the union, in order of first appearance). */
function align(tables: readonly CountTable[]): CountTable[] {
  const rows = [...new Set(tables.flatMap((t) => t.rows))];
  const columns = [...new Set(tables.flatMap((t) => t.columns))];
  return tables.map((t) => ({
    rows,
    columns,
    cells: rows.map((row) => {
      const r = t.rows.indexOf(row);
      return columns.map((column) => {
        const c = t.columns.indexOf(column);
        return r >= 0 && c >= 0 ? (t.cells[r]?.[c] ?? 0) : 0;
      });
    }),
  }));
}

const cellOf = (t: CountTable, r: number, c: number): number => t.cells[r]?.[c] ?? 0;
const rowSum = (t: CountTable, r: number): number => sum(t.cells[r] ?? []);
const columnSum = (t: CountTable, c: number): number => sum(t.cells.map((row) => row[c] ?? 0));

/** Publishes a table: `hidden(r, c)` says which cells go; a row's or column's total goes with any of its cells, the grand total with any. */
function publish(t: CountTable, hidden: (r: number, c: number) => boolean, hideAllMargins = false): PublishedTable {
  const cells = t.rows.map((_, r) => t.columns.map((_, c) => (hidden(r, c) ? ('..' as const) : cellOf(t, r, c))));
  const any = cells.some((row) => row.includes('..'));
  return {
    rows: t.rows,
    columns: t.columns,
    cells,
    rowTotals: t.rows.map((_, r) => (hideAllMargins || cells[r]?.includes('..') ? '..' : rowSum(t, r))),
    columnTotals: t.columns.map((_, c) => (hideAllMargins || cells.some((row) => row[c] === '..') ? '..' : columnSum(t, c))),
    total: any || hideAllMargins ? '..' : sum(t.rows.map((_, r) => rowSum(t, r))),
  };
}

const small = (n: number, threshold: number): boolean => n > 0 && n < threshold;
const key = (r: number, c: number): string => `${r}:${c}`;

/** The cells small in any table of the family (the tables aligned). */
function smallCells(family: readonly CountTable[], threshold: number): Set<string> {
  const hidden = new Set<string>();
  for (const t of family) t.rows.forEach((_, r) => t.columns.forEach((_, c) => small(cellOf(t, r, c), threshold) && hidden.add(key(r, c))));
  return hidden;
}

/**
 * The participant figures of each report of a family, suppressed together (`threshold`: counts
 * from 1 to threshold − 1 are small).
 */
export function suppressParticipantFamily(family: readonly ParticipantFigures[], threshold: number): PublishedParticipants[] {
  const active = align(family.map((f) => f.active));
  const started = align(family.map((f) => f.started));
  const exits = align(family.map((f) => f.exits));
  const incomes = align(family.map((f) => f.incomes));
  const checkins = align(family.map((f) => f.checkins));
  const genders = [...new Set([...(active[0]?.rows ?? []), ...(exits[0]?.columns ?? [])])];

  // Never published, but pinned by the tables (see above): who came back after an exit, who is still in at the end.
  const cameBack = align(family.map((f) => f.cameBack));
  const atEnd = align(family.map((f) => f.atEnd));

  // The kön hidden whole: small anywhere in the three participant tables of any report, or in who came back, is still in or is out at the end.
  const hiddenGenders = new Set<string>();
  for (const t of [...active, ...started, ...cameBack, ...atEnd]) t.rows.forEach((g, r) => t.columns.forEach((_, c) => small(cellOf(t, r, c), threshold) && hiddenGenders.add(g)));
  for (const t of exits) t.columns.forEach((g, c) => t.rows.forEach((_, r) => small(cellOf(t, r, c), threshold) && hiddenGenders.add(g)));
  // And who is out at a period's end (review): its participants less those still in — the difference
  // of two counts the tables pin, small when a few left and did not come back.
  family.forEach((_, i) => {
    const a = active[i];
    const e = atEnd[i];
    if (!a || !e) return;
    a.rows.forEach((g, r) =>
      a.columns.forEach((band, c) => {
        const er = e.rows.indexOf(g);
        const ec = e.columns.indexOf(band);
        if (small(cellOf(a, r, c) - (er >= 0 && ec >= 0 ? cellOf(e, er, ec) : 0), threshold)) hiddenGenders.add(g);
      }),
    );
  });
  // The exits are the same people in both exit tables (see above): with a kön hidden, or a cell of
  // its own small, the income table is hidden whole.
  const incomesHidden = hiddenGenders.size > 0 || smallCells(incomes, threshold).size > 0;
  const hiddenCheckins = smallCells(checkins, threshold);

  const anyGender = hiddenGenders.size > 0;
  return family.map((_, i) => {
    const a = active[i] as CountTable;
    const s = started[i] as CountTable;
    const e = exits[i] as CountTable;
    const inc = incomes[i] as CountTable;
    const byRowGender = (t: CountTable) => (r: number) => hiddenGenders.has(t.rows[r] ?? '');
    const genderRows = (t: CountTable): PublishedTable => {
      const published = publish(t, (r) => byRowGender(t)(r), false);
      return { ...published, columnTotals: published.columnTotals.map((cell) => (anyGender ? '..' : cell)), total: anyGender ? '..' : published.total };
    };
    const exitsPublished = ((): PublishedTable => {
      const published = publish(e, (_, c) => hiddenGenders.has(e.columns[c] ?? ''), false);
      return { ...published, rowTotals: published.rowTotals.map((cell) => (anyGender ? '..' : cell)), total: anyGender ? '..' : published.total };
    })();
    // Its grand total is the exits' (visible while no kön is hidden): hidden with theirs.
    const incomesWhole = publish(inc, () => incomesHidden, incomesHidden);
    const incomesPublished: PublishedTable = { ...incomesWhole, total: anyGender ? '..' : sum(inc.rows.map((_, r) => rowSum(inc, r))) };
    const fs = inc.rows.indexOf('forsorjningsstod');
    return {
      active: genderRows(a),
      started: genderRows(s),
      exits: exitsPublished,
      incomes: incomesPublished,
      forsorjningsstod: { atStart: incomesPublished.rowTotals[fs] ?? 0, atExit: incomesPublished.columnTotals[inc.columns.indexOf('forsorjningsstod')] ?? 0 },
      checkins: publish(checkins[i] as CountTable, (r, c) => hiddenCheckins.has(key(r, c))),
      hiddenGenders: genders.filter((g) => hiddenGenders.has(g)),
    };
  });
}

/** The table as it is, nothing hidden (the team's own report). */
export function publishAll(t: CountTable): PublishedTable {
  return publish(t, () => false);
}
