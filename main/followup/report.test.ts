// The follow-up CSV report: read back by LibreOffice's CSV filter (formula evaluation on, quoted
// fields as text off) it has the Swedish header cells and the numbers as numbers; an organisation
// named like a formula stays text while a control row written un-neutralised evaluates. And the
// suppression of small counts, with complementary suppression so totals cannot give them back.
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/csv/parse';
import { type FollowUpStats, suppressGroup } from '../../shared/followup/model';
import { testAppCore } from '../test-support/app-core';
import { libreOfficeReadBack } from '../test-support/libreoffice';
import { reportRows } from './report';
import { useTempDirs } from '../test-support/temp-dir';

const tempDir = useTempDirs();
/**
 * Every group of three counts from 0 to 12 is published; for each publication, every input that
 * would publish the same thing is searched for. A hidden cell whose value is the same in all of
 * them would be given away — there must be none.
 */
describe('suppression of small counts', () => {
  it('gives no hidden cell back exactly, searched over every group of three counts 0–12', () => {
    const max = 12;
    const all: number[][] = [];
    for (let a = 0; a <= max; a++) for (let b = 0; b <= max; b++) for (let c = 0; c <= max; c++) all.push([a, b, c]);
    const published = new Map<string, number[][]>();
    for (const counts of all) {
      const key = JSON.stringify(suppressGroup(counts, 5));
      published.set(key, [...(published.get(key) ?? []), counts]);
    }
    const givenAway: string[] = [];
    for (const [key, inputs] of published) {
      const { cells } = JSON.parse(key) as { cells: (number | '..')[] };
      cells.forEach((cell, i) => {
        if (cell !== '..') return;
        const values = new Set(inputs.map((input) => input[i]));
        if (values.size === 1 && (inputs[0]?.[i] ?? 0) > 0) givenAway.push(`${key} cell ${i}`);
      });
    }
    expect(givenAway).toEqual([]);
  });

  it('hides 1..threshold-1, another cell when only one was hidden, the total whenever anything is hidden, zeros around a lone hidden count', () => {
    expect(suppressGroup([12, 3, 8, 0], 5)).toEqual({ cells: ['..', '..', 8, 0], total: '..' });
    expect(suppressGroup([12, 7, 9], 5)).toEqual({ cells: [12, 7, 9], total: 28 });
    expect(suppressGroup([0, 0, 4, 0], 5)).toEqual({ cells: ['..', '..', '..', '..'], total: '..' });
  });
});

/** Figures for one period where only the cases discussed (with consent, anonymous) vary. */
const discussed = (from: string, to: string, consent: number, anonymous: number): FollowUpStats => ({
  teamId: '00000000-0000-4000-8000-000000000001',
  from,
  to,
  meetingsHeld: 10,
  weekly: [],
  attendance: [],
  casesDiscussed: { consent, anonymous },
  newCases: 20,
  closedCases: 0,
  outcomes: [],
  supervisionSessions: 3,
  handoversSent: [],
  handoversReceived: [],
  actions: { due: 0, doneOnTime: 0, late: 0, notDone: 0 },
  participants: {
    ageBands: [],
    active: { rows: [], columns: [], cells: [] },
    started: { rows: [], columns: [], cells: [] },
    exits: { rows: [], columns: [], cells: [] },
    incomes: { rows: [], columns: [], cells: [] },
    forsorjningsstod: { atStart: 0, atExit: 0 },
    checkins: { rows: [], columns: [], cells: [] },
    cameBack: { rows: [], columns: [], cells: [] },
    atEnd: { rows: [], columns: [], cells: [] },
  },
});

describe('a year’s reports side by side: tertials, January–August and the year', () => {
  it('never leaves one hidden cell in a relation between them (T1 + T2 = Jan–Aug, Jan–Aug + T3 = year), so no difference gives a hidden count back (every combination of 0, 3, 6)', () => {
    const values = [0, 3, 6];
    const givenAway: string[] = [];
    for (const t1a of values) for (const t1s of values) for (const t2a of values) for (const t2s of values) for (const t3a of values) for (const t3s of values) {
      const family = [
        discussed('2026-01-01', '2026-04-30', t1a, t1s),
        discussed('2026-05-01', '2026-08-31', t2a, t2s),
        discussed('2026-09-01', '2026-12-31', t3a, t3s),
        discussed('2026-01-01', '2026-08-31', t1a + t2a, t1s + t2s),
        discussed('2026-01-01', '2026-12-31', t1a + t2a + t3a, t1s + t2s + t3s),
      ];
      const published = family.map((stats) => reportRows(stats, 5, family));
      const section = 'Diskuterade ärenden';
      for (const category of ['Med samtycke', 'Anonyma', 'Totalt']) {
        const [t1, t2, t3, janAug, year] = published.map((rows) => rows.find(([s, c]) => s === section && c === category)?.[2]);
        for (const relation of [[t1, t2, janAug], [janAug, t3, year], [t1, t2, t3, year]]) {
          if (relation.filter((cell) => cell === '..').length === 1) givenAway.push(`${category} ${JSON.stringify([t1a, t1s, t2a, t2s, t3a, t3s])} → ${JSON.stringify(relation)}`);
        }
      }
    }
    expect(givenAway).toEqual([]);
    // Without its family the year would have shown the 9 from which T1's hidden 3 follows.
    const family = [discussed('2026-01-01', '2026-04-30', 3, 6), discussed('2026-05-01', '2026-08-31', 6, 6), discussed('2026-09-01', '2026-12-31', 0, 6), discussed('2026-01-01', '2026-08-31', 9, 12), discussed('2026-01-01', '2026-12-31', 9, 18)];
    const year = family[4] as FollowUpStats;
    expect(reportRows(year, 5).find(([, c]) => c === 'Med samtycke')?.[2]).toBe(9);
    expect(reportRows(year, 5, family).filter(([s]) => s === 'Diskuterade ärenden').map(([, , n]) => n)).toEqual(['..', '..', '..']);
    // And January–August minus T2 would have given T1's hidden 3: hidden there too.
    expect(reportRows(family[3] as FollowUpStats, 5, family).filter(([s]) => s === 'Diskuterade ärenden').map(([, , n]) => n)).toEqual(['..', '..', '..']);
  });
});

