// Early gallring of one case under a decision, on a real encrypted vault: every record about the
// case goes (its parts of finalised minutes are emptied, the minutes saying by which decision), a
// tombstone stays, the audit log keeps every row. Proven on a decrypted copy of the vault, with the
// markers found there before and the other case's text found after.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCase } from '../cases/repository';
import { registerExtract } from '../followup/register-extract';
import { minutesPdf } from '../meetings/minutes-pdf';
import { addAgendaItem, commitItem, createMeeting, finaliseMeeting, getMeeting } from '../meetings/repository';
import { errorCode } from '../test-support/error-code';
import { decryptedCopy, holds, openWithKey } from '../test-support/decrypted-copy';
import { pdfText } from '../test-support/pdf-text';
import { verifyAudit } from '../vault/audit/audit-log';
import { createBackup, listBackups } from '../vault/backups';
import { DATABASE_FILE } from '../vault/db/open-vault';
import { earlyGallring, gallringPreview, retryBackupReplacement, tombstones } from './early-gallring';
import { retentionStatus } from './schedule';
import { KEPT, OLD, count, databaseFile, worldWithOldRecords } from './test-support/old-records';
import { databaseKeyOf } from '../vault/key-material';
import { readCaps, writeCaps } from '../capabilities/caps';
import { gallringBackups } from '../vault/gallring-backups';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const SHARED_MINUTES = 'delatprotokollkvar';
const REPLY = 'svarspaketmarkor';

/** The old case, also discussed (with the kept case) in a finalised meeting in December 2031. */
async function world() {
  const w = await worldWithOldRecords(opened);
  const { chair, team, old, kept } = w;
  const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2031-12-02', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  for (const caseId of [old.id, kept.id]) {
    const item = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId }).item;
    commitItem(writeCaps(chair.vault), {
      agendaItemId: item.id,
      body: { notes: caseId === old.id ? `Uppföljning ${OLD.notes}b.` : `Uppföljning ${SHARED_MINUTES}.`, decisions: '', nextFollowUp: null, actions: [] },
    });
  }
  finaliseMeeting(writeCaps(chair.vault), meeting.id);
  // A reply in the old handover's conversation, not linked to the case by anyone yet.
  w.admin.db
    .prepare("INSERT INTO packets_received (id, team_id, signer_key_id, conversation_id, manifest, content, pdf, packet, sha256, encrypted, received_at, received_by) VALUES ('pk-reply', ?, 'k-af', 'c-old', '{}', ?, x'25', x'50', 'cd', 1, '2031-11-20T09:00:00Z', ?)")
    .run(team.id, `{"answer":"${REPLY}"}`, chair.vault.account?.id);
  // A backup taken before: it holds the case.
  createBackup(w.admin, w.dataDir, w.clock, 'manual');
  return { ...w, recentMeeting: meeting };
}

