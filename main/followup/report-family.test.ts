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
//
// Reopened cases (review): a case that leaves and comes back ties the tables by a count none of
// them shows — P(T2) = P(T1) − E(T1) + N(T2) + came back(T2), and P(T1) − E(T1) is who was still
// in at T1's end. So the search also takes each such derived count (who came back, by kön, band
// and which exit it follows; who was in at a period's end; and every sum of them) and fails when
// the publication pins one to a small value, as it fails for a hidden cell it pins.
import { describe, expect, it } from 'vitest';
import type { CountTable, FollowUpStats, ReportCell } from '../../shared/followup/model';
import { familyReports, reportRows } from './report';
import { statsFixture, worlds } from './test-support/stats-fixture';

const THRESHOLD = 3;
/** A search publishes some ten thousand worlds: on a busy 2-core machine that takes longer than a unit test's default 20 s. */
const SEARCH_TIMEOUT = 180_000;
/** The five reports of a year as tertial ranges: T1, T2, T3, January–August, the year. */
const FAMILY = [
  { from: '2026-01-01', to: '2026-04-30', first: 1, last: 1 },
  { from: '2026-05-01', to: '2026-08-31', first: 2, last: 2 },
  { from: '2026-09-01', to: '2026-12-31', first: 3, last: 3 },
  { from: '2026-01-01', to: '2026-08-31', first: 1, last: 2 },
  { from: '2026-01-01', to: '2026-12-31', first: 1, last: 3 },
] as const;


/**
 * What a world publishes; the true value of each hidden cell; every published count that is small
 * (1 to the threshold − 1): there must be none; and the true value of each count the model derives
 * and no table publishes (`derived`: who came back after an exit, who was still in at a period's
 * end), which the published cells must not pin to a small value.
 */
type Published = { key: string; hidden: Map<string, number>; small?: readonly string[]; derived?: Map<string, number> };

/**
 * What the worlds publishing the same give away: the hidden cells whose value every one of them
 * shares (and not 0), and the derived counts whose value every one of them shares and is small —
 * checked worlds (up to `max − 1` cases) against all (up to `max`).
 */
function givenAway(types: number, max: number, publish: (world: readonly number[]) => Published, threshold = THRESHOLD): string[] {
  type Group = { example: readonly number[]; cells: Map<string, number | null>; derived: Map<string, number | null> };
  const groups = new Map<string, Group>();
  const all = [...worlds(types, max)];
  const size = (world: readonly number[]) => world.reduce((a, b) => a + b, 0);
  // What the worlds of a group share; a count a world does not name is 0 in it.
  const narrow = (known: Map<string, number | null>, values: Map<string, number>) => {
    for (const [cell, value] of known) if (value !== (values.get(cell) ?? 0)) known.set(cell, null);
    for (const cell of values.keys()) if (!known.has(cell)) known.set(cell, null);
  };
  // Each world published once (the search's cost).
  const publications = all.map((world) => ({ world, ...publish(world) }));
  for (const { world, key, hidden, derived = new Map<string, number>() } of publications.filter(({ world }) => size(world) < max)) {
    const group = groups.get(key);
    if (!group) groups.set(key, { example: world, cells: new Map(hidden), derived: new Map(derived) });
    else {
      narrow(group.cells, hidden);
      narrow(group.derived, derived);
    }
  }
  for (const { key, hidden, derived = new Map<string, number>() } of publications.filter(({ world }) => size(world) === max)) {
    const group = groups.get(key);
    if (group) {
      narrow(group.cells, hidden);
      narrow(group.derived, derived);
    }
  }
  const found: string[] = [];
  // A count that should have been hidden and was published as it is (found in review: the search
  // alone looks only for hidden cells worked back out, never at what is shown).
  const small = new Set<string>();
  for (const { world, small: lines = [] } of publications) for (const line of lines) if (small.size < 20) small.add(`${line} in ${JSON.stringify(world)}`);
  found.push(...small);
  for (const { example, cells } of groups.values()) for (const [cell, value] of cells) if (value !== null && value > 0) found.push(`${cell} = ${value} in ${JSON.stringify(example)}`);
  // A count no table shows, pinned by what the tables show (review: P(T2) − P(T1) + E(T1) − N(T2)
  // is who came back in T2): small, it tells about a few people as a small cell would.
  for (const { example, derived } of groups.values()) for (const [count, value] of derived) if (value !== null && value > 0 && value < threshold) found.push(`${count} = ${value} derived in ${JSON.stringify(example)}`);
  return found;
}

