// The register of reports sent to the förbund (issue 20, review), through the real router on the
// demo vault (a real encrypted database in a temp folder) and real files: the first suppressed
// report of a year fixes its threshold, a period sent is written again as a copy with the same
// figures whatever changed since, and the page hears what differs today. And the report to the
// förbund counts every case of the team, so two exporters of different consent coverage make the same.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo';
import type { SentReportsView } from '../../shared/followup/model';
import { parseCsv } from '../../shared/csv/parse';
import { readCaps, writeCaps } from '../capabilities/caps';
import { storedFacts } from '../cases/facts';
import { createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { demoAppCore } from '../test-support/app-core';
import { useTempDirs } from '../test-support/temp-dir';
import { prepareSentReport, recordSentReport } from './sent-reports';
import { followUpStats } from './stats';

const tempDir = useTempDirs();

/** The rows of a report file after its opening lines (team, period, threshold, notes). */
async function figuresOf(file: string): Promise<string[][]> {
  const rows = parseCsv(await fs.readFile(file, 'utf8')).map((row) => [...row.cells]);
  return rows.filter((row) => row.length === 3 && !['Avsnitt', 'Team', 'Period', 'Små tal', 'Anmärkning'].includes(row[0] ?? ''));
}

describe('the register of reports sent', () => {
  it('fixes the year’s threshold, writes a sent period again as a copy of it, and says when today’s figures differ', async () => {
    const dataDir = await tempDir();
    const { app, call, auditHead } = await demoAppCore(dataDir);
    await call('vault:unlock', { username: 'ordforande', password: DEMO_PASSWORD });
    // Team försörjningsstöd: the demo's Team aktivitetsersättning has sent its T1 already.
    const teamId = (await call<{ id: string; name: string }[]>('roster:teams', {})).find((t) => t.name === 'Team försörjningsstöd')?.id ?? '';
    expect(teamId).not.toBe('');
    const db = app.vault.vault.db;
    const folder = await tempDir();
    const t1 = { kind: 'tertial', year: 2026, tertial: 1 } as const;
    // A participant of T1 (active since February), whose kön will be changed after T1 is sent.
    const own = (await call<{ id: string; isOwn: boolean }[]>('roster:organisations', {})).find((o) => o.isOwn);
    const participant = await call<{ id: string }>('cases:create', { teamId, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: own?.id, ownerMemberId: null, phase: 'aktiv', raisedOn: '2026-02-10', gender: 'kvinna', incomeAtStart: null });
    // Recorded in February, as it would have been (the test's clock is in November).
    db.prepare("UPDATE cases SET created_at = '2026-02-10T09:00:00.000Z' WHERE id = ?").run(participant.id);

    expect(await call<SentReportsView>('followup:sent-reports', { teamId, year: 2026 })).toEqual({ threshold: null, reports: [], hiddenInNewReports: [] });
    const sent = await call<{ file: string; sha256: string; copyOf: unknown }>('followup:export-csv', { teamId, period: t1, suppressBelow: 3, folder });
    expect(sent.copyOf).toBeNull();
    const register = db.prepare('SELECT id, year, period_from, period_to, suppress_below, format, sha256, copy_of, published_rows, true_figures FROM followup_reports_sent WHERE team_id = ?').all(teamId) as Record<string, string | number | null>[];
    expect(register).toHaveLength(1);
    expect(register[0]).toMatchObject({ year: 2026, period_from: '2026-01-01', period_to: '2026-04-30', suppress_below: 3, format: 'csv', sha256: sent.sha256, copy_of: null });
    // The published rows are the file's figures exactly; the true counts stay in the vault.
    const published = JSON.parse(String(register[0]?.published_rows)) as [string, string, number | '..'][];
    expect(published.map((row) => row.map(String))).toEqual(await figuresOf(sent.file));
    expect(JSON.parse(String(register[0]?.true_figures))).toMatchObject({ from: '2026-01-01', to: '2026-04-30', participants: expect.any(Object) });
    const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'followup.exported' ORDER BY seq DESC LIMIT 1").get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ reportId: register[0]?.id, copyOf: null, suppressBelow: 3, sha256: sent.sha256 });

    // Another threshold for the year is refused, nothing written: no file, no register row, no audit row.
    const before = auditHead();
    const files = await fs.readdir(folder);
    const refused = await app.call('followup:export-pdf', { teamId, period: { kind: 'year', year: 2026 }, suppressBelow: 5, folder }, 'page');
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'threshold_fixed' } } });
    expect(await fs.readdir(folder)).toEqual(files);
    expect(auditHead()).toBe(before);
    expect(db.prepare('SELECT count(*) AS n FROM followup_reports_sent WHERE team_id = ?').get(teamId)).toEqual({ n: 1 });
    // The team's own report (nothing hidden) is not a report to the förbund: any threshold, not recorded.
    await call('followup:export-csv', { teamId, period: { kind: 'year', year: 2026 }, suppressBelow: null, folder });
    expect(db.prepare('SELECT count(*) AS n FROM followup_reports_sent WHERE team_id = ?').get(teamId)).toEqual({ n: 1 });

    // A fact changes after sending: the participant of T1 gets another kön.
    await call('cases:set-facts', { caseId: participant.id, gender: 'man', incomeAtStart: null, expected: storedFacts(readCaps(app.vault.vault), participant.id) });
    const view = await call<SentReportsView>('followup:sent-reports', { teamId, year: 2026 });
    expect(view.threshold).toEqual({ value: 3, fixedOn: '2026-11-23' });
    expect(view.reports).toHaveLength(1);
    expect(view.reports[0]?.differs).toContain('participants');
    // New reports of the year cannot agree with the T1 sent on the participant tables: they hide them whole.
    expect(view.hiddenInNewReports).toContain('participants');

    // T1 again (as a PDF or a CSV): a copy, the same figures as sent, marked as a copy.
    const copy = await call<{ file: string; copyOf: { sentOn: string } | null }>('followup:export-csv', { teamId, period: { kind: 'cumulative', year: 2026, tertial: 1 }, suppressBelow: 3, folder });
    expect(copy.copyOf).toEqual({ sentOn: '2026-11-23' });
    expect(await figuresOf(copy.file)).toEqual(await figuresOf(sent.file));
    expect(await fs.readFile(copy.file, 'utf8')).toContain('Kopia av rapporten som skickades 2026-11-23');
    expect(db.prepare('SELECT copy_of FROM followup_reports_sent WHERE team_id = ? ORDER BY rowid').all(teamId)).toEqual([{ copy_of: null }, { copy_of: register[0]?.id }]);

    // T2 now: made from today's figures, the participant tables hidden whole (every cell and total), and the file says so.
    const t2 = await call<{ file: string; hiddenTables: string[] }>('followup:export-csv', { teamId, period: { kind: 'tertial', year: 2026, tertial: 2 }, suppressBelow: 3, folder });
    expect(t2.hiddenTables).toContain('participants');
    const t2Rows = await figuresOf(t2.file);
    expect(t2Rows.filter((row) => /^(Deltagare|Nya deltagare|Avslut|Försörjningsstöd|Ärenden)/.test(row[0] ?? '')).every((row) => row[2] === '..')).toBe(true);
    expect(await fs.readFile(t2.file, 'utf8')).toContain('Dolda helt, så att rapporten stämmer med rapporterna för 2026 som redan skickats');

    // Only the team's chair reads the register.
    await call('vault:lock', {});
    await call('vault:unlock', { username: 'demo', password: DEMO_PASSWORD });
    expect(await app.call('followup:sent-reports', { teamId, year: 2026 }, 'page')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(path.dirname(sent.file)).toBe(folder);
  });

  it('the demo’s Team aktivitetsersättning sent its T1: the year’s threshold is 5', async () => {
    const { app, call } = await demoAppCore(await tempDir());
    await call('vault:unlock', { username: 'ordforande', password: DEMO_PASSWORD });
    const teamId = (await call<{ id: string; name: string }[]>('roster:teams', {})).find((t) => t.name === 'Team aktivitetsersättning')?.id ?? '';
    const view = await call<SentReportsView>('followup:sent-reports', { teamId, year: 2026 });
    expect(view.threshold).toEqual({ value: 5, fixedOn: '2026-11-23' });
    expect(view.reports.map((r) => [r.from, r.to, r.copyOf, r.differs])).toEqual([['2026-01-01', '2026-04-30', null, []]]);
    expect(await app.call('followup:export-csv', { teamId, period: { kind: 'year', year: 2026 }, suppressBelow: 3, folder: await tempDir() }, 'page')).toMatchObject({ ok: false, error: { detail: { reason: 'threshold_fixed' } } });
  });
});

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('the report to the förbund does not depend on who exports it', () => {
  it('counts every case of the team, and only one who may read them all makes it (review: the page less the report would give an unread case away); a period not over is refused', async () => {
    const world = await teamWorld(opened, '2026-02-02T08:00:00Z');
    const { chair, fkMember, team, ownOrganisationId, clock } = world;
    // Cases with consent raised by our own organisation (no consent for FK) and anonymous ones: FK reads only the anonymous.
    for (const [i, mode] of (['consent', 'consent', 'consent', 'anonymous', 'consent', 'anonymous'] as const).entries()) {
      clock.set(`2026-02-${String(3 + i).padStart(2, '0')}T08:00:00Z`);
      createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: mode, raisedByOrganisationId: ownOrganisationId, ownerMemberId: null, gender: i % 2 === 0 ? 'kvinna' : 'man', incomeAtStart: null });
    }
    clock.set('2026-05-04T08:00:00Z');
    const t1 = { kind: 'tertial', year: 2026, tertial: 1 } as const;
    const total = (caps: ReturnType<typeof readCaps>): number => followUpStats(caps, team.id, t1).participants.active.cells.flat().reduce((a, b) => a + b, 0);
    // The page: each counts what they may read.
    expect(total(readCaps(chair.vault))).toBe(6);
    expect(total(readCaps(fkMember.vault))).toBe(2);
    // The report counts all six: the chair, who reads them all, makes it; FK, who reads two, is refused.
    const byChair = prepareSentReport(readCaps(chair.vault), team.id, t1, 3);
    expect(() => prepareSentReport(readCaps(fkMember.vault), team.id, t1, 3)).toThrow(expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'not_all_cases_covered' }) }));
    expect(byChair.truth.participants.active.cells.flat().reduce((a, b) => a + b, 0)).toBe(6);
    // T2 is not over on 2026-05-04: not reported yet.
    expect(() => prepareSentReport(readCaps(chair.vault), team.id, { kind: 'tertial', year: 2026, tertial: 2 }, 3)).toThrow(expect.objectContaining({ code: 'conflict', detail: expect.objectContaining({ reason: 'period_not_over' }) }));
    expect(byChair.rows.find(([section, category]) => section.startsWith('Deltagare') && category === 'Kvinna, 20–24 år')?.[2]).toBe(3);
  });
});

