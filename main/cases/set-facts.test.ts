// cases:set-facts' access on a real encrypted vault (review: the read check was untested): an
// editor of the team whom the case's consent does not cover may not change its facts — refused
// before anything is written, no audit row — and once a consent covers their organisation, may.
import { afterEach, describe, expect, it } from 'vitest';
import { readCaps, writeCaps } from '../capabilities/caps';
import { addConsent, createCase, getCase } from './repository';
import { setCaseFacts } from './set-facts';
import { teamWorld } from './test-support/team-world';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('the participant facts of a consent case', () => {
  it('are changed only by an editor the consent covers; a refusal writes nothing', async () => {
    const { chair, noteTaker, team, admin, ownOrganisationId, af } = await teamWorld(opened);
    const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null, gender: 'kvinna', incomeAtStart: 'studier' });
    const facts = () => admin.db.prepare('SELECT gender, income_at_start FROM cases WHERE id = ?').get(kase.id);
    const audited = () => (admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'case.facts-set'").get() as { n: number }).n;
    // The note-taker (AF) edits the team's records, but no consent names AF.
    expect(() => setCaseFacts(writeCaps(noteTaker.vault), { caseId: kase.id, gender: 'man', incomeAtStart: 'forsorjningsstod' })).toThrow(
      expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'consent_not_covering' }) }),
    );
    expect(facts()).toEqual({ gender: 'kvinna', income_at_start: 'studier' });
    expect(audited()).toBe(0);
    // A consent that lets AF receive: now it may.
    addConsent(writeCaps(chair.vault), { caseId: kase.id, organisationId: af.id, direction: 'receive', categories: ['labour-market'], purpose: 'Planering', validFrom: '2026-11-23', validTo: '2027-11-23', guardianConsent: false, paperFiledAt: 'Akten' });
    expect(getCase(readCaps(noteTaker.vault), kase.id).readable).toBe(true);
    setCaseFacts(writeCaps(noteTaker.vault), { caseId: kase.id, gender: 'man', incomeAtStart: 'forsorjningsstod' });
    expect(facts()).toEqual({ gender: 'man', income_at_start: 'forsorjningsstod' });
    expect(audited()).toBe(1);
  });
});
