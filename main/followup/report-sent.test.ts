// Later reports of a year respect the ones already sent (issue 20, review; report-sent.ts). T1 is
// sent from the world as it was then (W1); the other reports of the year are made later, from a
// world W2 that grew from W1 (cases new in T2, exits recorded since) and may have had a fact
// changed (a case's kön) or a case recorded late. The reader holds the T1 that was sent and the
// new reports side by side. The check-ins likewise (done since, a status recorded differently),
// and two waves: T1 sent, T2 sent later, the rest made later still.
//
// The brute-force search of report-family.test.ts, over pairs of worlds: every pair (W1, W2) of a
// small universe is published as the sent T1 and the four new reports, and for each publication
// every pair that publishes the same is searched for. A hidden cell — of the sent report (its
// value in W1) or of a new one (in W2) — whose value is the same in all of them (and not 0) would
// be given away: there must be none. Pairs whose W2 has up to N cases are searched and those of
// up to N − 1 checked. The search also fails on any small count published as it is. And it shows
// that without the rule (each new report the family's suppression of today's figures alone) a
// hidden count of the sent T1 is given back.
import { describe, expect, it } from 'vitest';
import type { FollowUpStats } from '../../shared/followup/model';
import { type ReportRow, familyReports, reportRows } from './report';
import { familyReportsAfterSent, respectSent } from './report-sent';
import { statsFixture, worlds } from './test-support/stats-fixture';

const THRESHOLD = 3;
const FAMILY = [
  { from: '2026-01-01', to: '2026-04-30', first: 1, last: 1 },
  { from: '2026-05-01', to: '2026-08-31', first: 2, last: 2 },
  { from: '2026-09-01', to: '2026-12-31', first: 3, last: 3 },
  { from: '2026-01-01', to: '2026-08-31', first: 1, last: 2 },
  { from: '2026-01-01', to: '2026-12-31', first: 1, last: 3 },
] as const;

/**
 * The kinds of case: in since before the year and staying (0), new in T1 and staying (1), new in
 * T2 and staying (2), in since before the year and leaving in T2 for work (3; while T1 was sent it
 * was still a kind 0: its exit is recorded later).
 */
const KINDS = [
  { first: 1, last: 3, old: true, exit: null },
  { first: 1, last: 3, old: false, exit: null },
  { first: 2, last: 3, old: false, exit: null },
  { first: 1, last: 2, old: true, exit: { outcome: 'arbete', start: 'forsorjningsstod', end: 'arbete' } },
] as const;
const GENDERS = ['kvinna', 'man'] as const;
const BANDS = ['20-24'] as const;
const OUTCOMES = ['arbete', 'studier'] as const;
const INCOMES = ['forsorjningsstod', 'arbete'] as const;
type Kind = (typeof KINDS)[number];
const TYPES = GENDERS.length * KINDS.length;
const typeOf = (g: number, k: number): number => g * KINDS.length + k;

const stats = statsFixture;

/**
 * A universe the search walks: `types` kinds of thing counted, the year's five reports of a world
 * (counts per type), the worlds W1 a world W2 may have grown from, and the sections it publishes.
 */
interface Universe {
  readonly name: string;
  readonly types: number;
  readonly family: (world: readonly number[]) => FollowUpStats[];
  readonly earlier: (w2: readonly number[]) => number[][];
  readonly sections: RegExp;
}

