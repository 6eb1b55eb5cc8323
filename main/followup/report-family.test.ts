// The participant figures' small-count suppression across a year's family of reports (issue 20):
// T1, T2, T3, the cumulative January–August and the year, which a reader of the förbund may hold
// side by side and subtract (January–August minus T1 is T2; the year minus January–August is T3),
// inside which the margins (a kön's total, an age band's, the grand total) may solve a hidden cell,
// and between whose tables relations hold (participants now = participants before − exits + new).
//
// The same brute-force search as report.test.ts, over worlds of cases: every world of a small
// universe is published as its five reports, and for each publication every world that publishes
// the same thing is searched for. A hidden cell whose value is the same in all of them (and not 0)
// would be given away — there must be none. The search knows everything a reader could: all five
// reports at once, the algorithm, and every relation between the tables (whatever the relation, a
// cell it pins has one value across the worlds). Worlds of up to N cases are searched and those of
// up to N − 1 checked, so that knowing "at most N cases" gives the search nothing. A smaller universe
// only makes the searcher stronger (fewer worlds to hide among): passing it is no weaker evidence.
import { describe, expect, it } from 'vitest';
import type { CountTable, FollowUpStats, ParticipantFigures, ReportCell } from '../../shared/followup/model';
import { familyReports, reportRows } from './report';

const THRESHOLD = 3;
/** The five reports of a year as tertial ranges: T1, T2, T3, January–August, the year. */
const FAMILY = [
  { from: '2026-01-01', to: '2026-04-30', first: 1, last: 1 },
  { from: '2026-05-01', to: '2026-08-31', first: 2, last: 2 },
  { from: '2026-09-01', to: '2026-12-31', first: 3, last: 3 },
  { from: '2026-01-01', to: '2026-08-31', first: 1, last: 2 },
  { from: '2026-01-01', to: '2026-12-31', first: 1, last: 3 },
] as const;

/** Every world of up to `max` cases over `types` kinds of case, as counts per kind. */
function* worlds(types: number, max: number): Generator<number[]> {
  const counts = new Array<number>(types).fill(0);
  function* fill(i: number, left: number): Generator<number[]> {
    if (i === types) {
      yield [...counts];
      return;
    }
    for (let n = 0; n <= left; n++) {
      counts[i] = n;
      yield* fill(i + 1, left - n);
    }
    counts[i] = 0;
  }
  yield* fill(0, max);
}

/** What a world publishes, the true value of each hidden cell, and every published count that is small (1 to THRESHOLD − 1): there must be none. */
type Published = { key: string; hidden: Map<string, number>; small?: readonly string[] };

/** The hidden cells whose value every world publishing the same shares: checked worlds (up to `max − 1` cases) against all (up to `max`). */
function givenAway(types: number, max: number, publish: (world: readonly number[]) => Published): string[] {
  const groups = new Map<string, { example: readonly number[]; cells: Map<string, number | null> }>();
  const all = [...worlds(types, max)];
  const size = (world: readonly number[]) => world.reduce((a, b) => a + b, 0);
  for (const world of all.filter((w) => size(w) < max)) {
    const { key, hidden } = publish(world);
    const group = groups.get(key);
    if (!group) groups.set(key, { example: world, cells: new Map(hidden) });
    else for (const [cell, value] of hidden) if (group.cells.get(cell) !== value) group.cells.set(cell, null);
  }
  for (const world of all.filter((w) => size(w) === max)) {
    const { key, hidden } = publish(world);
    const group = groups.get(key);
    if (group) for (const [cell, value] of hidden) if (group.cells.get(cell) !== value) group.cells.set(cell, null);
  }
  const found: string[] = [];
  // A count that should have been hidden and was published as it is (found in review: the search
  // alone looks only for hidden cells worked back out, never at what is shown).
  const small = new Set<string>();
  for (const world of all) for (const line of publish(world).small ?? []) if (small.size < 20) small.add(`${line} in ${JSON.stringify(world)}`);
  found.push(...small);
  for (const { example, cells } of groups.values()) for (const [cell, value] of cells) if (value !== null && value > 0) found.push(`${cell} = ${value} in ${JSON.stringify(example)}`);
  return found;
}

/** The published rows of the five reports and the true value of each hidden one (`alone`: each report suppressed on its own, as the search must catch). */
function publication(family: FollowUpStats[], sections: RegExp, alone = false): Published {
  const reports = alone ? family.map((stats) => reportRows(stats, THRESHOLD)) : familyReports(family, THRESHOLD);
  const published = reports.map((rows) => rows.filter(([section]) => sections.test(section)));
  const hidden = new Map<string, number>();
  published.forEach((rows, i) => {
    const truth = new Map(reportRows(family[i] as FollowUpStats, null).map(([section, category, n]) => [`${section}|${category}`, n]));
    for (const [section, category, n] of rows) if (n === '..') hidden.set(`report ${i}: ${section}|${category}`, Number(truth.get(`${section}|${category}`)));
  });
  const small = alone ? [] : published.flatMap((rows, i) => rows.filter(([, , n]) => typeof n === 'number' && n > 0 && n < THRESHOLD).map(([section, category, n]) => `report ${i}: ${section}|${category} = ${String(n)} published`));
  return { key: JSON.stringify(published.map((rows) => rows.map(([, , n]) => n))), hidden, small };
}

