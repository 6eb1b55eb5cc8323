import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { appendAudit, verifyAudit, verifyAuditSince } from '../main/vault/audit/audit-log';
import { createBackup } from '../main/vault/backups';
import { deriveKey } from '../main/vault/keys/kdf';
import { FLOOR_KDF } from '../main/vault/test-support/fast-kdf';
import { createVault, unlockVault } from '../main/vault/vault';
import { type Measurement, measure } from './measure';
// A made-up action: the bench measures the append, not what it records.
import type { AuditAction } from '../shared/audit/events';

/**
 * Vault figures: the KDF at its floor, the synchronous database calls main makes on the UI path
 * (one audit append, a status-sized read), and the heavy ones (chain verify, backup) at 20,000
 * audit rows — the numbers behind the "database work on main's thread" decision.
 */
export async function runVaultBench(): Promise<Measurement[]> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-bench-vault-'));
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  const password = 'korrekt häst batteri häftklammer';
  try {
    await createVault(dataDir, { orgName: 'Bench', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Admin', password } }, deps);
    const vault = await unlockVault(dataDir, 'admin', password, deps);
    const db = vault.db;
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) appendAudit(db, clock, { accountId: 'a', organisationId: 'o', action: 'case.read', caseCode: `UT-2026-${i % 500}`, detail: { i } });
    })();
    const results = [
      await measure('Argon2id derive at the floor (m=64 MiB, t=3)', 10, () => deriveKey(password, Buffer.alloc(16, 1), FLOOR_KDF)),
      await measure('audit append (one committed row, WAL, synchronous=FULL)', 500, () => appendAudit(db, clock, { accountId: 'a', organisationId: 'o', action: 'bench' as AuditAction })),
      await measure('read 50 newest audit rows', 2_000, () => db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 50').all()),
      await measure('verify audit chain, 20k rows (full, on demand)', 5, () => verifyAudit(db)),
      await measure('verify since the witnessed head, 100 new rows (at unlock)', 50, () => verifyAuditSince(db, { seq: 19_900, hash: (db.prepare('SELECT row_hash FROM audit_log WHERE seq = 19900').get() as { row_hash: string }).row_hash })),
      await measure('backup (VACUUM INTO a temp folder, header, fsync, verify, rename), 20k rows', 5, () => {
        clock.advance(1000); // each backup gets its own folder name
        return createBackup(vault, dataDir, clock, 'manual');
      }),
    ];
    vault.close();
    return results;
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