describe('two reports of a year made at once', () => {
  it('records the first; the second, made before the first was recorded, is refused and records nothing', async () => {
    const world = await teamWorld(opened, '2026-09-01T08:00:00Z');
    const { chair, team } = world;
    const t1 = prepareSentReport(readCaps(chair.vault), team.id, { kind: 'tertial', year: 2026, tertial: 1 }, 3);
    const t2 = prepareSentReport(readCaps(chair.vault), team.id, { kind: 'tertial', year: 2026, tertial: 2 }, 3);
    recordSentReport(writeCaps(chair.vault), t1, { format: 'csv', sha256: 'a'.repeat(64), fileName: 't1.csv' });
    const audited = (): number => (chair.vault.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'followup.exported'").get() as { n: number }).n;
    const before = audited();
    // T2 was suppressed without knowing T1 was sent: it must be made again.
    expect(() => recordSentReport(writeCaps(chair.vault), t2, { format: 'csv', sha256: 'b'.repeat(64), fileName: 't2.csv' })).toThrow(expect.objectContaining({ code: 'conflict', detail: { reason: 'report_sent_meanwhile' } }));
    expect(audited()).toBe(before);
    expect(chair.vault.db.prepare('SELECT period_from FROM followup_reports_sent').all()).toEqual([{ period_from: '2026-01-01' }]);
    // Made again, it is recorded.
    recordSentReport(writeCaps(chair.vault), prepareSentReport(readCaps(chair.vault), team.id, { kind: 'tertial', year: 2026, tertial: 2 }, 3), { format: 'csv', sha256: 'b'.repeat(64), fileName: 't2.csv' });
    expect(chair.vault.db.prepare('SELECT count(*) AS n FROM followup_reports_sent').get()).toEqual({ n: 2 });
  });
});