const EMPTY: CountTable = { rows: [], columns: [], cells: [] };
function stats(from: string, to: string, participants: Partial<ParticipantFigures>, newCases = 0): FollowUpStats {
  return {
    teamId: '00000000-0000-4000-8000-000000000001',
    from,
    to,
    meetingsHeld: 10,
    weekly: [],
    attendance: [],
    casesDiscussed: { consent: 20, anonymous: 20 },
    newCases,
    closedCases: 0,
    outcomes: [],
    supervisionSessions: 3,
    handoversSent: [],
    handoversReceived: [],
    actions: { due: 0, doneOnTime: 0, late: 0, notDone: 0 },
    participants: { ageBands: [], active: EMPTY, started: EMPTY, exits: EMPTY, incomes: EMPTY, forsorjningsstod: { atStart: 0, atExit: 0 }, checkins: EMPTY, ...participants },
  };
}

/** The year's five check-in tables of a world: a kind of check-in is row r, column c, tertial t (index r * 6 + c * 3 + t − 1). */
function checkinFamily(world: readonly number[]): FollowUpStats[] {
  return FAMILY.map(({ from, to, first, last }) => {
    const cells = [0, 1].map((r) => [0, 1].map((c) => [1, 2, 3].reduce((sum, t) => sum + (t >= first && t <= last ? (world[r * 6 + c * 3 + (t - 1)] ?? 0) : 0), 0)));
    return stats(from, to, { checkins: { rows: ['3', '6'], columns: ['arbete', 'studier'], cells } });
  });
}

describe('a cross table with margins (the check-ins) across tertials, January–August and the year', () => {
  it('gives no hidden cell or total back: every world of up to 6 check-ins over 2 × 2 cells and 3 tertials', () => {
    expect(givenAway(12, 6, (world) => publication(checkinFamily(world), /^Uppföljningar/))).toEqual([]);
  });

  it('the search does find what each report suppressed on its own would give away', () => {
    const found = givenAway(12, 5, (world) => publication(checkinFamily(world), /^Uppföljningar/, true));
    // For one: 1 check-in in T1 and 3 in T2 in the same cell — T1 hides its 1, January–August shows 4 and T2 shows 3.
    expect(found.filter((entry) => entry.startsWith('report 0: Uppföljningar efter avslut (gjorda i perioden)|3 månader, Arbete (utan stöd) = 1 in [1,3,0,'))).not.toEqual([]);
  });
});

/**
 * The participant tables' universe: two kön, and these kinds of case (first and last tertial as
 * participant; started before the year or new; the exit's status and income at start → at exit).
 * The exits (in T2) pair every status with every income at start and every income at exit, and
 * every income at start with every income at exit: a pairing the universe lacked would tell the
 * searcher that nobody left that way, which no reader knows.
 */
const KINDS = [
  { first: 1, last: 3, old: true, exit: null },
  { first: 1, last: 3, old: false, exit: null },
  { first: 2, last: 3, old: false, exit: null },
  { first: 1, last: 2, old: true, exit: { outcome: 'arbete', start: 'forsorjningsstod', end: 'arbete' } },
  { first: 1, last: 2, old: true, exit: { outcome: 'arbete', start: 'arbete', end: 'forsorjningsstod' } },
  { first: 1, last: 2, old: true, exit: { outcome: 'studier', start: 'forsorjningsstod', end: 'forsorjningsstod' } },
  { first: 1, last: 2, old: true, exit: { outcome: 'studier', start: 'arbete', end: 'arbete' } },
] as const;
const GENDERS = ['kvinna', 'man'] as const;
const BANDS = ['20-24'] as const;
const OUTCOMES = ['arbete', 'studier'] as const;
const INCOMES = ['forsorjningsstod', 'arbete'] as const;
type Kind = (typeof KINDS)[number];