describe('early gallring of a case', () => {
  it('only an admin, only for a known case, only with the counts previewed, and never with an identifier in the decision reference', async () => {
    const { admin, chair, old, dataDir } = await world();
    expect(errorCode(() => gallringPreview(readCaps(chair.vault), old.code, 0))).toBe('forbidden');
    expect(errorCode(() => gallringPreview(readCaps(admin), 'UT-1999-001', 0))).toBe('not_found');
    const preview = gallringPreview(readCaps(admin), old.code, 0);
    const decision = { caseCode: old.code, decisionReference: 'Dnr 2031/42', decisionDate: '2031-11-28', confirmed: preview.counts };
    expect(errorCode(() => earlyGallring(writeCaps(chair.vault), decision, gallringBackups(chair.vault, dataDir)))).toBe('forbidden');
    const before = count(admin, 'audit_log');
    expect(errorCode(() => earlyGallring(writeCaps(admin), { ...decision, confirmed: { ...preview.counts, actions: 0 } }, gallringBackups(admin, dataDir)))).toBe('conflict');
    expect(errorCode(() => earlyGallring(writeCaps(admin), { ...decision, decisionReference: 'Beslut om 19121212-1212' }, gallringBackups(admin, dataDir)))).toBe('invalid_input');
    expect(errorCode(() => earlyGallring(writeCaps(admin), { ...decision, decisionDate: '2031-02-31' }, gallringBackups(admin, dataDir)))).toBe('invalid_input');
    expect(errorCode(() => earlyGallring(writeCaps(admin), { ...decision, decisionDate: '2031-12-02' }, gallringBackups(admin, dataDir)))).toBe('invalid_input'); // after today
    expect(count(admin, 'cases')).toBe(2);
    expect(count(admin, 'audit_log')).toBe(before);
  });

  it('removes every record of the case, empties its parts of the minutes by the decision, leaves a tombstone and every audit row', async () => {
    const { admin, chair, old, kept, oldMeeting, recentMeeting, clock, team, ownOrganisationId, dataDir } = await world();
    const preview = gallringPreview(readCaps(admin), old.code, listBackups(dataDir).length);
    expect(preview.backups).toBe(1);
    expect(preview.privateNotesKept).toBe(0);
    expect(preview.counts).toEqual({
      case: 1,
      consents: 1,
      agendaItems: 3,
      caseItems: 2,
      actions: 1,
      addenda: 1,
      drafts: 1,
      minutesRedacted: 2,
      supervisionLinks: 1,
      supervisionRecords: 1,
      supervisionSessions: 1,
      privateNotes: 1,
      handovers: 1,
      packetsSent: 0,
      packetsReceived: 2,
      receiptsSent: 0,
      receiptsReceived: 0,
      searchEntries: 2,
    });
    admin.db.pragma('wal_checkpoint(TRUNCATE)');
    const plainBefore = await decryptedCopy(databaseFile(admin), databaseKeyOf(admin));
    for (const marker of [...Object.values(OLD), `${OLD.notes}b`, REPLY, SHARED_MINUTES, KEPT]) expect(holds(plainBefore, marker), marker).toBe(true);
    const auditBefore = admin.db.prepare('SELECT seq, row_hash FROM audit_log ORDER BY seq').all();
    const minutesShaBefore = (admin.db.prepare('SELECT minutes_sha256 FROM meetings WHERE id = ?').get(recentMeeting.id) as { minutes_sha256: string }).minutes_sha256;

    const tombstone = earlyGallring(writeCaps(admin), { caseCode: old.code, decisionReference: 'Dnr 2031/42', decisionDate: '2031-11-28', confirmed: preview.counts }, gallringBackups(admin, dataDir));
    expect(tombstone).toMatchObject({ caseCode: old.code, teamName: 'Team Öst', decisionReference: 'Dnr 2031/42', decisionDate: '2031-11-28', counts: preview.counts, gallradAt: '2031-12-01T09:00:00.000Z' });
    const { backupsReplaced, ...stone } = tombstone;
    expect(backupsReplaced).toBe(true);
    expect(tombstones(readCaps(admin))).toEqual([stone]);
    expect(statSync(`${databaseFile(admin)}-wal`).size).toBe(0);

    const plain = await decryptedCopy(databaseFile(admin), databaseKeyOf(admin));
    for (const marker of [...Object.values(OLD), `${OLD.notes}b`, REPLY]) expect(holds(plain, marker), marker).toBe(false);
    // The session held about this case alone went whole, its private note with it; both packets' ids stay known.
    expect(count(admin, 'private_notes') + count(admin, 'supervision_sessions')).toBe(0);
    expect(admin.db.prepare('SELECT packet_id FROM purged_packet_ids ORDER BY packet_id').all()).toEqual([{ packet_id: 'pk-old' }, { packet_id: 'pk-reply' }]);
    // The backup that held the case is gone; the one backup left was made after, without the case and with the tombstone.
    const backups = listBackups(dataDir);
    expect(backups.map((b) => b.createdAt.toISOString())).toEqual(['2031-12-01T09:00:00.000Z']);
    const backup = openWithKey(path.join(backups[0]?.dir ?? '', DATABASE_FILE), databaseKeyOf(admin));
    expect(backup.prepare('SELECT count(*) AS n FROM cases WHERE code = ?').get(old.code)).toEqual({ n: 0 });
    expect(backup.prepare('SELECT case_code FROM gallring_tombstones').all()).toEqual([{ case_code: old.code }]);
    backup.close();
    for (const marker of [SHARED_MINUTES, KEPT]) expect(holds(plain, marker), marker).toBe(true);

    // The minutes: the case's entry emptied and marked, the other case's entry as it was; the old
    // hash recorded in the minutes and in the log.
    const minutes = JSON.parse((admin.db.prepare('SELECT minutes_json FROM meetings WHERE id = ?').get(recentMeeting.id) as { minutes_json: string }).minutes_json) as {
      agenda: { caseCode: string; notes: string | null; gallrad?: unknown }[];
      gallring: { caseCode: string; decisionReference: string; previousSha256: string }[];
    };
    expect(minutes.agenda.find((a) => a.caseCode === old.code)).toMatchObject({ notes: null, gallrad: { decisionReference: 'Dnr 2031/42', decisionDate: '2031-11-28' } });
    expect(minutes.agenda.find((a) => a.caseCode === kept.code)?.notes).toBe(`Uppföljning ${SHARED_MINUTES}.`);
    expect(minutes.gallring).toEqual([expect.objectContaining({ caseCode: old.code, decisionReference: 'Dnr 2031/42', previousSha256: minutesShaBefore })]);
    expect(admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'meeting.minutes-gallrad'").get()).toEqual({ n: 2 });
    // The meetings still open for their readers, without the case.
    expect(getMeeting(readCaps(chair.vault), recentMeeting.id).agenda.map((a) => a.caseId)).toEqual([kept.id]);
    expect(getMeeting(readCaps(chair.vault), recentMeeting.id).gallring).toEqual([{ caseCode: old.code, decisionReference: 'Dnr 2031/42', decisionDate: '2031-11-28' }]);
    expect(getMeeting(readCaps(chair.vault), oldMeeting.id).agenda).toEqual([]);
    // Printed, the minutes say which decision emptied the case's entry.
    const printed = pdfText((await minutesPdf(readCaps(chair.vault), recentMeeting.id)).pdf).replace(/\s+/g, ' ');
    expect(printed).toContain(`${old.code} Punkten är gallrad enligt beslut Dnr 2031/42 (2031-11-28).`);
    expect(printed).toContain(SHARED_MINUTES);

    // No audit row deleted: the chain still holds every row before, and verifies.
    const auditAfter = admin.db.prepare('SELECT seq, row_hash FROM audit_log ORDER BY seq').all();
    expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
    expect(verifyAudit(admin.db)).toMatchObject({ ok: true });
    expect(admin.db.prepare("SELECT case_code, detail FROM audit_log WHERE action = 'retention.early-gallring'").get()).toEqual({
      case_code: old.code,
      detail: expect.stringContaining('"decisionReference":"Dnr 2031/42"'),
    });

    // A register extract for the code now finds the tombstone and the log rows.
    const extract = registerExtract(readCaps(admin), { caseCode: old.code, reason: 'Begäran 2031/7' });
    expect(extract.records[0]).toMatchObject({ kind: 'tombstone', text: expect.stringContaining('Dnr 2031/42') });
    expect(extract.records.every((r) => r.kind === 'tombstone' || r.kind === 'audit')).toBe(true);
    expect(extract.records.some((r) => r.kind === 'audit')).toBe(true);
    // The code is never given to another case (the log still names it): a case made in 2026 now gets the next one.
    clock.set('2026-06-01T09:00:00Z');
    expect(createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null }).code).toBe('UT-2026-002');
  });

  it('keeps what is not about the case alone: a packet linked to another case, a session that also holds another case (its private notes are counted as kept)', async () => {
    const { admin, chair, old, kept, team, dataDir } = await world();
    const accountId = chair.vault.account?.id;
    admin.db
      .prepare("INSERT INTO packets_received (id, team_id, signer_key_id, conversation_id, manifest, content, pdf, packet, sha256, encrypted, received_at, received_by, case_id) VALUES ('pk-other', ?, 'k-af', 'c-old', '{}', '{}', x'25', x'50', 'ef', 1, '2031-11-21T09:00:00Z', ?, ?)")
      .run(team.id, accountId, kept.id);
    admin.db.prepare("INSERT INTO supervision_sessions (id, team_id, date, form, status, created_at, created_by) VALUES ('s-mixed', ?, '2031-11-25', 'case', 'held', '2031-11-25T10:00:00Z', ?)").run(team.id, accountId);
    admin.db.prepare("INSERT INTO supervision_cases (session_id, case_id, position) VALUES ('s-mixed', ?, 1)").run(old.id);
    admin.db.prepare("INSERT INTO supervision_records (id, session_id, case_id, summary, approach, shared_at, shared_by) VALUES ('r-kept', 's-mixed', ?, 'Om det andra ärendet', '', '2031-11-25T11:00:00Z', ?)").run(kept.id, accountId);
    admin.db.prepare("INSERT INTO private_notes (id, account_id, session_id, kind, nonce, ciphertext, saved_at, created_at) VALUES ('p-mixed', ?, 's-mixed', 'session', x'00', x'01', '2031-11-25T11:00:00Z', '2031-11-25T11:00:00Z')").run(accountId);
    const preview = gallringPreview(readCaps(admin), old.code, 0);
    expect(preview).toMatchObject({ privateNotesKept: 1, counts: { supervisionSessions: 1, privateNotes: 1, packetsReceived: 2, supervisionLinks: 2 } });
    earlyGallring(writeCaps(admin), { caseCode: old.code, decisionReference: 'Dnr 2031/43', decisionDate: '2031-11-28', confirmed: preview.counts }, gallringBackups(admin, dataDir));
    expect(admin.db.prepare("SELECT id FROM packets_received WHERE id = 'pk-other'").get()).toEqual({ id: 'pk-other' });
    expect(admin.db.prepare("SELECT id FROM supervision_records WHERE session_id = 's-mixed'").all()).toEqual([{ id: 'r-kept' }]);
    expect(admin.db.prepare("SELECT id FROM private_notes").all()).toEqual([{ id: 'p-mixed' }]);
    expect(admin.db.prepare("SELECT count(*) AS n FROM supervision_cases WHERE session_id = 's-mixed'").get()).toEqual({ n: 0 });
  });

  it('when the new backup does not check, the old ones are kept, the gallring still stands and says so, and the next unlock replaces them', async () => {
    const { admin, old, dataDir, clock } = await world();
    expect(listBackups(dataDir).map((b) => b.createdAt.toISOString())).toEqual(['2031-12-01T09:00:00.000Z']);
    clock.advance(60_000);
    // The new backup will not open with the key the check uses (as a damaged write would not): simulated by a wrong key.
    const key = Buffer.from(databaseKeyOf(admin));
    databaseKeyOf(admin).fill(0);
    const preview = gallringPreview(readCaps(admin), old.code, 1);
    const done = earlyGallring(writeCaps(admin), { caseCode: old.code, decisionReference: 'Dnr 2031/44', decisionDate: '2031-11-28', confirmed: preview.counts }, gallringBackups(admin, dataDir));
    key.copy(databaseKeyOf(admin));
    expect(done).toMatchObject({ caseCode: old.code, backupsReplaced: false });
    expect(admin.db.prepare('SELECT count(*) AS n FROM cases WHERE id = ?').get(old.id)).toEqual({ n: 0 });
    expect(retentionStatus(readCaps(admin)).backupsPending).toBe(true);
    expect(statSync(`${databaseFile(admin)}-wal`).size).toBe(0);
    // The old backup is still there (the only restore point), the failed new one is not.
    expect(listBackups(dataDir).map((b) => b.createdAt.toISOString())).toEqual(['2031-12-01T09:00:00.000Z']);
    // At the next unlock the replacement is made: the old backup goes, the new one holds neither the case nor the pending mark.
    clock.advance(60_000);
    retryBackupReplacement(writeCaps(admin), gallringBackups(admin, dataDir));
    const backups = listBackups(dataDir);
    expect(backups.map((b) => b.createdAt.toISOString())).toEqual(['2031-12-01T09:02:00.000Z']);
    expect(retentionStatus(readCaps(admin)).backupsPending).toBe(false);
    const backup = openWithKey(path.join(backups[0]?.dir ?? '', DATABASE_FILE), databaseKeyOf(admin));
    expect(backup.prepare("SELECT key FROM vault_meta WHERE key = 'gallring_backups_pending'").all()).toEqual([]);
    expect(backup.prepare('SELECT count(*) AS n FROM cases WHERE code = ?').get(old.code)).toEqual({ n: 0 });
    backup.close();
    expect(admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'backup.replaced-after-gallring'").get()).toEqual({ n: 1 });
  });

  it('removes an unlinked reply in a conversation a partner began about the case (one packet linked, the reply not)', async () => {
    const { admin, chair, old, team, dataDir } = await world();
    const accountId = chair.vault.account?.id;
    const insert = admin.db.prepare(
      "INSERT INTO packets_received (id, team_id, signer_key_id, conversation_id, manifest, content, pdf, packet, sha256, encrypted, received_at, received_by, case_id) VALUES (?, ?, 'k-af', 'c-partner', '{}', '{}', x'25', x'50', 'aa', 1, '2031-11-22T09:00:00Z', ?, ?)",
    );
    insert.run('pk-partner', team.id, accountId, old.id);
    insert.run('pk-partner-reply', team.id, accountId, null);
    const preview = gallringPreview(readCaps(admin), old.code, 1);
    expect(preview.counts.packetsReceived).toBe(4);
    earlyGallring(writeCaps(admin), { caseCode: old.code, decisionReference: 'Dnr 2031/45', decisionDate: '2031-11-28', confirmed: preview.counts }, gallringBackups(admin, dataDir));
    expect(admin.db.prepare("SELECT count(*) AS n FROM packets_received WHERE conversation_id = 'c-partner'").get()).toEqual({ n: 0 });
  });
});
