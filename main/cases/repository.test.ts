// The case access rules (DESIGN.md "Access model", the table in docs/architecture.md), one test
// per row, on a real encrypted vault: readers from different home organisations, dated consents.
import { afterEach, describe, expect, it } from 'vitest';
import { saveMember } from '../roster/repository';
import { teamWorld } from './test-support/team-world';
import { addConsent, breakGlassRead, closeCase, createCase, flagForSupervision, getCase, listCases, withdrawConsent } from './repository';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});
const world = () => teamWorld(opened);

const DAY = 24 * 3600 * 1000;
const forbidden = { code: 'forbidden' };

const consentFor = (caseId: string, organisationId: string, extra: Partial<Parameters<typeof addConsent>[1]> = {}) => ({
  caseId,
  organisationId,
  direction: 'both' as const,
  categories: ['labour-market' as const, 'work-history' as const],
  purpose: 'Samordnad planering mot arbete',
  validFrom: '2026-11-01',
  validTo: '2026-11-30',
  guardianConsent: false,
  paperFiledAt: 'Socialtjänstens akt',
  ...extra,
});

describe('who may read a case', () => {
  it('an anonymous case: every member of the team, nobody outside it', async () => {
    const { chair, fkMember, outsider, team, ownOrganisationId } = await world();
    const anon = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    expect(anon.code).toBe('UT-2026-001');
    expect(getCase(readCaps(fkMember.vault), anon.id).code).toBe('UT-2026-001');
    expect(() => getCase(readCaps(outsider.vault), anon.id)).toThrow(expect.objectContaining(forbidden));
    expect(() => listCases(readCaps(outsider.vault), team.id)).toThrow(expect.objectContaining(forbidden));
  });

  it('the organisation that raised the case, and the one that owns it, are always covered', async () => {
    const { chair, noteTaker, fkMember, team, af } = await world();
    // Raised by AF, owned by the chair (our own organisation): both read without any consent; FK does not.
    const c = createCase(writeCaps(noteTaker.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: af.id, ownerMemberId: chair.member.id });
    expect(getCase(readCaps(noteTaker.vault), c.id).readable).toBe(true);
    expect(getCase(readCaps(chair.vault), c.id).readable).toBe(true);
    expect(() => getCase(readCaps(fkMember.vault), c.id)).toThrow(expect.objectContaining(forbidden));
    expect(listCases(readCaps(fkMember.vault), team.id)).toEqual([expect.objectContaining({ code: c.code, readable: false, unreadableReason: 'no-consent' })]);
  });

  it('a consent covers a reader on the day of the read; when it ends, the history closes to them', async () => {
    const { chair, fkMember, team, fk, ownOrganisationId, clock } = await world();
    const c = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    addConsent(writeCaps(chair.vault), consentFor(c.id, fk.id, { validFrom: '2026-11-01', validTo: '2026-11-30' }));
    expect(getCase(readCaps(fkMember.vault), c.id).consents).toHaveLength(1); // 2026-11-23: covered
    clock.advance(8 * DAY); // 2026-12-01
    expect(() => getCase(readCaps(fkMember.vault), c.id)).toThrow(expect.objectContaining(forbidden));
    expect(listCases(readCaps(fkMember.vault), team.id)[0]?.unreadableReason).toBe('consent-expired');
  });

  it('a withdrawn consent no longer covers from its withdrawal date', async () => {
    const { chair, fkMember, team, fk, ownOrganisationId, clock } = await world();
    const c = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '25-29', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    const withConsent = addConsent(writeCaps(chair.vault), consentFor(c.id, fk.id, { validTo: '2027-06-30' }));
    expect(getCase(readCaps(fkMember.vault), c.id).readable).toBe(true);
    // Recorded the day it arrives (never ahead of time, never before the consent began).
    expect(() => withdrawConsent(writeCaps(chair.vault), { consentId: withConsent.consents[0]?.id ?? '', date: '2026-11-24' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    withdrawConsent(writeCaps(chair.vault), { consentId: withConsent.consents[0]?.id ?? '', date: '2026-11-23' });
    expect(() => getCase(readCaps(fkMember.vault), c.id)).toThrow(expect.objectContaining(forbidden));
    clock.advance(DAY);
    expect(listCases(readCaps(fkMember.vault), team.id)[0]?.unreadableReason).toBe('consent-withdrawn');
  });

  it('a consent that lets an organisation only share (not receive) does not let its staff read', async () => {
    const { chair, fkMember, team, fk, ownOrganisationId } = await world();
    const c = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    addConsent(writeCaps(chair.vault), consentFor(c.id, fk.id, { direction: 'share' }));
    expect(() => getCase(readCaps(fkMember.vault), c.id)).toThrow(expect.objectContaining(forbidden));
  });

  it("a reader's home organisation is their roster member's: moving the member moves the access", async () => {
    const { admin, chair, fkMember, team, af, fk } = await world();
    const c = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: af.id, ownerMemberId: null });
    expect(() => getCase(readCaps(fkMember.vault), c.id)).toThrow(expect.objectContaining(forbidden));
    saveMember(writeCaps(admin), { id: fkMember.member.id, displayName: 'Fia FK', profession: 'other', professionOther: 'x', organisationId: af.id, phone: '', email: '', activeFrom: '2026-01-01' });
    fkMember.vault.reloadAccount();
    expect(getCase(readCaps(fkMember.vault), c.id).readable).toBe(true);
    expect(fk.id).not.toBe(af.id);
  });

  it('break-glass: a team member reads anyway with a reason, audited with it; outsiders cannot; the reason may not identify', async () => {
    const { chair, fkMember, outsider, team, ownOrganisationId, admin } = await world();
    const c = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    expect(() => breakGlassRead(readCaps(fkMember.vault), { caseId: c.id, reason: 'Ring Anna på 070-123 45 67' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(breakGlassRead(readCaps(fkMember.vault), { caseId: c.id, reason: 'Akut hot om vräkning, behöver planen nu' })).toMatchObject({ code: c.code, breakGlass: true, readable: false });
    expect(() => breakGlassRead(readCaps(outsider.vault), { caseId: c.id, reason: 'Akut hot om vräkning, behöver planen nu' })).toThrow(expect.objectContaining(forbidden));
    const audit = admin.db.prepare("SELECT account_id, case_code, detail FROM audit_log WHERE action = 'case.break-glass'").all();
    expect(audit).toEqual([{ account_id: fkMember.vault.account?.id, case_code: c.code, detail: '{"reason":"Akut hot om vräkning, behöver planen nu"}' }]);
  });
});

describe('changing cases', () => {
  it('only the chair and the note-taker create cases; a case for someone under 18 needs the guardian’s consent', async () => {
    const { chair, fkMember, team, fk, ownOrganisationId } = await world();
    expect(() => createCase(writeCaps(fkMember.vault), { teamId: team.id, ageBand: '16-19', consentMode: 'consent', raisedByOrganisationId: fk.id, ownerMemberId: null })).toThrow(expect.objectContaining(forbidden));
    const young = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '16-19', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    expect(() => addConsent(writeCaps(chair.vault), consentFor(young.id, fk.id))).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(addConsent(writeCaps(chair.vault), consentFor(young.id, fk.id, { guardianConsent: true })).consents[0]).toMatchObject({ guardianConsent: true, withdrawnOn: null });
  });

  it('closes with an outcome and flags for supervision; every change and read is audited by case code', async () => {
    const { chair, team, ownOrganisationId, admin } = await world();
    const c = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    expect(flagForSupervision(writeCaps(chair.vault), { caseId: c.id, flagged: true }).flaggedForSupervision).toBe(true);
    expect(closeCase(writeCaps(chair.vault), { caseId: c.id, outcome: 'studier', outcomeOther: '', date: '2026-11-23' })).toMatchObject({ status: 'closed', outcome: 'studier', closedOn: '2026-11-23' });
    expect(() => closeCase(writeCaps(chair.vault), { caseId: c.id, outcome: 'arbete', outcomeOther: '', date: '2026-11-23' })).toThrow(expect.objectContaining({ code: 'conflict' }));
    getCase(readCaps(chair.vault), c.id);
    const actions = (admin.db.prepare('SELECT action FROM audit_log WHERE case_code = ? ORDER BY seq').all(c.code) as { action: string }[]).map((row) => row.action);
    expect(actions).toEqual(['case.created', 'case.supervision-flag', 'case.closed', 'case.read']);
  });
});

describe('listing a team’s cases', () => {
  it('filters by status and pages: active by code, closed the latest closed first, the same rows as the whole list', async () => {
    const { chair, team, ownOrganisationId, clock } = await world();
    // Created before they close (a closing day is never before the case's previous event, issue 20).
    clock.set('2026-11-19T09:00:00Z');
    const made = Array.from({ length: 5 }, () => createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null }));
    clock.set('2026-11-23T09:00:00Z');
    // Closed on different days, not in code order: the latest closed comes first, then by code (newest first) within a day.
    closeCase(writeCaps(chair.vault), { caseId: made[3]?.id ?? '', outcome: 'arbete', outcomeOther: '', date: '2026-11-20' });
    closeCase(writeCaps(chair.vault), { caseId: made[1]?.id ?? '', outcome: 'arbete', outcomeOther: '', date: '2026-11-22' });
    closeCase(writeCaps(chair.vault), { caseId: made[4]?.id ?? '', outcome: 'arbete', outcomeOther: '', date: '2026-11-20' });
    const codes = (list: ReturnType<typeof listCases>) => list.map((c) => c.code);
    expect(codes(listCases(readCaps(chair.vault), team.id))).toEqual(['UT-2026-001', 'UT-2026-002', 'UT-2026-003', 'UT-2026-004', 'UT-2026-005']);
    expect(codes(listCases(readCaps(chair.vault), team.id, { status: 'active' }))).toEqual(['UT-2026-001', 'UT-2026-003']);
    expect(codes(listCases(readCaps(chair.vault), team.id, { status: 'closed' }))).toEqual(['UT-2026-002', 'UT-2026-005', 'UT-2026-004']);
    expect(codes(listCases(readCaps(chair.vault), team.id, { status: 'closed', limit: 2 }))).toEqual(['UT-2026-002', 'UT-2026-005']);
    expect(codes(listCases(readCaps(chair.vault), team.id, { status: 'closed', limit: 2, offset: 2 }))).toEqual(['UT-2026-004']);
    expect(listCases(readCaps(chair.vault), team.id, { status: 'closed', offset: 3 })).toEqual([]);
    expect(listCases(readCaps(chair.vault), team.id, { status: 'active' })).toEqual(listCases(readCaps(chair.vault), team.id).filter((c) => c.status === 'active'));
  });

  it('finds a status’s cases through the index, without reading the others', async () => {
    const { chair } = await world();
    const plan = (chair.vault.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM cases c WHERE c.team_id = ? AND c.status = ? ORDER BY c.closed_on DESC, c.code DESC LIMIT 10").all('t', 'closed') as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING (COVERING )?INDEX cases_team_status_closed \(team_id=\? AND status=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
