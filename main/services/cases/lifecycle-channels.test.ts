// The lifecycle channels (issue 20) through the real router on the demo vault (a real encrypted
// database in a temp folder): a raised case walks to archived and is reopened, each change one
// audit row; the closing channel requires the analysis; a refused change answers a typed error
// and writes nothing.
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../shared/cases/model';
import { DEMO_PASSWORD } from '../../../shared/demo';
import type { Member } from '../../../shared/roster/model';
import { demoAppCore } from '../../test-support/app-core';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();

describe('the lifecycle channels', () => {
  it('walk a case through every phase, each change audited once; refusals typed and unwritten', async () => {
    const dataDir = await tempDir();
    const { call, app, clock, auditHead: head } = await demoAppCore(dataDir);
    const db = () => app.vault.vault.db;
    const actionsSince = (seq: number) => (db().prepare('SELECT action FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as { action: string }[]).map((r) => r.action);
    await call('vault:unlock', { username: 'ordforande', password: DEMO_PASSWORD });
    const teams = await call<{ id: string; name: string }[]>('roster:teams', {});
    const team = teams.find((t) => t.name === 'Team försörjningsstöd');
    const members = await call<Member[]>('roster:members', { teamId: team?.id });
    const chair = members.find((m) => m.displayName.startsWith('Alva'));
    const own = (db().prepare('SELECT organisation_id FROM accounts WHERE username = ?').get('ordforande') as { organisation_id: string }).organisation_id;

    const created = await call<CaseDetail>('cases:create', { teamId: team?.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: own, ownerMemberId: null, phase: 'aktualiserad' });
    expect(created.phase).toBe('aktualiserad');
    const caseId = created.id;
    const start = head();
    await call('cases:propose', { caseId, date: '2026-11-23' });
    await call('cases:decide', { caseId, date: '2026-11-23', chosen: true, decidedByMemberId: chair?.id });
    // Closing without the analysis is refused at the door, naming the field.
    await expect(call('cases:close', { caseId, outcome: 'studier', outcomeOther: '', date: '2026-11-23' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Invalid input') });
    await expect(call('cases:close', { caseId, outcome: 'studier', outcomeOther: '', date: '2026-11-23', analysis: 'Ring 070-123 45 67.' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('identifier') });
    await call('cases:close', { caseId, outcome: 'studier', outcomeOther: '', date: '2026-11-23', analysis: 'Började studera på komvux; studievägledningen bar.' });
    const planned = await call<CaseDetail>('cases:plan-checkins', { caseId, date: '2026-11-23', months: [3, 6, 12] });
    expect(planned.checkins.map((k) => k.dueOn)).toEqual(['2027-02-23', '2027-05-23', '2027-11-23']);
    // Refused: archiving twice is not possible, a reopening needs words.
    await expect(call('cases:reopen', { caseId, date: '2026-11-23', reason: '' })).rejects.toMatchObject({ code: 'invalid_input' });
    clock.set('2027-02-24T09:00:00Z');
    await call('cases:record-checkin', { checkinId: planned.checkins[0]?.id, date: '2027-02-24', status: 'studier' });
    await call('cases:archive', { caseId, date: '2027-02-24' });
    const mid = head();
    await expect(call('cases:archive', { caseId, date: '2027-02-24' })).rejects.toMatchObject({ code: 'conflict' });
    expect(head()).toBe(mid);
    const reopened = await call<CaseDetail>('cases:reopen', { caseId, date: '2027-02-24', reason: 'Avbröt studierna, vill ha stöd igen.' });
    expect(reopened.phase).toBe('aktiv');
    expect(reopened.timeline.map((e) => e.kind)).toEqual(['aktualiserad', 'beredning', 'aktiv', 'avslutad', 'uppfoljning', 'arkiverad', 'ateroppnad']);
    expect(actionsSince(start)).toEqual(['case.proposed', 'case.chosen', 'case.closed', 'case.checkins-planned', 'case.checkin-recorded', 'case.archived', 'case.reopened']);
  });
});