/**
 * The published rows of the five reports and the true value of each hidden one (`alone`: each
 * report suppressed on its own, as the search must catch); `derived`, the counts no table shows.
 */
function publication(family: FollowUpStats[], sections: RegExp, alone = false, derived?: Map<string, number>, threshold = THRESHOLD): Published {
  const reports = alone ? family.map((stats) => reportRows(stats, threshold)) : familyReports(family, threshold);
  const published = reports.map((rows) => rows.filter(([section]) => sections.test(section)));
  const hidden = new Map<string, number>();
  published.forEach((rows, i) => {
    const truth = new Map(reportRows(family[i] as FollowUpStats, null).map(([section, category, n]) => [`${section}|${category}`, n]));
    for (const [section, category, n] of rows) if (n === '..') hidden.set(`report ${i}: ${section}|${category}`, Number(truth.get(`${section}|${category}`)));
  });
  const small = alone ? [] : published.flatMap((rows, i) => rows.filter(([, , n]) => typeof n === 'number' && n > 0 && n < threshold).map(([section, category, n]) => `report ${i}: ${section}|${category} = ${String(n)} published`));
  return { key: JSON.stringify(published.map((rows) => rows.map(([, , n]) => n))), hidden, small, ...(derived ? { derived } : {}) };
}

const stats = statsFixture;

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

/** An exit's status at exit and income at start → at exit. */
type Exit = { readonly outcome: (typeof OUTCOMES)[number]; readonly start: (typeof INCOMES)[number]; readonly end: (typeof INCOMES)[number] };
/** A turn in a case's course, in tertial `t` (0: before the year): an exit, or a reopening after one. */
type Turn = { readonly t: 0 | 1 | 2 | 3; readonly exit: Exit } | { readonly t: 1 | 2 | 3; readonly back: true };
/** A kind of case: the tertial of its first day as aktiv (0: before the year) and its turns in order. */
type Kind = { readonly start: 0 | 1 | 2 | 3; readonly turns: readonly Turn[] };

const GENDERS = ['kvinna', 'man'] as const;
const BANDS = ['20-24'] as const;
const OUTCOMES = ['arbete', 'studier'] as const;
const INCOMES = ['forsorjningsstod', 'arbete'] as const;
/** Which exit a reopening follows, as the model's came-back table names it: the tertial, or before the year. */
const BUCKETS = ['fore', 'T1', 'T2', 'T3'] as const;

/**
 * The participant tables' universe: two kön, and these kinds of case (started before the year or
 * new; the exit's tertial, status and income at start → at exit). The exits (in T2) pair every
 * status with every income at start and every income at exit, and every income at start with every
 * income at exit: a pairing the universe lacked would tell the searcher that nobody left that way,
 * which no reader knows.
 */
const KINDS: readonly Kind[] = [
  { start: 0, turns: [] },
  { start: 1, turns: [] },
  { start: 2, turns: [] },
  { start: 0, turns: [{ t: 2, exit: { outcome: 'arbete', start: 'forsorjningsstod', end: 'arbete' } }] },
  { start: 0, turns: [{ t: 2, exit: { outcome: 'arbete', start: 'arbete', end: 'forsorjningsstod' } }] },
  { start: 0, turns: [{ t: 2, exit: { outcome: 'studier', start: 'forsorjningsstod', end: 'forsorjningsstod' } }] },
  { start: 0, turns: [{ t: 2, exit: { outcome: 'studier', start: 'arbete', end: 'arbete' } }] },
];

