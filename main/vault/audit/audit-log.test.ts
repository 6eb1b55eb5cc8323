import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/canonical-json';
import { ManualClock } from '../../runtime/clock';
import { useTempDirs } from '../../test-support/temp-dir';
import { openVault } from '../db/open-vault';
import { GENESIS_HASH, appendAudit, auditHead, purgeAuditThrough, verifyAudit, verifyAuditRange, verifyAuditSince } from './audit-log';
import { ChainWalk } from './witness-check';
import { madeUpAction } from '../../test-support/audit-action';

const tempDir = useTempDirs();

async function auditedDb(rows: number) {
  const db = openVault(`${await tempDir()}/vault.db`, Buffer.alloc(32, 9), { create: true });
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  for (let i = 0; i < rows; i++) {
    clock.advance(1000);
    appendAudit(db, clock, { accountId: 'a1', organisationId: 'o1', action: 'case.read', caseCode: `UT-2026-00${i}`, detail: { n: i } });
  }
  return db;
}

describe('verifyAudit', () => {
  it('accepts an intact chain and a witnessed head it still extends', async () => {
    const db = await auditedDb(5);
    const witnessed = { seq: 3, hash: (db.prepare('SELECT row_hash FROM audit_log WHERE seq = 3').get() as { row_hash: string }).row_hash };
    expect(verifyAudit(db)).toMatchObject({ ok: true, head: auditHead(db) });
    expect(verifyAudit(db, witnessed).ok).toBe(true);
    db.close();
  });

  it('names the first broken row after an edit', async () => {
    const db = await auditedDb(5);
    db.prepare("UPDATE audit_log SET case_code = 'UT-2026-999' WHERE seq = 3").run();
    expect(verifyAudit(db)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    db.close();
  });

  it('catches deleted newest rows only with the witnessed head', async () => {
    const db = await auditedDb(5);
    const witnessed = auditHead(db);
    db.prepare('DELETE FROM audit_log WHERE seq > 3').run();
    expect(verifyAudit(db).ok).toBe(true); // the shortened chain is self-consistent…
    expect(verifyAudit(db, witnessed)).toMatchObject({ ok: false, firstBrokenSeq: 4 }); // …but not the witnessed one
    db.close();
  });

  it('catches a fully recomputed chain with the witnessed head', async () => {
    const db = await auditedDb(5);
    const witnessed = auditHead(db);
    // A key holder rewrites row 2 and recomputes every hash after it.
    db.prepare("UPDATE audit_log SET action = 'case.read-nothing' WHERE seq = 2").run();
    let prev = (db.prepare('SELECT row_hash FROM audit_log WHERE seq = 1').get() as { row_hash: string }).row_hash;
    const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= 2 ORDER BY seq').all() as Record<string, string | number | null>[];
    for (const row of rows) {
      const canonical = canonicalJson({ seq: row.seq ?? null, at: row.at ?? null, accountId: row.account_id ?? null, organisationId: row.organisation_id ?? null, action: row.action ?? null, caseCode: row.case_code ?? null, detail: row.detail ?? null });
      const hash = createHash('sha256').update(prev).update(canonical).digest('hex');
      db.prepare('UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE seq = ?').run(prev, hash, row.seq);
      prev = hash;
    }
    expect(verifyAudit(db).ok).toBe(true); // recomputed: consistent on its own
    expect(verifyAudit(db, witnessed)).toMatchObject({ ok: false, firstBrokenSeq: 5 });
    db.close();
  });
});

describe('verifyAuditSince', () => {
  it('accepts rows appended after the witnessed head', async () => {
    const db = await auditedDb(5);
    const witnessed = auditHead(db);
    appendAudit(db, new ManualClock('2026-11-24T08:00:00Z'), { accountId: 'a1', organisationId: 'o1', action: 'vault.unlocked' });
    expect(verifyAuditSince(db, witnessed)).toMatchObject({ ok: true, head: { seq: 6 } });
    db.close();
  });

  it('catches deleted witnessed rows, an edited witnessed row and a broken row after it', async () => {
    const db = await auditedDb(6);
    const witnessed = { seq: 4, hash: (db.prepare('SELECT row_hash FROM audit_log WHERE seq = 4').get() as { row_hash: string }).row_hash };
    db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 6").run();
    expect(verifyAuditSince(db, witnessed)).toMatchObject({ ok: false, firstBrokenSeq: 6 });
    db.prepare("UPDATE audit_log SET case_code = 'UT-2026-999' WHERE seq = 4").run();
    expect(verifyAuditSince(db, witnessed)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    db.prepare('DELETE FROM audit_log WHERE seq >= 4').run();
    expect(verifyAuditSince(db, witnessed)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    db.close();
  });
});

describe('verifyAuditRange (the resumable walk)', () => {
  it('walks a chain in chunks, each from where the last one ended, to the same head as the full walk', async () => {
    const db = await auditedDb(23);
    let from = { seq: 0, hash: GENESIS_HASH };
    const ends: number[] = [];
    for (;;) {
      const chunk = verifyAuditRange(db, from, { limit: 5 });
      if (!chunk.ok) throw new Error(chunk.reason);
      if (chunk.rows === 0) break;
      ends.push(chunk.last.seq);
      from = chunk.last;
    }
    expect(ends).toEqual([5, 10, 15, 20, 23]);
    expect(from).toEqual(auditHead(db));
    // Rows a..b given the previous hash: 6..10 from row 5's hash.
    const row5 = db.prepare('SELECT row_hash FROM audit_log WHERE seq = 5').get() as { row_hash: string };
    expect(verifyAuditRange(db, { seq: 5, hash: row5.row_hash }, { throughSeq: 10 })).toMatchObject({ ok: true, rows: 5, last: { seq: 10 } });
    // The wrong previous hash: the first row of the range does not link.
    expect(verifyAuditRange(db, { seq: 5, hash: 'f'.repeat(64) }, { throughSeq: 10 })).toMatchObject({ ok: false, firstBrokenSeq: 6 });
    db.close();
  });

  it('finds an edited row and a missing one in whichever chunk they fall; an accepted break passes only as it stands', async () => {
    const db = await auditedDb(30);
    db.prepare("UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 17").run();
    db.prepare('DELETE FROM audit_log WHERE seq = 25').run();
    const first = new ChainWalk(db, () => [], 4).run();
    expect(first).toMatchObject({ ok: false, firstBrokenSeq: 17, reason: 'row 17 does not match the chain', brokenRow: { seq: 17 } });
    const accepted = first.ok ? [] : [first.brokenRow ?? { seq: 0, digest: '' }];
    // Row 17 accepted as it stands: the walk goes on to the gap.
    expect(new ChainWalk(db, () => accepted, 4).run()).toMatchObject({ ok: false, firstBrokenSeq: 25, reason: 'row 25 is missing', brokenRow: { seq: 26 } });
    // Row 17 changed again: it is a break again.
    db.prepare("UPDATE audit_log SET action = 'other.thing' WHERE seq = 17").run();
    expect(new ChainWalk(db, () => accepted, 4).run()).toMatchObject({ ok: false, firstBrokenSeq: 17 });
    db.close();
  });

  it('a walk ends at the head it began with, and an empty log is whole', async () => {
    const empty = await auditedDb(0);
    expect(new ChainWalk(empty).run()).toMatchObject({ ok: true, rows: 0, head: { seq: 0 } });
    empty.close();
    const db = await auditedDb(10);
    const walk = new ChainWalk(db, () => [], 4);
    expect(walk.step()).toEqual({ done: false, through: 4 });
    appendAudit(db, new ManualClock('2026-11-24T08:00:00Z'), { accountId: null, organisationId: null, action: madeUpAction('later') });
    expect(walk.step()).toEqual({ done: false, through: 8 });
    expect(walk.step()).toMatchObject({ done: true, ok: true, rows: 10, head: { seq: 10 } });
    db.close();
  });

  it('resumes from a recorded row only while that row and the head it set out for are unchanged', async () => {
    const db = await auditedDb(30);
    const hashOf = (seq: number) => (db.prepare('SELECT row_hash FROM audit_log WHERE seq = ?').get(seq) as { row_hash: string }).row_hash;
    const first = new ChainWalk(db, () => [], 4);
    for (let i = 0; i < 3; i++) first.step();
    const recorded = { through: first.through ?? { seq: 0, hash: GENESIS_HASH }, target: first.target };
    expect(recorded).toEqual({ through: { seq: 12, hash: hashOf(12) }, target: { seq: 30, hash: hashOf(30) } });
    // Resumed: only rows 13–30 are hashed.
    const resumed = new ChainWalk(db, () => [], 4, recorded);
    expect(resumed.progress).toEqual({ verified: 12, total: 30 });
    expect(resumed.run()).toEqual({ done: true, ok: true, head: { seq: 30, hash: hashOf(30) }, rows: 18 });
    // The recorded row with another hash, or gone; the target with another hash, or gone: each a break.
    expect(new ChainWalk(db, () => [], 4, { ...recorded, through: { seq: 12, hash: 'f'.repeat(64) } }).run()).toMatchObject({ ok: false, firstBrokenSeq: 12, reason: "row 12 differs from the row this PC's walk verified" });
    expect(new ChainWalk(db, () => [], 4, { ...recorded, target: { seq: 30, hash: 'f'.repeat(64) } }).run()).toMatchObject({ ok: false, firstBrokenSeq: 30, reason: 'row 30 differs from the head this walk set out for' });
    expect(new ChainWalk(db, () => [], 4, { ...recorded, target: { seq: 40, hash: 'f'.repeat(64) } }).run()).toMatchObject({ ok: false, firstBrokenSeq: 31, reason: 'row 40, the head this walk set out for, is gone' });
    db.prepare('DELETE FROM audit_log WHERE seq = 12').run();
    expect(new ChainWalk(db, () => [], 4, recorded).run()).toMatchObject({ ok: false, firstBrokenSeq: 12, reason: "row 12, verified by this PC's walk, is gone" });
    db.close();
  });

  it('goes on from the chain\'s new start when old rows are purged by retention, before or during the walk', async () => {
    const purged = async () => {
      const db = await auditedDb(30);
      const walk = new ChainWalk(db, () => [], 4);
      const purge = () => {
        // As the gallring purges: rows 1–20 go, the purge row (years later) names the anchor.
        const anchor = purgeAuditThrough(db, 20);
        appendAudit(db, new ManualClock('2032-01-05T08:00:00Z'), { accountId: null, organisationId: null, action: 'retention.purged', detail: { auditAnchorSeq: anchor.seq, auditAnchorHash: anchor.hash, auditAnchorAt: anchor.at } });
      };
      return { db, walk, purge };
    };
    // During a walk at row 8: it goes on from row 20's hash to the head it set out for.
    const during = await purged();
    during.walk.step();
    during.walk.step();
    during.purge();
    expect(during.walk.run()).toMatchObject({ ok: true, head: { seq: 30 } });
    during.db.close();
    // Between sessions, the recorded row among those purged: the kept chain from its start.
    const between = await purged();
    for (let i = 0; i < 3; i++) between.walk.step();
    const recorded = { through: between.walk.through ?? { seq: 0, hash: GENESIS_HASH }, target: between.walk.target };
    between.purge();
    const resumed = new ChainWalk(between.db, () => [], 4, recorded);
    expect(resumed.run()).toMatchObject({ ok: true, head: { seq: 30 }, rows: 10 });
    // The target purged too: a fresh pass to the head now — only if this PC set that target longer
    // ago than the audit log's retention, on its own clock (the purge row's date is the key holder's to write).
    const now = new ManualClock('2032-01-05T08:00:00Z');
    const purgedTarget = { through: recorded.through, target: { seq: 15, hash: 'f'.repeat(64) } };
    expect(new ChainWalk(between.db, () => [], 4, { ...purgedTarget, targetAt: new Date('2026-11-23T08:00:00Z') }, now).run()).toMatchObject({ ok: true, head: { seq: 31 }, rows: 11 });
    const early = "row 15, the head this walk set out for, was purged before the audit log's retention allowed";
    expect(new ChainWalk(between.db, () => [], 4, { ...purgedTarget, targetAt: new Date('2028-11-23T08:00:00Z') }, now).run()).toMatchObject({ ok: false, firstBrokenSeq: 15, reason: early });
    // When it was set unknown, or no clock to tell by: never due.
    expect(new ChainWalk(between.db, () => [], 4, purgedTarget, now).run()).toMatchObject({ ok: false, reason: early });
    expect(new ChainWalk(between.db, () => [], 4, { ...purgedTarget, targetAt: new Date('2026-11-23T08:00:00Z') }).run()).toMatchObject({ ok: false, reason: early });
    // The chain's start at the target's row with another hash: history rewritten.
    expect(new ChainWalk(between.db, () => [], 4, { through: recorded.through, target: { seq: 20, hash: 'f'.repeat(64) }, targetAt: new Date('2026-11-23T08:00:00Z') }, now).run()).toMatchObject({
      ok: false,
      firstBrokenSeq: 20,
      reason: 'row 20 differs from the head this walk set out for',
    });
    between.db.close();
    // During a walk, its target purged (set now, on this PC's clock): a break.
    const mid = await purged();
    const walk = new ChainWalk(mid.db, () => [], 4, null, new ManualClock('2026-11-23T09:00:00Z'));
    walk.step();
    // A key holder names the head as the new start in a purge row dated years ahead (appended first: a purge keeps the newest row).
    const row30 = mid.db.prepare('SELECT row_hash, at FROM audit_log WHERE seq = 30').get() as { row_hash: string; at: string };
    appendAudit(mid.db, new ManualClock('2032-01-05T08:00:00Z'), { accountId: null, organisationId: null, action: 'retention.purged', detail: { auditAnchorSeq: 30, auditAnchorHash: row30.row_hash, auditAnchorAt: row30.at } });
    purgeAuditThrough(mid.db, 30);
    expect(walk.run()).toMatchObject({ ok: false, firstBrokenSeq: 30, reason: "row 30, the head this walk set out for, was purged before the audit log's retention allowed" });
    mid.db.close();
  });
});
