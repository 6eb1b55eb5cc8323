// Gallring by the retention rules, on a real encrypted vault: what is due is previewed, a purge
// needs the counts the admin saw, deletes every copy (rows, FTS, finalised minutes' JSON, drafts,
// shared supervision records and private notes, handovers and received packets, old audit rows) and
// leaves nothing in the WAL. The proof greps a decrypted copy of the vault file — taken before the
// purge too, where the same markers must be found, so the grep is shown to work.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/ipc/errors';
import { addConsent, closeCase, createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { addAddendum, addAgendaItem, commitItem, createMeeting, finaliseMeeting, saveDraft } from '../meetings/repository';
import { searchItems } from '../meetings/search';
import { decryptedCopy, holds } from '../test-support/decrypted-copy';
import { auditAnchor, verifyAudit, verifyAuditSince } from '../vault/audit/audit-log';
import { DATABASE_FILE } from '../vault/db/open-vault';
import { setRetentionRules } from './rules';
import { purgePreview, runPurge } from './purge';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const OLD = {
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
const KEPT = 'kontrollmarkorkvar';

const code = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
};

/** Records from March 2026 (due under the default five years on 1 December 2031) and a case from June 2031 (kept). */
async function worldWithOldRecords() {
  const world = await teamWorld(opened, '2026-03-02T08:00:00Z');
  const { chair, team, ownOrganisationId, af, clock, admin } = world;
  const vault = chair.vault;
  const old = createCase(vault, { teamId: team.id, ageBand: '18-20', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  addConsent(vault, { caseId: old.id, organisationId: af.id, direction: 'both', categories: ['labour-market'], purpose: `Samordning ${OLD.consent}`, validFrom: '2026-03-01', validTo: '2026-09-30', guardianConsent: false, paperFiledAt: 'Akten' });
  const meeting = createMeeting(vault, { teamId: team.id, date: '2026-03-03', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const item = addAgendaItem(vault, { meetingId: meeting.id, caseId: old.id }).agenda.find((i) => i.caseId === old.id);
  const committed = commitItem(vault, {
    agendaItemId: item?.id ?? '',
    body: { notes: `Samtal om praktik ${OLD.notes}.`, decisions: `Beslut ${OLD.decisions}.`, nextFollowUp: null, actions: [{ text: `Ring ${OLD.action}`, dueDate: '2026-03-20', responsibleMemberId: null }] },
  });
  finaliseMeeting(vault, meeting.id);
  addAddendum(vault, { meetingId: meeting.id, caseItemId: committed.agenda.find((i) => i.caseId === old.id)?.item?.id ?? null, kind: 'addendum', text: `Tillägg ${OLD.addendum}`, reason: 'Glömdes' });
  // An open meeting left with a draft in it.
  const open = createMeeting(vault, { teamId: team.id, date: '2026-03-10', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const openItem = addAgendaItem(vault, { meetingId: open.id, caseId: old.id }).agenda.find((i) => i.caseId === old.id);
  saveDraft(vault, { agendaItemId: openItem?.id ?? '', body: { notes: `Utkast ${OLD.draft}`, decisions: '', nextFollowUp: null, actions: [] } });
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
  closeCase(vault, { caseId: old.id, outcome: 'arbete', outcomeOther: '', date: '2026-03-16' });

  clock.set('2031-06-02T08:00:00Z');
  const kept = createCase(vault, { teamId: team.id, ageBand: '21-25', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  const recent = createMeeting(vault, { teamId: team.id, date: '2031-06-03', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const recentItem = addAgendaItem(vault, { meetingId: recent.id, caseId: kept.id }).agenda.find((i) => i.caseId === kept.id);
  commitItem(vault, { agendaItemId: recentItem?.id ?? '', body: { notes: `Kvar ${KEPT}.`, decisions: '', nextFollowUp: null, actions: [] } });
  finaliseMeeting(vault, recent.id);
  clock.set('2031-12-01T09:00:00Z');
  return { ...world, vault, admin, old, kept, oldMeeting: meeting };
}

const databaseFile = (vault: { db: { name: string } }): string => path.join(path.dirname(vault.db.name), DATABASE_FILE);
const count = (vault: { db: { prepare(sql: string): { get(): unknown } } }, table: string): number => (vault.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('purge by the retention rules', () => {
  it('previews what is due, refuses counts that no longer match, and otherwise deletes every copy: nothing in the WAL, nothing in a decrypted copy, the kept record intact', async () => {
    const { admin, chair, old, kept } = await worldWithOldRecords();
    const preview = purgePreview(admin);
    expect(preview.asOf).toBe('2031-12-01');
    expect(preview.groups.map((g) => [g.kind, g.count, g.oldest, g.cutoff, g.heldBack])).toEqual([
      ['case-records', 1, '2026-03-16', '2026-12-01', 0],
      ['minutes', 2, '2026-03-03', '2026-12-01', 0],
      ['supervision', 1, '2026-03-12', '2026-12-01', 0],
      ['handovers', 2, '2026-03-15', '2026-12-01', 0],
      ['audit-log', preview.counts['audit-log'], expect.any(String), '2026-12-01', 0],
    ]);
    const oldAuditRows = (admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE at < '2031-01-01'").get() as { n: number }).n;
    expect(preview.counts['audit-log']).toBe(oldAuditRows);
    expect(code(() => purgePreview(chair.vault))).toBe('forbidden');
    expect(code(() => runPurge(chair.vault, { confirmed: preview.counts }))).toBe('forbidden');

    // The control: before the purge, a decrypted copy holds every marker (so the grep works).
    admin.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = await decryptedCopy(databaseFile(admin), admin.key);
    for (const marker of [...Object.values(OLD), KEPT]) expect(holds(before, marker), marker).toBe(true);

    // Counts other than the preview's: nothing happens.
    const tables = ['cases', 'meetings', 'case_items', 'audit_log', 'supervision_sessions', 'handovers', 'packets_received'];
    const countsBefore = tables.map((t) => count(admin, t));
    expect(code(() => runPurge(admin, { confirmed: { ...preview.counts, minutes: 1 } }))).toBe('conflict');
    expect(tables.map((t) => count(admin, t))).toEqual(countsBefore);

    const result = runPurge(admin, { confirmed: preview.counts });
    expect(result.counts).toEqual(preview.counts);
    // Right after, with the vault still open: the WAL is empty.
    expect(statSync(`${databaseFile(admin)}-wal`).size).toBe(0);

    const after = await decryptedCopy(databaseFile(admin), admin.key);
    for (const marker of Object.values(OLD)) expect(holds(after, marker), marker).toBe(false);
    expect(holds(after, KEPT)).toBe(true);
    // And through the app: the old case is gone, the kept one is found by search.
    expect(admin.db.prepare('SELECT id FROM cases').all()).toEqual([{ id: kept.id }]);
    expect(searchItems(chair.vault, KEPT).length).toBe(1);
    expect(searchItems(chair.vault, OLD.notes)).toEqual([]);
    expect(count(admin, 'private_notes') + count(admin, 'item_drafts') + count(admin, 'meeting_addenda') + count(admin, 'actions')).toBe(0);
    // A purged packet id still refuses a replay.
    expect(admin.db.prepare('SELECT packet_id FROM purged_packet_ids').all()).toEqual([{ packet_id: 'pk-old' }]);

    // One audit entry with the counts; the chain verifies from its anchor, which that entry names.
    const entry = admin.db.prepare("SELECT case_code, detail FROM audit_log WHERE action = 'retention.purged'").get() as { case_code: string | null; detail: string };
    const anchor = auditAnchor(admin.db);
    expect(anchor?.seq).toBe(preview.counts['audit-log']);
    expect(JSON.parse(entry.detail)).toMatchObject({ 'case-records': 1, minutes: 2, supervision: 1, handovers: 2, 'audit-log': anchor?.seq, scheduled: false, auditAnchorSeq: anchor?.seq, auditAnchorHash: anchor?.hash });
    expect(entry.case_code).toBeNull();
    expect(verifyAudit(admin.db)).toMatchObject({ ok: true });
    expect(old.code).not.toBe(kept.code);
    expect(purgePreview(admin).counts).toEqual({ 'case-records': 0, minutes: 0, supervision: 0, handovers: 0, 'audit-log': 0 });
  });

  it('a due case still named by minutes another rule keeps is held back, not deleted, and the minutes are untouched', async () => {
    const { admin, old, oldMeeting } = await worldWithOldRecords();
    setRetentionRules(admin, { 'case-records': 12, minutes: 120, supervision: 12, handovers: 12, 'audit-log': 120 });
    const preview = purgePreview(admin);
    expect(preview.groups.find((g) => g.kind === 'case-records')).toMatchObject({ count: 0, heldBack: 1 });
    expect(preview.counts.minutes).toBe(0);
    const minutesBefore = admin.db.prepare('SELECT minutes_json, minutes_sha256 FROM meetings WHERE id = ?').get(oldMeeting.id);
    runPurge(admin, { confirmed: preview.counts });
    expect(admin.db.prepare('SELECT 1 AS kept FROM cases WHERE id = ?').get(old.id)).toEqual({ kept: 1 });
    expect(admin.db.prepare('SELECT minutes_json, minutes_sha256 FROM meetings WHERE id = ?').get(oldMeeting.id)).toEqual(minutesBefore);
    // The supervision session and handover went by their own (shorter) rules.
    expect(count(admin, 'supervision_sessions') + count(admin, 'handovers')).toBe(0);
    expect(verifyAudit(admin.db)).toMatchObject({ ok: true });
  });

  it('the kept chain stays verifiable from the anchor; a witness is accepted only if its row was old enough to be purged, and the anchor never moves back', async () => {
    const { admin } = await worldWithOldRecords();
    const oldHead = admin.db.prepare("SELECT seq, row_hash AS hash FROM audit_log WHERE at < '2027-01-01' ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string };
    const recentHead = admin.db.prepare("SELECT seq, row_hash AS hash FROM audit_log WHERE at >= '2031-01-01' ORDER BY seq LIMIT 1").get() as { seq: number; hash: string };
    runPurge(admin, { confirmed: purgePreview(admin).counts });
    const anchor = auditAnchor(admin.db);
    expect(anchor).toEqual(oldHead);
    // A PC that last saw the chain in 2026 (its witness older than five years): fine.
    expect(verifyAuditSince(admin.db, oldHead, { witnessOlderThanRetention: true })).toMatchObject({ ok: true });
    // The same witness written recently could not have been purged by retention: alarm.
    expect(verifyAuditSince(admin.db, { seq: 1, hash: 'f'.repeat(64) }, { witnessOlderThanRetention: false })).toMatchObject({ ok: false });
    // A witness after the anchor is checked as before.
    expect(verifyAuditSince(admin.db, recentHead, { witnessedAnchor: anchor })).toMatchObject({ ok: true });
    // The anchor moving back (rows restored, or a different start) is caught.
    expect(verifyAuditSince(admin.db, recentHead, { witnessedAnchor: { seq: (anchor?.seq ?? 0) + 1, hash: 'a'.repeat(64) } })).toMatchObject({ ok: false });
    // `--expect-head` with a purged row says so instead of passing.
    expect(verifyAudit(admin.db, { seq: 1, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, reason: expect.stringContaining('purged') });
    // A key holder who moves the anchor without a purge row naming it is caught by the full walk.
    admin.db.prepare("UPDATE vault_meta SET value = ? WHERE key = 'audit_anchor'").run(JSON.stringify({ seq: anchor?.seq, hash: 'b'.repeat(64) }));
    expect(verifyAudit(admin.db)).toMatchObject({ ok: false });
  });
});
