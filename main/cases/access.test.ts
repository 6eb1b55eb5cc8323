// The consent rule, written twice (issue 16): per row (`unreadableFor`, which says why) and
// set-based inside SQL (`READABLE_CASES`, and `readableCase` per row, which search and statistics filter by). Generated cases
// and consents — every mode, raiser, owner, direction, validity and withdrawal around today —
// must get the same answer from both, for readers of every organisation, in the team and outside.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { saveTeam } from '../roster/repository';
import { readCaps, writeCaps } from '../capabilities/caps';
import { readableCase, readableCaseIds, readableParams, unreadableFor } from './access';
import { teamWorld } from './test-support/team-world';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

// Today is 2026-11-23 (the fixture's clock): dates on both sides of it, and on it.
const DAY = fc.constantFrom('2026-01-01', '2026-11-22', '2026-11-23', '2026-11-24', '2027-06-30');
const consentArb = fc.record({ org: fc.nat(2), direction: fc.constantFrom('receive', 'share', 'both'), from: DAY, to: DAY, withdrawn: fc.option(DAY, { nil: null }) });
const caseArb = fc.record({ otherTeam: fc.boolean(), mode: fc.constantFrom('anonymous', 'consent'), raisedBy: fc.nat(2), owner: fc.option(fc.nat(2), { nil: null }), consents: fc.array(consentArb, { maxLength: 3 }) });

describe('the consent rule in SQL', () => {
  it('reads the same cases as the rule per row, for every reader', async () => {
    const world = await teamWorld(opened);
    const { admin, chair, noteTaker, fkMember, outsider, team, ownOrganisationId, af, fk } = world;
    const otherTeam = saveTeam(writeCaps(admin), { name: 'Team Väst', description: '', meetingWeekday: 3, meetingTime: '10:00', meetingRoom: '' });
    const organisations = [ownOrganisationId, af.id, fk.id];
    const owners = [chair.member.id, noteTaker.member.id, fkMember.member.id];
    const db = admin.db;
    const creator = chair.vault.account?.id ?? '';
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 8 }), async (cases) => {
        db.exec('DELETE FROM case_consents; DELETE FROM cases;');
        for (const c of cases) {
          const id = randomUUID();
          db.prepare("INSERT INTO cases (id, team_id, code, age_band, consent_mode, raised_by_organisation_id, owner_member_id, created_at, created_by) VALUES (?, ?, ?, '18-20', ?, ?, ?, '2026-01-01T00:00:00Z', ?)").run(
            id,
            c.otherTeam ? otherTeam.id : team.id,
            `UT-2026-${String(++n).padStart(4, '0')}`,
            c.mode,
            organisations[c.raisedBy],
            c.owner === null ? null : owners[c.owner],
            creator,
          );
          for (const k of c.consents) {
            const [from, to] = k.from <= k.to ? [k.from, k.to] : [k.to, k.from];
            db.prepare("INSERT INTO case_consents (id, case_id, organisation_id, direction, categories, purpose, valid_from, valid_to, paper_filed_at, withdrawn_on, recorded_at, recorded_by) VALUES (?, ?, ?, ?, '[]', 'x', ?, ?, 'x', ?, '2026-01-01T00:00:00Z', ?)").run(
              randomUUID(),
              id,
              organisations[k.org],
              k.direction,
              from,
              to,
              k.withdrawn,
              creator,
            );
          }
        }
        const rows = db.prepare('SELECT id, team_id, consent_mode, raised_by_organisation_id FROM cases').all() as { id: string; team_id: string; consent_mode: 'anonymous' | 'consent'; raised_by_organisation_id: string }[];
        for (const reader of [chair, noteTaker, fkMember, outsider]) {
          const caps = readCaps(reader.vault);
          const context = caps.access;
          const perRow = new Set(rows.filter((row) => unreadableFor(caps, row) === null).map((row) => row.id));
          expect(readableCaseIds(caps.db, context)).toEqual(perRow);
          const correlated = db.prepare(`SELECT c.id FROM cases c WHERE ${readableCase('c.id')}`).all(readableParams(context)) as { id: string }[];
          expect(new Set(correlated.map((row) => row.id))).toEqual(perRow);
        }
      }),
      { numRuns: 60, seed: 1616 },
    );
  });
});