describe('follow-up CSV read back by LibreOffice', () => {
  it('keeps the Swedish header cells and numbers; a neutralised formula name stays text, a control row evaluates', async () => {
    const { app, call } = await testAppCore(await tempDir());
    await call('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'admin', adminDisplayName: 'Anna Admin', password: 'möte varje tisdag klockan nio' });
    const formulaOrg = await call('roster:save-organisation', { name: '=1+1', shortName: 'F', orgNumber: '202100-2114', kind: 'other' });
    const team = await call('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    const [own] = (await call('roster:organisations', {})) as unknown as { id: string; isOwn: boolean }[];
    const accountId = app.vault.vault.account?.id;
    const member = await call('roster:save-member', { displayName: 'Anna Admin', profession: 'other', professionOther: 'Processledare', organisationId: own?.id, phone: '', email: '', activeFrom: '2026-01-01', team: { teamId: team.id, role: 'chair' } });
    await call('roster:link-account', { memberId: member.id, accountId });
    const meeting = await call('meetings:create', { teamId: team.id, date: '2026-08-18', time: '09:00', chairMemberId: member.id, noteTakerMemberId: null });
    await call('meetings:add-guest', { meetingId: meeting.id, name: 'Gästa Gäst', organisationId: formulaOrg.id });
    await call('meetings:finalise', { meetingId: meeting.id });

    const folder = await tempDir();
    // Own dates do not leave the team: two overlapping custom reports would undo the suppression.
    expect(await app.call('followup:export-csv', { teamId: team.id, period: { kind: 'custom', from: '2026-11-01', to: '2026-11-30' }, suppressBelow: 5, folder }, 'page')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await fs.readdir(folder)).toEqual([]);
    // A period is reported to the förbund once it is over: T3 is not on 2026-11-23, T2 is.
    expect(await app.call('followup:export-csv', { teamId: team.id, period: { kind: 'tertial', year: 2026, tertial: 3 }, suppressBelow: 5, folder }, 'page')).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'period_not_over' } } });
    expect(await fs.readdir(folder)).toEqual([]);
    const exported = (await call('followup:export-csv', { teamId: team.id, period: { kind: 'tertial', year: 2026, tertial: 2 }, suppressBelow: 5, folder })) as { file: string };
    await fs.appendFile(exported.file, '"Kontroll";"=1+1";"=2+3"\r\n');
    const readBack = await libreOfficeReadBack(exported.file, await tempDir(), await tempDir());
    const rows = parseCsv(readBack).map((row) => row.cells);
    expect(rows[0]).toEqual(['Avsnitt', 'Kategori', 'Antal']);
    expect(rows).toContainEqual(['Period', '2026-05-01 – 2026-08-31', '']);
    expect(rows).toContainEqual(['Möten', 'Hållna teammöten', '1']);
    expect(rows).toContainEqual(['Närvaro per organisation', 'Samordningsteamet Väst', '1']);
    expect(rows).toContainEqual(['Avslut efter status vid avslut och kön', 'Arbete (utan stöd), Kvinna', '0']);
    const lines = readBack.replace(/^\uFEFF/, '').split(/\r?\n/);
    // Numbers came back as numbers (unquoted), the formula-named organisation as the text '=1+1 …
    expect(lines).toContain('"Möten";"Hållna teammöten";1');
    expect(lines).toContain(`"Närvaro per organisation";"'=1+1";1`);
    // … while the control row's un-neutralised cells were computed.
    expect(lines).toContain('"Kontroll";2;5');
    const audit = app.vault.vault.db.prepare("SELECT detail FROM audit_log WHERE action = 'followup.exported'").get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ suppressBelow: 5, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
