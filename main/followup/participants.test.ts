// The participant figures for the förbund (issue 20) on a seeded year, against hand-computed
// values: participants and new participants by kön × age band (the configured bands, then an
// older band), exits by status at exit × kön, the income transitions from start to exit, the
// change in försörjningsstöd and the check-ins — per year, tertial and the cumulative January–August.
// The cases are made, closed and given their facts through the domain functions (createCase,
// closeCase, setCaseFacts) and the check-ins through the lifecycle's (planCheckins, recordCheckin).
import { afterEach, describe, expect, it } from 'vitest';
import { closeCase, createCase } from '../cases/repository';
import { decideCase, planCheckins, proposeCase, recordCheckin, reopenCase } from '../cases/lifecycle';
import { storedFacts } from '../cases/facts';
import { setCaseFacts } from '../cases/set-facts';
import { teamWorld } from '../cases/test-support/team-world';
import { readCaps, writeCaps } from '../capabilities/caps';
import type { Gender, IncomeSource } from '../../shared/cases/facts';
import type { CheckinStatus, Outcome } from '../../shared/cases/model';
import { followUpStats } from './stats';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function seededYear() {
  const world = await teamWorld(opened, '2025-06-01T08:00:00Z');
  const { chair, team, ownOrganisationId, clock } = world;
  const vault = chair.vault;
  // The team's places start in 2026 in teamWorld; this year needs the chair in 2025 too (and members' active_from as well).
  vault.db.prepare("UPDATE team_memberships SET active_from = '2025-01-01'").run();
  vault.db.prepare("UPDATE members SET active_from = '2025-01-01'").run();
  const make = (at: string, ageBand: string, gender: Gender | null, incomeAtStart: IncomeSource | null) => {
    clock.set(at);
    return createCase(writeCaps(vault), { teamId: team.id, ageBand, consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null, gender, incomeAtStart });
  };
  const close = (caseId: string, date: string, outcome: Outcome, incomeAtExit: IncomeSource | null) => {
    clock.set(`${date}T10:00:00Z`);
    closeCase(writeCaps(vault), { caseId, outcome, outcomeOther: outcome === 'annat' ? 'Flyttade' : '', date });
    const facts = vault.db.prepare('SELECT gender, income_at_start FROM cases WHERE id = ?').get(caseId) as { gender: Gender | null; income_at_start: IncomeSource | null };
    if (incomeAtExit) setCaseFacts(writeCaps(vault), { caseId, gender: facts.gender, incomeAtStart: facts.income_at_start, incomeAtExit, expected: storedFacts(readCaps(vault), caseId) });
  };
  // Planned on the day it is done (the follow-up after exit starts then), and recorded.
  const checkin = (caseId: string, months: number, done: string, status: CheckinStatus) => {
    clock.set(`${done}T12:00:00Z`);
    const planned = planCheckins(writeCaps(vault), { caseId, date: done, months: [months] });
    recordCheckin(writeCaps(vault), { checkinId: planned.checkins.find((k) => k.months === months && k.doneOn === null)?.id ?? '', date: done, status });
  };

  // F: an older case with an older band ('18-20', as vaults before issue 20 recorded), kön and income not recorded.
  const f = make('2025-06-01T08:00:00Z', '20-24', null, null);
  vault.db.prepare("UPDATE cases SET age_band = '18-20' WHERE id = ?").run(f.id);
  // G: closed before the year; its 3-month check-in is done in T1.
  const g = make('2025-11-01T08:00:00Z', '20-24', 'kvinna', 'studier');
  close(g.id, '2025-12-15', 'studier', 'studier');
  checkin(g.id, 3, '2026-03-20', 'arbete');
  const a = make('2025-11-10T08:00:00Z', '20-24', 'kvinna', 'forsorjningsstod');
  close(f.id, '2026-01-15', 'annan-insats', null);
  const b = make('2026-02-01T08:00:00Z', '16-19', 'man', 'arbetsloshetsersattning');
  close(a.id, '2026-03-15', 'arbete', 'arbete');
  // 00:30 on 1 May in Stockholm: T2 (its UTC date is 30 April).
  const c = make('2026-04-30T22:30:00Z', '25-29', 'kvinna', 'forsorjningsstod');
  const d = make('2026-05-05T08:00:00Z', '30+', 'annat', null);
  checkin(a.id, 3, '2026-06-18', 'studier');
  close(c.id, '2026-06-20', 'studier', 'studier');
  const e = make('2026-09-10T08:00:00Z', '20-24', 'man', 'forsorjningsstod');
  close(d.id, '2026-10-01', 'arbete-med-stod', null);
  close(e.id, '2026-12-30', 'avbrott', 'forsorjningsstod');
  return { ...world, vault, a, b };
}