const LEFT: Exit = { outcome: 'arbete', start: 'forsorjningsstod', end: 'arbete' };
const STUDIES: Exit = { outcome: 'studier', start: 'arbete', end: 'forsorjningsstod' };
/**
 * The reopened cases' universe (review: no world held one): a case that exits in one tertial and
 * comes back in a later one — or left before the year and comes back in it — beside cases that
 * stay, a new one, and one that leaves in T1 and stays out (so that T1's exits need not all come back).
 */
const REOPENED_KINDS: readonly Kind[] = [
  { start: 0, turns: [] },
  { start: 2, turns: [] },
  { start: 0, turns: [{ t: 1, exit: LEFT }] },
  { start: 0, turns: [{ t: 1, exit: LEFT }, { t: 2, back: true }] },
  { start: 0, turns: [{ t: 1, exit: LEFT }, { t: 3, back: true }] },
  { start: 0, turns: [{ t: 0, exit: LEFT }, { t: 2, back: true }] },
  { start: 0, turns: [{ t: 2, exit: STUDIES }, { t: 3, back: true }] },
];

/** A kind's course through the year, per tertial 1–3 (index t − 1). */
function courseOf(kind: Kind) {
  let state: 'before' | 'in' | 'out' = kind.start === 0 ? 'in' : 'before';
  let lastExit = 0;
  for (const turn of kind.turns.filter((turn) => turn.t === 0)) {
    state = 'exit' in turn ? 'out' : 'in';
    if ('exit' in turn) lastExit = 0;
  }
  return [1, 2, 3].map((t) => {
    let participant = state === 'in';
    const started = kind.start === t;
    if (started) {
      state = 'in';
      participant = true;
    }
    const exits: Exit[] = [];
    const backs: (typeof BUCKETS)[number][] = [];
    for (const turn of kind.turns.filter((turn) => turn.t === t)) {
      if ('exit' in turn) {
        exits.push(turn.exit);
        state = 'out';
        lastExit = t;
      } else {
        backs.push(BUCKETS[lastExit] ?? 'fore');
        state = 'in';
        participant = true;
      }
    }
    return { participant, started, exits, backs, inAtEnd: state === 'in' };
  });
}

/** What a kind of case does in each report of the family: whether it is a participant, is new, its exits, its reopenings (which exit each follows), whether it is in at the end. */
type InReport = { readonly active: boolean; readonly started: boolean; readonly exits: readonly Exit[]; readonly backs: readonly (typeof BUCKETS)[number][]; readonly inAtEnd: boolean };
const inReports = new WeakMap<readonly Kind[], InReport[][]>();
/** Per report, per kind (worked out once per universe: the search asks it for every world). */
function inReportsOf(kinds: readonly Kind[]): InReport[][] {
  const known = inReports.get(kinds);
  if (known) return known;
  const made = FAMILY.map(({ first, last }) =>
    kinds.map((kind) => {
      const course = courseOf(kind);
      const inPeriod = course.slice(first - 1, last);
      return {
        active: inPeriod.some((t) => t.participant),
        started: inPeriod.some((t) => t.started),
        exits: inPeriod.flatMap((t) => t.exits),
        backs: inPeriod.flatMap((t) => t.backs),
        inAtEnd: course[last - 1]?.inAtEnd ?? false,
      };
    }),
  );
  inReports.set(kinds, made);
  return made;
}

const zeros = (rows: number, columns: number): number[][] => Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
const bump = (cells: number[][], r: number, c: number, n: number): void => {
  const row = cells[r];
  if (row) row[c] = (row[c] ?? 0) + n;
};