/** Made once per universe and world. */
function once<T>(cache: Map<string, T>, u: Universe, world: readonly number[], make: () => T): T {
  const key = `${u.name}|${world.join(',')}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const made = make();
  cache.set(key, made);
  return made;
}
const families = new Map<string, FollowUpStats[]>();
const familyOf = (u: Universe, world: readonly number[]): FollowUpStats[] => once(families, u, world, () => u.family(world));
/** The family's suppression of a world's five reports (report-family.test.ts proves it). */
const suppressed = new Map<string, ReportRow[][]>();
const suppressedOf = (u: Universe, world: readonly number[]): ReportRow[][] => once(suppressed, u, world, () => familyReports(familyOf(u, world), THRESHOLD));
/** T1 as it was sent from a world. */
const sentFrom = (u: Universe, world: readonly number[]): ReportRow[] => suppressedOf(u, world)[0] ?? [];
/** The true count of every cell of each report of a world. */
const truths = new Map<string, Map<string, number | '..'>[]>();
const truthsOf = (u: Universe, world: readonly number[]): Map<string, number | '..'>[] =>
  once(truths, u, world, () => familyOf(u, world).map((s) => new Map(reportRows(s, null).map(([section, category, n]) => [`${section}|${category}`, n]))));

/** The year's five reports of a world of cases (counts per type: kön × kind). */
function participantFamily(world: readonly number[]): FollowUpStats[] {
  const cases = GENDERS.flatMap((gender, g) => KINDS.map((kind, k) => ({ gender, band: BANDS[0], kind, n: world[typeOf(g, k)] ?? 0 })));
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
      fresh.flat().reduce((a, b) => a + b, 0),
    );
  });
}


/**
 * The worlds W1 a world W2 may have grown from: any of its cases new in T2 not yet there, any of
 * its exits not yet recorded (the case then still in), and one change more at most: a case with
 * the other kön then (a fact set since), or a case not yet recorded at all (recorded late).
 */
function participantsEarlier(w2: readonly number[]): number[][] {
  const found = new Map<string, number[]>();
  const ranges = GENDERS.flatMap((_, g) => [w2[typeOf(g, 2)] ?? 0, w2[typeOf(g, 3)] ?? 0]);
  const choose = (i: number, picked: number[]): void => {
    if (i === ranges.length) {
      const w1 = [...w2];
      GENDERS.forEach((_, g) => {
        const [notYet, notExited] = [picked[g * 2] ?? 0, picked[g * 2 + 1] ?? 0];
        w1[typeOf(g, 2)] = (w1[typeOf(g, 2)] ?? 0) - notYet;
        w1[typeOf(g, 3)] = (w1[typeOf(g, 3)] ?? 0) - notExited;
        w1[typeOf(g, 0)] = (w1[typeOf(g, 0)] ?? 0) + notExited;
      });
      found.set(JSON.stringify(w1), w1);
      // One fact changed since: a case of W1 had the other kön there; or a case was recorded only since.
      w1.forEach((n, t) => {
        if (n === 0) return;
        const other = [...w1];
        const g = Math.floor(t / KINDS.length);
        const k = t % KINDS.length;
        other[t] = n - 1;
        found.set(JSON.stringify(other), [...other]);
        other[typeOf(1 - g, k)] = (other[typeOf(1 - g, k)] ?? 0) + 1;
        found.set(JSON.stringify(other), other);
      });
      return;
    }
    for (let n = 0; n <= (ranges[i] ?? 0); n++) choose(i + 1, [...picked, n]);
  };
  choose(0, []);
  return [...found.values()];
}

const SECTIONS = /^(Ärenden|Deltagare|Nya deltagare|Avslut|Försörjningsstöd)/;
const PARTICIPANTS: Universe = { name: 'participants', types: TYPES, family: participantFamily, earlier: participantsEarlier, sections: SECTIONS };

/**
 * Check-ins after exit: a check-in is a cell (3 or 6 months × arbete or studier) and the tertial it
 * was done in, T1 or T2 (index r * 4 + c * 2 + t − 1). When T1 was sent, the T2 check-ins of W2
 * were not all done yet, and one T1 check-in may have had another status recorded then.
 */
const CHECKIN_TYPES = 8;
function checkinFamily(world: readonly number[]): FollowUpStats[] {
  return FAMILY.map(({ from, to, first, last }) => {
    const cells = [0, 1].map((r) => [0, 1].map((c) => [1, 2].reduce((sum, t) => sum + (t >= first && t <= last ? (world[r * 4 + c * 2 + (t - 1)] ?? 0) : 0), 0)));
    return stats(from, to, { checkins: { rows: ['3', '6'], columns: ['arbete', 'studier'], cells } }, 0);
  });
}
function checkinsEarlier(w2: readonly number[]): number[][] {
  const found = new Map<string, number[]>();
  const later = [0, 1, 2, 3].map((cell) => cell * 2 + 1);
  const choose = (i: number, w1: number[]): void => {
    if (i === later.length) {
      found.set(w1.join(','), w1);
      [0, 1, 2, 3].forEach((cell) => {
        const t1 = cell * 2;
        if ((w1[t1] ?? 0) === 0) return;
        const other = [...w1];
        const otherCell = cell ^ 1;
        other[t1] = (other[t1] ?? 0) - 1;
        other[otherCell * 2] = (other[otherCell * 2] ?? 0) + 1;
        found.set(other.join(','), other);
      });
      return;
    }
    const type = later[i] ?? 0;
    for (let notYet = 0; notYet <= (w2[type] ?? 0); notYet++) {
      const next = [...w1];
      next[type] = (next[type] ?? 0) - notYet;
      choose(i + 1, next);
    }
  };
  choose(0, [...w2]);
  return [...found.values()];
}
const CHECKINS: Universe = { name: 'checkins', types: CHECKIN_TYPES, family: checkinFamily, earlier: checkinsEarlier, sections: /^Uppföljningar/ };

type Publish = (u: Universe, w1: readonly number[], w2: readonly number[]) => ReportRow[][];

/** T1 sent from W1; the other four made from W2 respecting it (report-sent.ts). */
const withRule: Publish = (u, w1, w2) => respectSent(familyOf(u, w2), suppressedOf(u, w2), [{ index: 0, rows: sentFrom(u, w1), truth: familyOf(u, w1)[0] as FollowUpStats }]).reports;
/** Without the rule: each new report the family's suppression of W2 alone. */
const withoutRule: Publish = (u, w1, w2) => suppressedOf(u, w2).map((rows, i) => (i === 0 ? sentFrom(u, w1) : rows));

/** The hidden cells whose value every pair publishing the same shares, and every small count published. */
function givenAway(u: Universe, max: number, publish: Publish): string[] {
  const groups = new Map<string, { example: string; cells: Map<string, number | null> }>();
  const small = new Set<string>();
  const size = (world: readonly number[]) => world.reduce((a, b) => a + b, 0);
  const visit = (w1: readonly number[], w2: readonly number[], check: boolean) => {
    const reports = publish(u, w1, w2).map((rows) => rows.filter(([section]) => u.sections.test(section)));
    const truth = [truthsOf(u, w1)[0], ...truthsOf(u, w2).slice(1)];
    const hidden = new Map<string, number>();
    reports.forEach((rows, i) => {
      for (const [section, category, n] of rows) {
        if (n === '..') hidden.set(`report ${i}: ${section}|${category}`, Number(truth[i]?.get(`${section}|${category}`)));
        else if (n > 0 && n < THRESHOLD && small.size < 20) small.add(`report ${i}: ${section}|${category} = ${n} published in ${JSON.stringify([w1, w2])}`);
      }
    });
    const key = JSON.stringify(reports.map((rows) => rows.map(([, , n]) => n)));
    const group = groups.get(key);
    if (!group) {
      if (check) groups.set(key, { example: JSON.stringify([w1, w2]), cells: new Map(hidden) });
    } else for (const [cell, value] of hidden) if (group.cells.get(cell) !== value) group.cells.set(cell, null);
  };
  const all = [...worlds(u.types, max)];
  for (const w2 of all.filter((w) => size(w) < max)) for (const w1 of u.earlier(w2)) visit(w1, w2, true);
  for (const w2 of all.filter((w) => size(w) === max)) for (const w1 of u.earlier(w2)) visit(w1, w2, false);
  const found = [...small];
  for (const { example, cells } of groups.values()) for (const [cell, value] of cells) if (value !== null && value > 0) found.push(`${cell} = ${value} in ${example}`);
  return found;
}

/**
 * Two waves: T1 sent from W1, T2 later from W1½ (respecting T1), the other three from W2
 * (respecting both); each world grown from the one before. The hidden cells of T1 are W1's, of
 * T2 W1½'s, of the rest W2's.
 */
function givenAwayInTwoWaves(u: Universe, max: number): string[] {
  const groups = new Map<string, { example: string; cells: Map<string, number | null> }>();
  const small = new Set<string>();
  const size = (world: readonly number[]) => world.reduce((a, b) => a + b, 0);
  const visit = (w1: readonly number[], w15: readonly number[], w2: readonly number[], check: boolean) => {
    const sentT1 = { index: 0, rows: sentFrom(u, w1), truth: familyOf(u, w1)[0] as FollowUpStats };
    const sentT2 = { index: 1, rows: respectSent(familyOf(u, w15), suppressedOf(u, w15), [sentT1]).reports[1] ?? [], truth: familyOf(u, w15)[1] as FollowUpStats };
    const reports = respectSent(familyOf(u, w2), suppressedOf(u, w2), [sentT1, sentT2]).reports.map((rows) => rows.filter(([section]) => u.sections.test(section)));
    const truth = [truthsOf(u, w1)[0], truthsOf(u, w15)[1], ...truthsOf(u, w2).slice(2)];
    const hidden = new Map<string, number>();
    reports.forEach((rows, i) => {
      for (const [section, category, n] of rows) {
        if (n === '..') hidden.set(`report ${i}: ${section}|${category}`, Number(truth[i]?.get(`${section}|${category}`)));
        else if (n > 0 && n < THRESHOLD && small.size < 20) small.add(`report ${i}: ${section}|${category} = ${n} published in ${JSON.stringify([w1, w15, w2])}`);
      }
    });
    const key = JSON.stringify(reports.map((rows) => rows.map(([, , n]) => n)));
    const group = groups.get(key);
    if (!group) {
      if (check) groups.set(key, { example: JSON.stringify([w1, w15, w2]), cells: new Map(hidden) });
    } else for (const [cell, value] of hidden) if (group.cells.get(cell) !== value) group.cells.set(cell, null);
  };
  const all = [...worlds(u.types, max)];
  for (const last of [false, true]) {
    for (const w2 of all.filter((w) => (size(w) === max) === last)) for (const w15 of u.earlier(w2)) for (const w1 of u.earlier(w15)) visit(w1, w15, w2, !last);
  }
  const found = [...small];
  for (const { example, cells } of groups.values()) for (const [cell, value] of cells) if (value !== null && value > 0) found.push(`${cell} = ${value} in ${example}`);
  return found;
}

describe('reports of a year made after one was sent', () => {
  it('give no hidden cell back, of the report sent or of the new ones: T1 sent from W1, the rest from a W2 grown from it, with a kön changed or a case recorded late (every W2 of up to 5 cases of 8 kinds)', () => {
    expect(givenAway(PARTICIPANTS, 5, withRule)).toEqual([]);
  }, 120_000);

  it('the search does find what the new reports would give away without the rule: a count the sent T1 hid', () => {
    const found = givenAway(PARTICIPANTS, 5, withoutRule);
    expect(found.filter((entry) => entry.startsWith('report 0: '))).not.toEqual([]);
  }, 120_000);

  it('give no hidden check-in count back: T1 sent before every T2 check-in was done, or with another status recorded for one (every W2 of up to 5 check-ins over 2 × 2 cells and 2 tertials)', () => {
    expect(givenAway(CHECKINS, 5, withRule)).toEqual([]);
  }, 120_000);

  it('the search does find a check-in count the sent T1 hid, without the rule', () => {
    expect(givenAway(CHECKINS, 5, withoutRule).filter((entry) => entry.startsWith('report 0: '))).not.toEqual([]);
  }, 120_000);

  it('give no hidden cell back when T1 and T2 were sent at different times and the rest made later (every W2 of up to 4 cases, each world grown from the one before)', () => {
    expect(givenAwayInTwoWaves(PARTICIPANTS, 4)).toEqual([]);
    expect(givenAwayInTwoWaves(CHECKINS, 4)).toEqual([]);
  }, 120_000);

  it('hide nothing more than the family would when nothing changed since T1 was sent', () => {
    for (const world of [
      [3, 0, 3, 0, 3, 3, 0, 0],
      [3, 0, 1, 0, 4, 0, 0, 0],
      [0, 4, 0, 3, 3, 0, 0, 3],
    ]) {
      const family = familyOf(PARTICIPANTS, world);
      const sent = familyReports(family, THRESHOLD)[0] ?? [];
      const after = familyReportsAfterSent(family, THRESHOLD, [{ index: 0, rows: sent, truth: family[0] as FollowUpStats }]);
      expect(after.broken).toEqual([]);
      expect(after.reports).toEqual(familyReports(family, THRESHOLD));
    }
  });

  it('hides the participant tables whole in every new report, and only them, when T1 was sent with a kön hidden that today’s family would show', () => {
    // In June: three women in since before the year, one new in T2 — T1 was sent with the women hidden (1 is small in T2).
    const w1 = [3, 0, 1, 0, 0, 0, 0, 0];
    // Now two more women came in T2: nothing is small, today's family would show the women in T1.
    const w2 = [3, 0, 3, 0, 0, 0, 0, 0];
    const reports = withRule(PARTICIPANTS, w1, w2);
    const after = familyReportsAfterSent(familyOf(PARTICIPANTS, w2), THRESHOLD, [{ index: 0, rows: familyReports(familyOf(PARTICIPANTS, w1), THRESHOLD)[0] ?? [], truth: familyOf(PARTICIPANTS, w1)[0] as FollowUpStats }]);
    expect(after.broken).toEqual(['participants']);
    for (const rows of reports.slice(1)) {
      expect(rows.filter(([section]) => SECTIONS.test(section)).every(([, , n]) => n === '..')).toBe(true);
      // The other tables are the family's as usual.
      expect(rows.find(([section, category]) => section === 'Diskuterade ärenden' && category === 'Med samtycke')?.[2]).toBe(20);
    }
    // Without the rule, January–August minus T2 gives the women of T1 back.
    const naive = withoutRule(PARTICIPANTS, w1, w2);
    const cell = (rows: ReportRow[] | undefined, section: string, category: string) => rows?.find(([s, c]) => s.startsWith(section) && c === category)?.[2];
    expect(cell(naive[0], 'Deltagare', 'Kvinna, 20–24 år')).toBe('..');
    expect([cell(naive[3], 'Deltagare', 'Kvinna, 20–24 år'), cell(naive[1], 'Nya deltagare', 'Kvinna, 20–24 år')]).toEqual([6, 3]);
  });
});
