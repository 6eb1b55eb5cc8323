import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/canonical-json';
import { ManualClock } from '../../runtime/clock';
import { useTempDirs } from '../../test-support/temp-dir';
import { openVault } from '../db/open-vault';
import { appendAudit, auditHead, verifyAudit, verifyAuditSince } from './audit-log';

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