/** The year's five reports of a world: counts per kind of case, index (kön × bands + band) × kinds + kind. */
function familyOf(world: readonly number[]): FollowUpStats[] {
  const cases = GENDERS.flatMap((gender, g) => BANDS.flatMap((band, b) => KINDS.map((kind, k) => ({ gender, band, kind, n: world[(g * BANDS.length + b) * KINDS.length + k] ?? 0 }))));
  return FAMILY.map(({ from, to, first, last }) => {
    const count = (test: (c: (typeof cases)[number]) => boolean): number => cases.reduce((sum, c) => sum + (test(c) ? c.n : 0), 0);
    const active = (k: Kind) => k.first <= last && k.last >= first;
    const started = (k: Kind) => !k.old && k.first >= first && k.first <= last;
    const exited = (k: Kind) => k.exit !== null && k.last >= first && k.last <= last;
    const byGenderBand = (test: (k: Kind) => boolean) => GENDERS.map((gender) => BANDS.map((band) => count((c) => c.gender === gender && c.band === band && test(c.kind))));
    const incomes = INCOMES.map((start) => INCOMES.map((end) => count((c) => exited(c.kind) && c.kind.exit?.start === start && c.kind.exit.end === end)));
    const fresh = byGenderBand(started);
    return stats(
      from,
      to,
      {
        ageBands: BANDS.map((band) => ({ band, legacy: false })),
        active: { rows: [...GENDERS], columns: [...BANDS], cells: byGenderBand(active) },
        started: { rows: [...GENDERS], columns: [...BANDS], cells: fresh },
        exits: { rows: [...OUTCOMES], columns: [...GENDERS], cells: OUTCOMES.map((outcome) => GENDERS.map((gender) => count((c) => c.gender === gender && exited(c.kind) && c.kind.exit?.outcome === outcome))) },
        incomes: { rows: [...INCOMES], columns: [...INCOMES], cells: incomes },
        forsorjningsstod: { atStart: (incomes[0]?.[0] ?? 0) + (incomes[0]?.[1] ?? 0), atExit: (incomes[0]?.[0] ?? 0) + (incomes[1]?.[0] ?? 0) },
      },
      // The new cases are the new participants: the same total, on its own line.
      fresh.flat().reduce((a, b) => a + b, 0),
    );
  });
}

describe('the participant tables of a year’s family of reports', () => {
  it('give no hidden cell back — participants and new participants by kön × age band, exits by status × kön, the income transitions, försörjningsstöd and the new cases — across tertials, January–August and the year (every world of up to 5 cases of 14 kinds)', () => {
    const found = givenAway(GENDERS.length * BANDS.length * KINDS.length, 5, (world) => publication(familyOf(world), /^(Ärenden|Deltagare|Nya deltagare|Avslut|Försörjningsstöd)/));
    expect(found).toEqual([]);
  });

  it('the search does find what each report suppressed on its own would give away', () => {
    const found = givenAway(GENDERS.length * BANDS.length * KINDS.length, 4, (world) => publication(familyOf(world), /^(Ärenden|Deltagare|Nya deltagare|Avslut|Försörjningsstöd)/, true));
    expect(found.length).toBeGreaterThan(0);
  });

  it('hides a kön whole in every report of the family when it is small in one; the other kön stays', () => {
    // Three women before the year who stay; one man new in T2 who stays.
    const world = new Array<number>(GENDERS.length * KINDS.length).fill(0);
    world[0] = 3;
    world[KINDS.length + 2] = 1;
    const family = familyOf(world);
    const reports = familyReports(family, THRESHOLD);
    const cell = (rows: (typeof reports)[number] | undefined, section: string, category: string): ReportCell | undefined => rows?.find(([s, c]) => s.startsWith(section) && c === category)?.[2];
    // Without its family, T1 shows the men's zeros and every total; with it, every report hides the men whole, and the totals.
    expect(cell(reportRows(family[0] as FollowUpStats, THRESHOLD), 'Deltagare', 'Man, totalt')).toBe(0);
    expect(reports.map((rows) => cell(rows, 'Deltagare', 'Man, totalt'))).toEqual(['..', '..', '..', '..', '..']);
    expect(reports.map((rows) => cell(rows, 'Nya deltagare', 'Man, 20–24 år'))).toEqual(['..', '..', '..', '..', '..']);
    expect(reports.map((rows) => cell(rows, 'Deltagare', 'Totalt'))).toEqual(['..', '..', '..', '..', '..']);
    expect(reports.map((rows) => cell(rows, 'Ärenden', 'Nya'))).toEqual(['..', '..', '..', '..', '..']);
    // The women stay visible: no relation ties them to the men's hidden counts.
    expect(reports.map((rows) => cell(rows, 'Deltagare', 'Kvinna, 20–24 år'))).toEqual([3, 3, 3, 3, 3]);
    expect(reports.map((rows) => cell(rows, 'Deltagare', 'Kvinna, totalt'))).toEqual([3, 3, 3, 3, 3]);
  });

  it('hides the new cases when they differ from the new participants by a small count (cases raised and not chosen) in any report of the family', () => {
    // Three women before the year who stay, three new in T2 who stay: nothing small, everything shown.
    const world = new Array<number>(GENDERS.length * KINDS.length).fill(0);
    world[0] = 3;
    world[2] = 3;
    const family = familyOf(world);
    const nya = (reports: ReturnType<typeof familyReports>) => reports.map((rows) => rows.find(([s, c]) => s === 'Ärenden' && c === 'Nya')?.[2]);
    expect(nya(familyReports(family, THRESHOLD))).toEqual([0, 3, 0, 3, 3]);
    // One case raised in T3 and not chosen: 1 new case, 0 new participants — its count would show.
    const raised = family.map((stats, i) => (i === 2 || i === 4 ? { ...stats, newCases: stats.newCases + 1 } : stats));
    expect(nya(familyReports(raised, THRESHOLD))).toEqual(['..', '..', '..', '..', '..']);
    expect(familyReports(raised, THRESHOLD)[4]?.find(([s, c]) => s.startsWith('Nya deltagare') && c === 'Totalt')?.[2]).toBe(3);
  });
});