/**
 * The year's five reports of a world (counts per kind of case, index (kön × bands + band) × kinds +
 * kind) and the counts the model derives that no table shows, per report: the reopenings in the
 * period by kön, band and which exit they follow, the participants still in at its end, and those
 * out at its end (participants not in at the end: a difference of two pinned counts, found in
 * review) — and every sum of them over kön, band or exit.
 */
function yearOf(kinds: readonly Kind[], world: readonly number[]): { family: FollowUpStats[]; derived: Map<string, number> } {
  const perReport = inReportsOf(kinds);
  const derived = new Map<string, number>();
  const add = (name: string, n: number) => derived.set(name, (derived.get(name) ?? 0) + n);
  const columns = BANDS.flatMap((band) => BUCKETS.map((bucket) => `${band} ${bucket}`));
  const family = FAMILY.map(({ from, to }, i) => {
    const active = zeros(GENDERS.length, BANDS.length);
    const fresh = zeros(GENDERS.length, BANDS.length);
    const exits = zeros(OUTCOMES.length, GENDERS.length);
    const incomes = zeros(INCOMES.length, INCOMES.length);
    const cameBack = zeros(GENDERS.length, columns.length);
    const atEnd = zeros(GENDERS.length, BANDS.length);
    world.forEach((n, index) => {
      const k = index % kinds.length;
      const g = Math.floor(index / kinds.length / BANDS.length);
      const b = Math.floor(index / kinds.length) % BANDS.length;
      const kind = perReport[i]?.[k];
      if (n === 0 || !kind) return;
      if (kind.active) bump(active, g, b, n);
      if (kind.started) bump(fresh, g, b, n);
      for (const exit of kind.exits) {
        bump(exits, OUTCOMES.indexOf(exit.outcome), g, n);
        bump(incomes, INCOMES.indexOf(exit.start), INCOMES.indexOf(exit.end), n);
      }
      for (const bucket of kind.backs) bump(cameBack, g, b * BUCKETS.length + BUCKETS.indexOf(bucket), n);
      if (kind.inAtEnd) bump(atEnd, g, b, n);
      // Every sum over kön, band and exit: '*' for all of them.
      for (const gender of [GENDERS[g], '*']) for (const band of [BANDS[b], '*']) {
        for (const bucket of kind.backs) for (const which of [bucket, '*']) add(`report ${i}: came back|${gender}, ${band}, after exit ${which}`, n);
        if (kind.inAtEnd) add(`report ${i}: in at the end|${gender}, ${band}`, n);
        // Out at the end (review): participants in the period who are not in at its end — the difference of two counts the tables pin.
        if (kind.active && !kind.inAtEnd) add(`report ${i}: out at the end|${gender}, ${band}`, n);
      }
    });
    return stats(
      from,
      to,
      {
        ageBands: BANDS.map((band) => ({ band, legacy: false })),
        active: { rows: [...GENDERS], columns: [...BANDS], cells: active },
        started: { rows: [...GENDERS], columns: [...BANDS], cells: fresh },
        exits: { rows: [...OUTCOMES], columns: [...GENDERS], cells: exits },
        incomes: { rows: [...INCOMES], columns: [...INCOMES], cells: incomes },
        forsorjningsstod: { atStart: (incomes[0]?.[0] ?? 0) + (incomes[0]?.[1] ?? 0), atExit: (incomes[0]?.[0] ?? 0) + (incomes[1]?.[0] ?? 0) },
        cameBack: { rows: [...GENDERS], columns, cells: cameBack },
        atEnd: { rows: [...GENDERS], columns: [...BANDS], cells: atEnd },
      },
      // The new cases are the new participants: the same total, on its own line.
      fresh.flat().reduce((a, b) => a + b, 0),
    );
  });
  return { family, derived };
}

/** The year's five reports of a world of the first universe. */
const familyOf = (world: readonly number[]): FollowUpStats[] => yearOf(KINDS, world).family;