const GENDERS = ['kvinna', 'man', 'annat', 'ej-registrerat'];
const BANDS = ['16-19', '20-24', '25-29', '30+', 'aldre'];
const INCOMES = ['arbete', 'studier', 'aktivitetsersattning', 'forsorjningsstod', 'arbetsloshetsersattning', 'ingen-ersattning', 'annat', 'ej-registrerat'];
const OUTCOMES = ['arbete', 'arbete-med-stod', 'studier', 'arbetssokande', 'annan-insats', 'avbrott', 'annat'];
/** A table of zeros with the given cells set: `[row, column, count]`. */
const table = (rows: string[], columns: string[], set: [string, string, number][]) => ({
  rows,
  columns,
  cells: rows.map((row) => columns.map((column) => set.find(([r, c]) => r === row && c === column)?.[2] ?? 0)),
});

describe('participant figures for the förbund', () => {
  it('a seeded year matches the hand-computed values: by kön and age band, exits, income start → exit, försörjningsstöd, check-ins', async () => {
    const { vault, team } = await seededYear();
    const year = followUpStats(readCaps(vault), team.id, { kind: 'year', year: 2026 }).participants;
    expect(year).toEqual({
      // The configured bands, then one column for every older band (always there, review).
      ageBands: [
        { band: '16-19', legacy: false },
        { band: '20-24', legacy: false },
        { band: '25-29', legacy: false },
        { band: '30+', legacy: false },
        { band: 'aldre', legacy: true },
      ],
      // A, B, C, D, E, F were participants at some time in 2026; G closed in 2025.
      active: table(GENDERS, BANDS, [
        ['kvinna', '20-24', 1],
        ['kvinna', '25-29', 1],
        ['man', '16-19', 1],
        ['man', '20-24', 1],
        ['annat', '30+', 1],
        ['ej-registrerat', 'aldre', 1],
      ]),
      // B, C, D and E started in 2026.
      started: table(GENDERS, BANDS, [
        ['kvinna', '25-29', 1],
        ['man', '16-19', 1],
        ['man', '20-24', 1],
        ['annat', '30+', 1],
      ]),
      exits: table(OUTCOMES, GENDERS, [
        ['arbete', 'kvinna', 1],
        ['studier', 'kvinna', 1],
        ['arbete-med-stod', 'annat', 1],
        ['avbrott', 'man', 1],
        ['annan-insats', 'ej-registrerat', 1],
      ]),
      // A försörjningsstöd → arbete, C → studier, E stays on it; D and F recorded nothing.
      incomes: table(INCOMES, INCOMES, [
        ['forsorjningsstod', 'arbete', 1],
        ['forsorjningsstod', 'studier', 1],
        ['forsorjningsstod', 'forsorjningsstod', 1],
        ['ej-registrerat', 'ej-registrerat', 2],
      ]),
      forsorjningsstod: { atStart: 3, atExit: 1 },
      checkins: table(['3', '6', '12', 'ovriga'], ['arbete', 'arbete-med-stod', 'studier', 'arbetssokande', 'annan-insats', 'annat', 'ej-nadd'], [
        ['3', 'arbete', 1],
        ['3', 'studier', 1],
      ]),
      // Nobody came back after an exit in 2026 (no reopening); B is still in on 31 December.
      cameBack: table(GENDERS, [], []),
      atEnd: table(GENDERS, BANDS, [['man', '16-19', 1]]),
    });
  });

  it('tertials and the cumulative January–August count by Stockholm dates; a participant counts in every period it was active in', async () => {
    const { vault, team } = await seededYear();
    const figures = (period: Parameters<typeof followUpStats>[2]) => followUpStats(readCaps(vault), team.id, period).participants;
    const total = (t: { cells: number[][] }) => t.cells.flat().reduce((a, b) => a + b, 0);
    const t1 = figures({ kind: 'tertial', year: 2026, tertial: 1 });
    const t2 = figures({ kind: 'tertial', year: 2026, tertial: 2 });
    const t3 = figures({ kind: 'tertial', year: 2026, tertial: 3 });
    const janAug = figures({ kind: 'cumulative', year: 2026, tertial: 2 });
    // T1: A, B, F (C came at 00:30 on 1 May, Stockholm time); T2: B, C, D; T3: B, D, E; January–August: A, B, C, D, F.
    expect([t1, t2, t3, janAug].map((f) => total(f.active))).toEqual([3, 3, 3, 5]);
    expect(t1.active.cells[1]).toEqual([1, 0, 0, 0, 0]);
    // No older band in T2, and its column is there all the same: which columns a report has tells nothing (review).
    expect(t2.active).toMatchObject({ columns: ['16-19', '20-24', '25-29', '30+', 'aldre'] });
    expect(t2.active.cells[0]).toEqual([0, 0, 1, 0, 0]);
    expect([t1, t2, t3].map((f) => f.checkins.rows)).toEqual([0, 1, 2].map(() => ['3', '6', '12', 'ovriga']));
    // New: T1 B; T2 C, D; T3 E; January–August B, C, D (= T1 + T2).
    expect([t1, t2, t3, janAug].map((f) => total(f.started))).toEqual([1, 2, 1, 3]);
    // Exits: T1 A, F; T2 C; T3 D, E; January–August A, C, F.
    expect([t1, t2, t3, janAug].map((f) => total(f.exits))).toEqual([2, 1, 2, 3]);
    expect(janAug.forsorjningsstod).toEqual({ atStart: 2, atExit: 0 });
    expect(t3.forsorjningsstod).toEqual({ atStart: 1, atExit: 1 });
    expect([t1, t2, t3].map((f) => total(f.checkins))).toEqual([1, 1, 0]);
    // The cumulative period is 1 January to the end of the tertial.
    expect(followUpStats(readCaps(vault), team.id, { kind: 'cumulative', year: 2026, tertial: 2 })).toMatchObject({ from: '2026-01-01', to: '2026-08-31' });
  });

  it('an exit stays in its period when the case is reopened later: a report made again reads the same (review)', async () => {
    const { vault, team, a, clock } = await seededYear();
    const period = { kind: 'tertial', year: 2026, tertial: 1 } as const;
    const before = followUpStats(readCaps(vault), team.id, period);
    const t2Before = followUpStats(readCaps(vault), team.id, { kind: 'tertial', year: 2026, tertial: 2 });
    // A closed on 2026-03-15 (arbete, from försörjningsstöd to arbete), followed up in June; back in September.
    clock.set('2026-09-01T10:00:00Z');
    reopenCase(writeCaps(vault), { caseId: a.id, date: '2026-09-01', reason: 'Anställningen tog slut; åter till teamet.' });
    const after = followUpStats(readCaps(vault), team.id, period);
    expect([after.participants.exits, after.participants.incomes, after.participants.forsorjningsstod, after.closedCases, after.outcomes]).toEqual([
      before.participants.exits,
      before.participants.incomes,
      before.participants.forsorjningsstod,
      before.closedCases,
      before.outcomes,
    ]);
    // Out from its exit in March to the reopening in September: T2 counts it as before, not at all (review).
    const t2 = { kind: 'tertial', year: 2026, tertial: 2 } as const;
    const t2Participants = (at: typeof before) => at.participants.active;
    expect(t2Participants(followUpStats(readCaps(vault), team.id, t2))).toEqual(t2Participants(t2Before));
    // Back in from the reopening: a participant of T3 again (not a new one).
    const t3Now = followUpStats(readCaps(vault), team.id, { kind: 'tertial', year: 2026, tertial: 3 }).participants;
    expect(t3Now.active.cells[0]?.[1]).toBe(1);
    expect(t3Now.started.cells[0]?.[1]).toBe(0);
    // Who came back — by kön × (band, the tertial of the exit it follows) — and who is in at T3's end: in no report, but the suppression weighs them.
    expect(t3Now.cameBack).toEqual(table(GENDERS, ['20-24 2026-T1'], [['kvinna', '20-24 2026-T1', 1]]));
    expect(t3Now.atEnd).toEqual(table(GENDERS, BANDS, [['kvinna', '20-24', 1], ['man', '16-19', 1]]));
    expect(followUpStats(readCaps(vault), team.id, t2).participants.cameBack.columns).toEqual([]);
    // Closed again in T3: a second exit, in T3, with its own income at exit.
    clock.set('2026-10-20T10:00:00Z');
    const t3Before = followUpStats(readCaps(vault), team.id, { kind: 'tertial', year: 2026, tertial: 3 });
    closeCase(writeCaps(vault), { caseId: a.id, outcome: 'studier', outcomeOther: '', date: '2026-10-20', analysis: 'Började studera på komvux.' });
    setCaseFacts(writeCaps(vault), { caseId: a.id, gender: 'kvinna', incomeAtStart: 'forsorjningsstod', incomeAtExit: 'studier', expected: storedFacts(readCaps(vault), a.id) });
    const t3After = followUpStats(readCaps(vault), team.id, { kind: 'tertial', year: 2026, tertial: 3 });
    expect(t3After.closedCases).toBe(t3Before.closedCases + 1);
    expect(t3After.participants.forsorjningsstod).toEqual({ atStart: t3Before.participants.forsorjningsstod.atStart + 1, atExit: t3Before.participants.forsorjningsstod.atExit });
    // And T1 still says what it said, the first exit's income at exit (arbete) kept by the reopening.
    expect(followUpStats(readCaps(vault), team.id, period).participants.incomes).toEqual(before.participants.incomes);
  });

  it('a case is a participant from its first day as aktiv: a case raised and not chosen is none', async () => {
    const { vault, team, chair, clock, ownOrganisationId } = await seededYear();
    const yearBefore = followUpStats(readCaps(vault), team.id, { kind: 'year', year: 2026 });
    const before = yearBefore.participants;
    // Raised as a man of 16–19 in November, proposed and not chosen by the beredningsgrupp.
    clock.set('2026-11-02T09:00:00Z');
    const proposed = createCase(writeCaps(vault), { teamId: team.id, ageBand: '16-19', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null, phase: 'aktualiserad', gender: 'man', incomeAtStart: 'forsorjningsstod' });
    proposeCase(writeCaps(vault), { caseId: proposed.id, date: '2026-11-02' });
    decideCase(writeCaps(vault), { caseId: proposed.id, date: '2026-11-02', chosen: false, decidedByMemberId: chair.member.id, reason: 'Annan insats passar bättre just nu.' });
    const yearAfter = followUpStats(readCaps(vault), team.id, { kind: 'year', year: 2026 });
    const after = yearAfter.participants;
    // Neither a participant nor a new one: every table of the year as before.
    expect(after).toEqual(before);
    // Nor an exit: the closed cases and their outcomes count exits only (review: 'ej vald' is closed without an outcome).
    expect([yearAfter.closedCases, yearAfter.outcomes]).toEqual([yearBefore.closedCases, yearBefore.outcomes]);
    expect(yearAfter.newCases).toBe(yearBefore.newCases + 1);
  });
});

