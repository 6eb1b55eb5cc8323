import path from 'node:path';
import { addConsent, closeCase, createCase } from '../../cases/repository';
import { teamWorld } from '../../cases/test-support/team-world';
import { addAddendum, addAgendaItem, commitItem, createMeeting, finaliseMeeting, saveDraft } from '../../meetings/repository';
import { DATABASE_FILE } from '../../vault/db/open-vault';
import { writeCaps } from '../../capabilities/caps';

/**
 * A team with records from March 2026 about one case (due under the default five years on 1
 * December 2031, where the clock is left) — consent, finalised minutes with an action and an
 * addendum, an open meeting's draft, supervision with a private note, a handover and a received
 * packet, each holding a marker word — and a case from June 2031 whose minutes hold the kept marker.
 */
export const OLD = {
  notes: 'gallringsmarkorett',
  decisions: 'gallringsmarkortva',
  action: 'gallringsmarkortre',
  addendum: 'gallringsmarkorfyra',
  draft: 'gallringsmarkorfem',
  supervision: 'gallringsmarkorsex',
  handover: 'gallringsmarkorsju',
  packet: 'gallringsmarkorotta',
  consent: 'gallringsmarkornio',
};
export const KEPT = 'kontrollmarkorkvar';

/** Records from March 2026 (due under the default five years on 1 December 2031) and a case from June 2031 (kept). */
export async function worldWithOldRecords(opened: { close(): Promise<void> }[]) {
  const world = await teamWorld(opened, '2026-03-02T08:00:00Z');
  const { chair, team, ownOrganisationId, af, clock, admin } = world;
  const vault = chair.vault;
  const old = createCase(writeCaps(vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  addConsent(writeCaps(vault), { caseId: old.id, organisationId: af.id, direction: 'both', categories: ['labour-market'], purpose: `Samordning ${OLD.consent}`, validFrom: '2026-03-01', validTo: '2026-09-30', guardianConsent: false, paperFiledAt: 'Akten' });
  const meeting = createMeeting(writeCaps(vault), { teamId: team.id, date: '2026-03-03', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const item = addAgendaItem(writeCaps(vault), { meetingId: meeting.id, caseId: old.id }).item;
  const committed = commitItem(writeCaps(vault), {
    agendaItemId: item?.id ?? '',
    body: { notes: `Samtal om praktik ${OLD.notes}.`, decisions: `Beslut ${OLD.decisions}.`, nextFollowUp: null, actions: [{ text: `Ring ${OLD.action}`, dueDate: '2026-03-20', responsibleMemberId: null }] },
  });
  finaliseMeeting(writeCaps(vault), meeting.id);
  addAddendum(writeCaps(vault), { meetingId: meeting.id, caseItemId: committed.item.item?.id ?? null, kind: 'addendum', text: `Tillägg ${OLD.addendum}`, reason: 'Glömdes' });
  // An open meeting left with a draft in it.
  const open = createMeeting(writeCaps(vault), { teamId: team.id, date: '2026-03-10', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const openItem = addAgendaItem(writeCaps(vault), { meetingId: open.id, caseId: old.id }).item;
  saveDraft(writeCaps(vault), { agendaItemId: openItem?.id ?? '', body: { notes: `Utkast ${OLD.draft}`, decisions: '', nextFollowUp: null, actions: [] } });
  // Supervision, a handover and a received packet, seeded as their repositories store them (those are tested on their own).
  const accountId = vault.account?.id;
  vault.db.prepare("INSERT INTO supervision_sessions (id, team_id, date, form, status, held_at, created_at, created_by) VALUES ('s-old', ?, '2026-03-12', 'case', 'held', '2026-03-12T10:00:00Z', '2026-03-12T10:00:00Z', ?)").run(team.id, accountId);
  vault.db.prepare("INSERT INTO supervision_cases (session_id, case_id, position) VALUES ('s-old', ?, 1)").run(old.id);
  vault.db.prepare("INSERT INTO supervision_records (id, session_id, case_id, summary, approach, shared_at, shared_by) VALUES ('r-old', 's-old', ?, ?, 'MI', '2026-03-12T11:00:00Z', ?)").run(old.id, `Sammanfattning ${OLD.supervision}`, accountId);
  vault.db.prepare("INSERT INTO private_notes (id, account_id, session_id, kind, nonce, ciphertext, saved_at, created_at) VALUES ('p-old', ?, 's-old', 'session', x'00', x'01', '2026-03-12T11:00:00Z', '2026-03-12T11:00:00Z')").run(accountId);
  const consentId = (vault.db.prepare('SELECT id FROM case_consents WHERE case_id = ?').get(old.id) as { id: string }).id;
  vault.db
    .prepare("INSERT INTO handovers (id, case_id, conversation_id, date, from_organisation_id, from_function, to_organisation_id, to_function, reason, consent_id, goals, new_case_owner, created_at, created_by) VALUES ('h-old', ?, 'c-old', '2026-03-15', ?, 'Coach', ?, 'Handläggare', 'Flytt', ?, ?, 'AF', '2026-03-15T09:00:00Z', ?)")
    .run(old.id, ownOrganisationId, af.id, consentId, `Mål ${OLD.handover}`, accountId);
  vault.db
    .prepare("INSERT INTO trusted_keys (id, organisation_id, age_recipient, fingerprint, file_organisation, file_org_number, imported_at, imported_by) VALUES ('k-af', ?, 'age1x', 'fp', 'AF', '202100-2114', '2026-03-01T09:00:00Z', ?)")
    .run(af.id, accountId);
  vault.db
    .prepare("INSERT INTO packets_received (id, team_id, signer_key_id, conversation_id, manifest, content, pdf, packet, sha256, encrypted, received_at, received_by, case_id) VALUES ('pk-old', ?, 'k-af', 'c-af', '{}', ?, x'25', x'50', 'ab', 1, '2026-03-16T09:00:00Z', ?, ?)")
    .run(team.id, `{"goals":"${OLD.packet}"}`, accountId, old.id);

  // Closed, so later meetings' agendas no longer bring it up (an open case stays alive on them).
  clock.set('2026-03-16T10:00:00Z');
  closeCase(writeCaps(vault), { caseId: old.id, outcome: 'arbete', outcomeOther: '', date: '2026-03-16' });

  clock.set('2031-06-02T08:00:00Z');
  const kept = createCase(writeCaps(vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  const recent = createMeeting(writeCaps(vault), { teamId: team.id, date: '2031-06-03', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const recentItem = addAgendaItem(writeCaps(vault), { meetingId: recent.id, caseId: kept.id }).item;
  commitItem(writeCaps(vault), { agendaItemId: recentItem?.id ?? '', body: { notes: `Kvar ${KEPT}.`, decisions: '', nextFollowUp: null, actions: [] } });
  finaliseMeeting(writeCaps(vault), recent.id);
  clock.set('2031-12-01T09:00:00Z');
  return { ...world, vault, admin, old, kept, oldMeeting: meeting };
}

export const databaseFile = (vault: { db: { name: string } }): string => path.join(path.dirname(vault.db.name), DATABASE_FILE);
export const count = (vault: { db: { prepare(sql: string): { get(): unknown } } }, table: string): number => (vault.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