const PARTICIPANT_SECTIONS = /^(Ärenden|Deltagare|Nya deltagare|Avslut|Försörjningsstöd)/;
/** A world of `kinds` published, with the counts derived from it. */
const published = (kinds: readonly Kind[], threshold = THRESHOLD, alone = false) => (world: readonly number[]): Published => {
  const { family, derived } = yearOf(kinds, world);
  return publication(family, PARTICIPANT_SECTIONS, alone, derived, threshold);
};

describe('the participant tables of a year’s family of reports', () => {
  it('give no hidden cell back — participants and new participants by kön × age band, exits by status × kön, the income transitions, försörjningsstöd and the new cases — across tertials, January–August and the year (every world of up to 5 cases of 14 kinds)', () => {
    const found = givenAway(GENDERS.length * BANDS.length * KINDS.length, 5, published(KINDS));
    expect(found).toEqual([]);
  }, SEARCH_TIMEOUT);

  it('the search does find what each report suppressed on its own would give away', () => {
    const found = givenAway(GENDERS.length * BANDS.length * KINDS.length, 4, published(KINDS, THRESHOLD, true));
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

describe('the participant tables of a year with reopened cases (review: a reopening leaked through them)', () => {
  // With reopenings P(T2) = P(T1) − E(T1) + N(T2) + came back(T2), per kön: the published cells
  // pin who came back, and who was still in at a tertial's end, though no table shows either.
  const types = GENDERS.length * BANDS.length * REOPENED_KINDS.length;

  it('give no hidden cell back and pin no small count of who came back or stayed in — every world of up to 5 cases of 14 kinds', () => {
    expect(givenAway(types, 5, published(REOPENED_KINDS))).toEqual([]);
  }, SEARCH_TIMEOUT);

  it('nor with a threshold of 2, where a few cases already make a kön visible (every world of up to 4 cases)', () => {
    expect(givenAway(types, 4, published(REOPENED_KINDS, 2), 2)).toEqual([]);
  }, SEARCH_TIMEOUT);

  it('the search does find who came back and who stayed in when the suppression is not told (the tables as before the review)', () => {
    const blank: CountTable = { rows: [], columns: [], cells: [] };
    // The women's worlds only (the first kinds of the index): the leaks below need no man, and the search stays short.
    const found = givenAway(REOPENED_KINDS.length, 5, (world) => {
      const { family, derived } = yearOf(REOPENED_KINDS, world);
      const untold = family.map((stats) => ({ ...stats, participants: { ...stats.participants, cameBack: blank, atEnd: blank } }));
      return publication(untold, PARTICIPANT_SECTIONS, false, derived);
    });
    // Three women in all year and one back in T2 from before it: the women 3, 4, 4, 4, 4, none new — 4 − 3 = 1 came back.
    expect(found).toContain('report 1: came back|kvinna, 20-24, after exit fore = 1 derived in [3,0,0,0,0,1,0]');
    // Three women who leave in T1 and come back in T2, and one in all year: 4 in T1, 3 exits — 1 still in at its end.
    expect(found).toContain('report 0: in at the end|kvinna, 20-24 = 1 derived in [1,0,0,3,0,0,0]');
  });

  it('hides the women whole when one of them came back: every report, every total', () => {
    const world = new Array<number>(types).fill(0);
    world[0] = 3;
    world[5] = 1;
    const reports = familyReports(yearOf(REOPENED_KINDS, world).family, THRESHOLD);
    const cell = (section: string, category: string) => reports.map((rows) => rows.find(([s, c]) => s.startsWith(section) && c === category)?.[2]);
    expect(cell('Deltagare', 'Kvinna, totalt')).toEqual(['..', '..', '..', '..', '..']);
    expect(cell('Deltagare', 'Totalt')).toEqual(['..', '..', '..', '..', '..']);
    // The men (none) are shown: nothing ties them to the women.
    expect(cell('Deltagare', 'Man, totalt')).toEqual([0, 0, 0, 0, 0]);
  });
});
