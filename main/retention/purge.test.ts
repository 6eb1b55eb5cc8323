// Gallring by the retention rules, on a real encrypted vault: what is due is previewed, a purge
// needs the counts the admin saw, deletes every copy (rows, FTS, finalised minutes' JSON, drafts,
// shared supervision records and private notes, handovers and received packets, old audit rows) and
// leaves nothing in the WAL. The proof greps a decrypted copy of the vault file — taken before the
// purge too, where the same markers must be found, so the grep is shown to work.
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { registerExtract } from '../followup/register-extract';
import { searchItems } from '../meetings/search';
import { errorCode } from '../test-support/error-code';
import { decryptedCopy, holds } from '../test-support/decrypted-copy';
import { auditAnchor, verifyAudit, verifyAuditSince } from '../vault/audit/audit-log';
import { setRetentionRules } from './rules';
import { purgePreview, runPurge } from './purge';
import { KEPT, OLD, count, databaseFile, worldWithOldRecords } from './test-support/old-records';
import { databaseKeyOf } from '../vault/key-material';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('purge by the retention rules', () => {
  it('previews what is due, refuses counts that no longer match, and otherwise deletes every copy: nothing in the WAL, nothing in a decrypted copy, the kept record intact', async () => {
    const { admin, chair, old, kept } = await worldWithOldRecords(opened);
    const preview = purgePreview(readCaps(admin));
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
    expect(errorCode(() => purgePreview(readCaps(chair.vault)))).toBe('forbidden');
    expect(errorCode(() => runPurge(writeCaps(chair.vault), { confirmed: preview.counts, digest: preview.digest }))).toBe('forbidden');

    // The control: before the purge, a decrypted copy holds every marker (so the grep works).
    admin.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = await decryptedCopy(databaseFile(admin), databaseKeyOf(admin));
    for (const marker of [...Object.values(OLD), KEPT]) expect(holds(before, marker), marker).toBe(true);

    // Counts other than the preview's: nothing happens.
    const tables = ['cases', 'meetings', 'case_items', 'audit_log', 'supervision_sessions', 'handovers', 'packets_received'];
    const countsBefore = tables.map((t) => count(admin, t));
    expect(errorCode(() => runPurge(writeCaps(admin), { confirmed: { ...preview.counts, minutes: 1 }, digest: preview.digest }))).toBe('conflict');
    // The same counts for other records (the digest names which): nothing happens either.
    expect(errorCode(() => runPurge(writeCaps(admin), { confirmed: preview.counts, digest: 'f'.repeat(64) }))).toBe('conflict');
    expect(tables.map((t) => count(admin, t))).toEqual(countsBefore);

    const result = runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest });
    expect(result.counts).toEqual(preview.counts);
    // Right after, with the vault still open: the WAL is empty.
    expect(statSync(`${databaseFile(admin)}-wal`).size).toBe(0);

    const after = await decryptedCopy(databaseFile(admin), databaseKeyOf(admin));
    for (const marker of Object.values(OLD)) expect(holds(after, marker), marker).toBe(false);
    expect(holds(after, KEPT)).toBe(true);
    // And through the app: the old case is gone, the kept one is found by search.
    expect(admin.db.prepare('SELECT id FROM cases').all()).toEqual([{ id: kept.id }]);
    expect(searchItems(readCaps(chair.vault), KEPT).hits.length).toBe(1);
    expect(searchItems(readCaps(chair.vault), OLD.notes).hits).toEqual([]);
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
    expect(purgePreview(readCaps(admin)).counts).toEqual({ 'case-records': 0, minutes: 0, supervision: 0, handovers: 0, 'audit-log': 0 });
    // Its log rows went too (same five years): a register extract finds nothing of it.
    expect(errorCode(() => registerExtract(readCaps(admin), { caseCode: old.code, reason: 'Begäran 2031/8' }))).toBe('not_found');
  });

  it('a due case still named by minutes another rule keeps is held back, not deleted, and the minutes are untouched', async () => {
    const { admin, old, oldMeeting } = await worldWithOldRecords(opened);
    setRetentionRules(writeCaps(admin), { 'case-records': 12, minutes: 120, supervision: 12, handovers: 12, 'audit-log': 120 });
    const preview = purgePreview(readCaps(admin));
    expect(preview.groups.find((g) => g.kind === 'case-records')).toMatchObject({ count: 0, heldBack: 1 });
    expect(preview.counts.minutes).toBe(0);
    const minutesBefore = admin.db.prepare('SELECT minutes_json, minutes_sha256 FROM meetings WHERE id = ?').get(oldMeeting.id);
    runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest });
    expect(admin.db.prepare('SELECT 1 AS kept FROM cases WHERE id = ?').get(old.id)).toEqual({ kept: 1 });
    expect(admin.db.prepare('SELECT minutes_json, minutes_sha256 FROM meetings WHERE id = ?').get(oldMeeting.id)).toEqual(minutesBefore);
    // The supervision session and handover went by their own (shorter) rules.
    expect(count(admin, 'supervision_sessions') + count(admin, 'handovers')).toBe(0);
    expect(verifyAudit(admin.db)).toMatchObject({ ok: true });
  });

  it('a due case still named by a handover and a packet another rule keeps is held back too; minutes and supervision go by theirs', async () => {
    const { admin, old } = await worldWithOldRecords(opened);
    setRetentionRules(writeCaps(admin), { 'case-records': 12, minutes: 12, supervision: 12, handovers: 120, 'audit-log': 120 });
    const preview = purgePreview(readCaps(admin));
    expect(preview.groups.find((g) => g.kind === 'case-records')).toMatchObject({ count: 0, heldBack: 1 });
    expect(preview.counts).toMatchObject({ minutes: 2, supervision: 1, handovers: 0 });
    runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest });
    expect(admin.db.prepare('SELECT 1 AS kept FROM cases WHERE id = ?').get(old.id)).toEqual({ kept: 1 });
    expect(count(admin, 'handovers') + count(admin, 'packets_received')).toBe(2);
    expect(count(admin, 'meetings')).toBe(1); // the kept case's 2031 meeting
    expect(count(admin, 'supervision_sessions')).toBe(0);
  });

  it('with the log kept longer than the case, a register extract for a purged code says it is gone and lists the log rows naming it', async () => {
    const { admin, old } = await worldWithOldRecords(opened);
    setRetentionRules(writeCaps(admin), { 'case-records': 12, minutes: 12, supervision: 12, handovers: 12, 'audit-log': 120 });
    const preview = purgePreview(readCaps(admin));
    expect(preview.counts).toMatchObject({ 'case-records': 1, 'audit-log': 0 });
    runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest });
    const extract = registerExtract(readCaps(admin), { caseCode: old.code, reason: 'Begäran 2031/8' });
    expect(extract.records[0]).toMatchObject({ kind: 'purged' });
    expect(extract.records.length).toBeGreaterThan(1);
    expect(extract.records.slice(1).every((r) => r.kind === 'audit')).toBe(true);
  });

  it('purges no audit rows from a chain that does not verify: the evidence of the break stays', async () => {
    const { admin } = await worldWithOldRecords(opened);
    admin.db.prepare("UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 2").run();
    const preview = purgePreview(readCaps(admin));
    expect(preview.counts).toMatchObject({ 'audit-log': 0, minutes: 2 });
    runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest });
    expect(admin.db.prepare("SELECT action FROM audit_log WHERE seq = 2").get()).toEqual({ action: 'nothing.happened' });
    expect(auditAnchor(admin.db)).toBeNull();
  });

  it('the kept chain stays verifiable from the anchor; a witness is accepted only if its row was old enough to be purged, and the anchor never moves back', async () => {
    const { admin } = await worldWithOldRecords(opened);
    const oldHead = admin.db.prepare("SELECT seq, row_hash AS hash FROM audit_log WHERE at < '2027-01-01' ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string };
    const recentHead = admin.db.prepare("SELECT seq, row_hash AS hash FROM audit_log WHERE at >= '2031-01-01' ORDER BY seq LIMIT 1").get() as { seq: number; hash: string };
    runPurge(writeCaps(admin), (({ counts, digest }) => ({ confirmed: counts, digest }))(purgePreview(readCaps(admin))));
    const anchor = auditAnchor(admin.db);
    expect(anchor).toMatchObject(oldHead);
    // A PC that last saw the chain in 2026 (its witness older than five years): fine.
    expect(verifyAuditSince(admin.db, oldHead, { witnessOlderThanRetention: true })).toMatchObject({ ok: true });
    // The same witness written recently could not have been purged by retention: alarm.
    expect(verifyAuditSince(admin.db, { seq: 1, hash: 'f'.repeat(64) }, { witnessOlderThanRetention: false })).toMatchObject({ ok: false });
    // A witness after the anchor is checked as before.
    expect(verifyAuditSince(admin.db, recentHead, { witnessedAnchor: anchor })).toMatchObject({ ok: true });
    // The anchor moving back (rows restored, or a different start) is caught.
    expect(verifyAuditSince(admin.db, recentHead, { witnessedAnchor: { seq: (anchor?.seq ?? 0) + 1, hash: 'a'.repeat(64) } })).toMatchObject({ ok: false });
    // A recent witness exactly at the anchor: rows up to it were deleted although not due (a key holder
    // deleting up to the head this PC saw, then writing a purge row naming it).
    expect(verifyAuditSince(admin.db, { seq: anchor?.seq ?? 0, hash: anchor?.hash ?? '' }, { witnessOlderThanRetention: false })).toMatchObject({ ok: false, reason: expect.stringContaining('purged before') });
    // `--expect-head` with a purged row says it was purged (the kept chain verifies), not that the log is broken.
    expect(verifyAudit(admin.db, { seq: 1, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, firstBrokenSeq: null, headPurged: { seq: anchor?.seq } });
    // An anchor whose row was not old enough when the purge ran is refused, whatever the purge row says.
    const purgeRow = admin.db.prepare("SELECT seq, detail FROM audit_log WHERE action = 'retention.purged'").get() as { seq: number; detail: string };
    expect(verifyAudit(admin.db)).toMatchObject({ ok: true });
    admin.db.prepare("UPDATE vault_meta SET value = ? WHERE key = 'audit_anchor'").run(JSON.stringify({ ...anchor, at: '2031-01-01T00:00:00.000Z' }));
    expect(verifyAudit(admin.db)).toMatchObject({ ok: false });
    // An unreadable anchor is reported, not thrown.
    admin.db.prepare("UPDATE vault_meta SET value = '{oops' WHERE key = 'audit_anchor'").run();
    expect(verifyAudit(admin.db)).toMatchObject({ ok: false, reason: expect.stringContaining('unreadable') });
    expect(purgeRow.detail).toContain('"auditAnchorAt"');
    admin.db.prepare("UPDATE vault_meta SET value = ? WHERE key = 'audit_anchor'").run(JSON.stringify(anchor));
    // A key holder who moves the anchor without a purge row naming it is caught by the full walk.
    admin.db.prepare("UPDATE vault_meta SET value = ? WHERE key = 'audit_anchor'").run(JSON.stringify({ seq: anchor?.seq, hash: 'b'.repeat(64) }));
    expect(verifyAudit(admin.db)).toMatchObject({ ok: false });
  });
});
