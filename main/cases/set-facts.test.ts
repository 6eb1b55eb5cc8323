// cases:set-facts on a real encrypted vault. Access (review: the read check was untested): an
// editor of the team whom the case's consent does not cover may not change its facts — refused
// before anything is written, no audit row — and once a consent covers their organisation, may.
// Lost updates (review): the form sends every fact, so a write is a compare-and-set against the
// facts the editor's page showed; a page showing older facts is refused, nothing written.
import { afterEach, describe, expect, it } from 'vitest';
import { readCaps, writeCaps } from '../capabilities/caps';
import { storedFacts } from './facts';
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
    const seen = storedFacts(readCaps(chair.vault), kase.id);
    expect(() => setCaseFacts(writeCaps(noteTaker.vault), { caseId: kase.id, gender: 'man', incomeAtStart: 'forsorjningsstod', expected: seen })).toThrow(
      expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'consent_not_covering' }) }),
    );
    expect(facts()).toEqual({ gender: 'kvinna', income_at_start: 'studier' });
    expect(audited()).toBe(0);
    // A consent that lets AF receive: now it may.
    addConsent(writeCaps(chair.vault), { caseId: kase.id, organisationId: af.id, direction: 'receive', categories: ['labour-market'], purpose: 'Planering', validFrom: '2026-11-23', validTo: '2027-11-23', guardianConsent: false, paperFiledAt: 'Akten' });
    expect(getCase(readCaps(noteTaker.vault), kase.id).readable).toBe(true);
    setCaseFacts(writeCaps(noteTaker.vault), { caseId: kase.id, gender: 'man', incomeAtStart: 'forsorjningsstod', expected: seen });
    expect(facts()).toEqual({ gender: 'man', income_at_start: 'forsorjningsstod' });
    expect(audited()).toBe(1);
  });

  it('two editors with the case open: the second, whose page shows the older facts, is refused and writes nothing (no lost update)', async () => {
    const { chair, noteTaker, team, admin, ownOrganisationId } = await teamWorld(opened);
    const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null, gender: 'kvinna', incomeAtStart: 'studier' });
    const stored = () => admin.db.prepare('SELECT gender, income_at_start, income_at_exit FROM cases WHERE id = ?').get(kase.id);
    const head = () => (admin.db.prepare('SELECT MAX(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
    const factsRows = () => admin.db.prepare("SELECT seq, detail FROM audit_log WHERE action = 'case.facts-set' ORDER BY seq").all() as { seq: number; detail: string }[];
    // Both open the case and see the same facts.
    const seenByChair = storedFacts(readCaps(chair.vault), kase.id);
    const seenByNoteTaker = storedFacts(readCaps(noteTaker.vault), kase.id);
    expect(seenByNoteTaker).toEqual({ gender: 'kvinna', incomeAtStart: 'studier', incomeAtExit: null });
    // The chair changes kön.
    setCaseFacts(writeCaps(chair.vault), { caseId: kase.id, gender: 'man', incomeAtStart: 'studier', expected: seenByChair });
    expect(stored()).toEqual({ gender: 'man', income_at_start: 'studier', income_at_exit: null });
    const afterChair = head();
    expect(factsRows()).toHaveLength(1);
    // The note-taker changes the income at start; their page still shows kön as kvinna and sends it back.
    expect(() => setCaseFacts(writeCaps(noteTaker.vault), { caseId: kase.id, gender: 'kvinna', incomeAtStart: 'forsorjningsstod', expected: seenByNoteTaker })).toThrow(
      expect.objectContaining({ code: 'conflict', detail: { reason: 'facts_changed' } }),
    );
    // Nothing written: the chair's change stands, no audit row.
    expect(stored()).toEqual({ gender: 'man', income_at_start: 'studier', income_at_exit: null });
    expect(head()).toBe(afterChair);
    expect(factsRows()).toHaveLength(1);
    // A second stale write of the same page, even one that changes only what the chair did not touch, is refused the same way.
    expect(() => setCaseFacts(writeCaps(noteTaker.vault), { caseId: kase.id, gender: 'kvinna', incomeAtStart: 'studier', expected: seenByNoteTaker })).toThrow(
      expect.objectContaining({ code: 'conflict', detail: { reason: 'facts_changed' } }),
    );
    expect(stored()).toEqual({ gender: 'man', income_at_start: 'studier', income_at_exit: null });
    expect(head()).toBe(afterChair);
    // Reloaded, the note-taker sees the chair's kön and saves their change over it: both changes kept.
    const reloaded = storedFacts(readCaps(noteTaker.vault), kase.id);
    setCaseFacts(writeCaps(noteTaker.vault), { caseId: kase.id, gender: reloaded.gender, incomeAtStart: 'forsorjningsstod', expected: reloaded });
    expect(stored()).toEqual({ gender: 'man', income_at_start: 'forsorjningsstod', income_at_exit: null });
    expect(factsRows().map((r) => JSON.parse(r.detail).changed)).toEqual(['gender', 'incomeAtStart']);
  });
});
