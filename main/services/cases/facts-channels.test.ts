// The participant facts' channels (issue 20) through the real router on the demo vault: an admin
// sets the age bands (validated, audited); new cases take one of them, with kön and income at
// start; the team's editor sets the facts (audited with which changed, never to what), the income
// at exit only once the case has exited; others are refused and nothing changes.
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../shared/cases/model';
import { DEMO_PASSWORD } from '../../../shared/demo';
import { demoAppCore } from '../../test-support/app-core';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();

describe('the participant facts channels', () => {
  it('age bands by an admin, facts by the team’s editors, income at exit once exited; each change audited', async () => {
    const dataDir = await tempDir();
    const { call, app, auditHead: head } = await demoAppCore(dataDir);
    const db = () => app.vault.vault.db;
    const raw = (channel: string, input: unknown) => app.call(channel, input, 'page');
    const rowsSince = (seq: number) => db().prepare('SELECT action, case_code, detail FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as { action: string; case_code: string | null; detail: string }[];

    await call('vault:unlock', { username: 'demo', password: DEMO_PASSWORD });
    expect(await call('cases:age-bands', {})).toEqual({ bounds: [16, 20, 25, 30], labels: ['16-19', '20-24', '25-29', '30+'] });
    for (const bounds of [[16], [20, 16], [14, 20], [16, 16, 20], [16, 100]]) {
      expect(await raw('cases:set-age-bands', { bounds })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { field: 'bounds' } } });
    }
    let seq = head();
    expect(await call('cases:set-age-bands', { bounds: [16, 18, 25] })).toEqual({ bounds: [16, 18, 25], labels: ['16-17', '18-24', '25+'] });
    expect(rowsSince(seq).map((r) => [r.action, JSON.parse(r.detail)])).toEqual([['case.age-bands-set', expect.objectContaining({ bounds: '16,18,25' })]]);
    await call('vault:lock', {});

    await call('vault:unlock', { username: 'ordforande', password: DEMO_PASSWORD });
    // Every account reads the bands (the case form); only an admin sets them.
    expect((await call<{ labels: string[] }>('cases:age-bands', {})).labels).toEqual(['16-17', '18-24', '25+']);
    await expect(call('cases:set-age-bands', { bounds: [16, 20] })).rejects.toMatchObject({ code: 'forbidden' });
    const team = (await call<{ id: string; name: string }[]>('roster:teams', {})).find((t) => t.name === 'Team försörjningsstöd');
    const own = (await call<{ id: string; isOwn: boolean }[]>('roster:organisations', {})).find((o) => o.isOwn);
    const base = { teamId: team?.id, consentMode: 'anonymous', raisedByOrganisationId: own?.id, ownerMemberId: null };
    // A band that is not configured any more is refused for a new case (older cases keep theirs).
    expect(await raw('cases:create', { ...base, ageBand: '20-24' })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { field: 'ageBand' } } });
    await expect(call('cases:create', { ...base, ageBand: '18-24', gender: 'okänd' })).rejects.toMatchObject({ code: 'invalid_input' });
    const made = await call<CaseDetail>('cases:create', { ...base, ageBand: '18-24', gender: 'man', incomeAtStart: 'forsorjningsstod' });
    expect(made.facts).toEqual({ gender: 'man', incomeAtStart: 'forsorjningsstod', incomeAtExit: null, exited: false });
    // Nobody is made to guess: a case made without them has them not recorded.
    expect((await call<CaseDetail>('cases:create', { ...base, ageBand: '25+' })).facts).toEqual({ gender: null, incomeAtStart: null, incomeAtExit: null, exited: false });

    const before = JSON.stringify(db().prepare('SELECT gender, income_at_start, income_at_exit FROM cases WHERE id = ?').get(made.id));
    seq = head();
    const seen = { gender: 'man', incomeAtStart: 'forsorjningsstod', incomeAtExit: null };
    expect(await raw('cases:set-facts', { caseId: made.id, gender: 'man', incomeAtStart: 'forsorjningsstod', incomeAtExit: 'arbete', expected: seen })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { field: 'incomeAtExit' } } });
    await expect(call('cases:set-facts', { caseId: made.id, gender: 'man', incomeAtStart: 'lön 25000 kr', expected: seen })).rejects.toMatchObject({ code: 'invalid_input' });
    // A page that showed other facts than those stored (another editor changed them since): refused, nothing written.
    expect(await raw('cases:set-facts', { caseId: made.id, gender: 'annat', incomeAtStart: 'forsorjningsstod', expected: { ...seen, gender: 'kvinna' } })).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'facts_changed' } } });
    expect(JSON.stringify(db().prepare('SELECT gender, income_at_start, income_at_exit FROM cases WHERE id = ?').get(made.id))).toBe(before);
    expect(rowsSince(seq)).toEqual([]);

    const changed = await call<CaseDetail>('cases:set-facts', { caseId: made.id, gender: 'annat', incomeAtStart: 'forsorjningsstod', expected: seen });
    expect(changed.facts).toEqual({ gender: 'annat', incomeAtStart: 'forsorjningsstod', incomeAtExit: null, exited: false });
    // The log says which facts changed, never to what.
    expect(rowsSince(seq).map((r) => [r.action, r.case_code, r.detail.includes('annat')])).toEqual([['case.facts-set', made.code, false]]);
    expect(JSON.parse(rowsSince(seq)[0]?.detail ?? '{}')).toMatchObject({ changed: 'gender' });
    // The same facts again change nothing and log nothing.
    seq = head();
    await call('cases:set-facts', { caseId: made.id, gender: 'annat', incomeAtStart: 'forsorjningsstod', expected: { ...seen, gender: 'annat' } });
    expect(rowsSince(seq)).toEqual([]);

    await call('cases:close', { caseId: made.id, outcome: 'arbete', outcomeOther: '', date: '2026-11-23', analysis: 'Fick en anställning efter praktiken; samverkan med arbetsgivaren bar.' });
    const exited = await call<CaseDetail>('cases:set-facts', { caseId: made.id, gender: 'annat', incomeAtStart: 'forsorjningsstod', incomeAtExit: 'arbete', expected: { ...seen, gender: 'annat' } });
    expect(exited.facts).toEqual({ gender: 'annat', incomeAtStart: 'forsorjningsstod', incomeAtExit: 'arbete', exited: true });
    await call('vault:lock', {});

    // The psychologist sits in no team as its editor: refused, nothing changed.
    await call('vault:unlock', { username: 'psykolog', password: DEMO_PASSWORD });
    await expect(call('cases:set-facts', { caseId: made.id, gender: 'kvinna', incomeAtStart: null, expected: { gender: 'annat', incomeAtStart: 'forsorjningsstod', incomeAtExit: 'arbete' } })).rejects.toMatchObject({ code: 'forbidden' });
    expect(db().prepare('SELECT gender FROM cases WHERE id = ?').get(made.id)).toEqual({ gender: 'annat' });
  });
});
