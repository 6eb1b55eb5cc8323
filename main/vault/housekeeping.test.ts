// The housekeeping after unlock through the real VaultManager on a real encrypted vault: the
// unlock returns before the scheduled gallring and the automatic backup; they run when stepped
// (the gallring first), the backup's VACUUM INTO in a thread of its own from a copy of the file,
// encrypted with the vault's key; a lock while it is pending or running leaves no half backup,
// still makes the lock's backup, and nothing runs after it; failures are logged and told.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { decryptedCopy, holds, openWithKey } from '../test-support/decrypted-copy';
import { useTempDirs } from '../test-support/temp-dir';
import { BACKUP_DIR, listBackups } from './backups';
import { DATABASE_FILE } from './db/open-vault';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { SteppedHousekeeping } from './test-support/housekeeping';
import type { UnlockedVault } from './vault';
import { type HousekeepingState, VaultManager, type VaultManagerOptions } from './vault-manager';
import { madeUpAction } from '../test-support/audit-action';
import { databaseKeyOf } from './key-material';

const tempDir = useTempDirs();
const PASSWORD = 'korrekt häst batteri häftklammer';
const SETUP = { orgName: 'Team', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: PASSWORD } };

async function world(options: Partial<VaultManagerOptions> = {}) {
  const dataDir = await tempDir();
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const logger = new MemoryLogger();
  const stepped = new SteppedHousekeeping();
  const told: HousekeepingState[] = [];
  const order: string[] = [];
  const manager = new VaultManager({
    dataDir,
    clock,
    logger,
    kdf: FLOOR_KDF,
    witnessDir: await tempDir(),
    housekeeping: { ...options.housekeeping, defer: stepped.defer },
    onHousekeeping: (job, state) => {
      told.push(state);
      order.push(`${job}:${state}`);
    },
    afterUnlock: (vault) => {
      order.push('afterUnlock');
      options.afterUnlock?.(vault, { auditAlarm: null });
    },
    ...Object.fromEntries(Object.entries(options).filter(([key]) => key !== 'afterUnlock' && key !== 'housekeeping')),
  });
  // The setup's own unlock: its housekeeping makes the first backup.
  await manager.setup(SETUP);
  await stepped.run(manager);
  order.length = 0;
  told.length = 0;
  const backupDirNames = () => (existsSync(path.join(dataDir, BACKUP_DIR)) ? readdirSync(path.join(dataDir, BACKUP_DIR)).sort() : []);
  return { dataDir, clock, logger, stepped, told, order, manager, backupDirNames };
}

const actions = (vault: UnlockedVault) => (vault.db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((r) => r.action);

describe('the housekeeping after unlock', () => {
  it('runs after the unlock has returned: the gallring step first, then the backup in its thread, encrypted with the vault key', async () => {
    const w = await world();
    expect(listBackups(w.dataDir)).toHaveLength(1);
    w.manager.lock('user');
    w.clock.advance(25 * 3600_000); // the newest backup is over a day old: the next unlock backs up
    await w.manager.unlock('admin', PASSWORD);
    w.manager.vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('note', 'MARKER-housekeeping')").run();
    // The unlock has returned: nothing of the housekeeping ran yet.
    expect(w.order).toEqual([]);
    expect(listBackups(w.dataDir)).toHaveLength(1);
    expect(w.stepped.step()).toBe(true); // the gallring's step
    expect(w.order).toEqual(['afterUnlock']);
    expect(listBackups(w.dataDir)).toHaveLength(1);
    expect(w.stepped.step()).toBe(true); // the backup's step: the thread starts
    expect(w.order).toEqual(['afterUnlock', 'backup:running']);
    // Only its temporary folder so far: never listed as a backup.
    expect(listBackups(w.dataDir)).toHaveLength(1);
    expect(w.backupDirNames().filter((name) => name.startsWith('.tmp-backup-'))).toHaveLength(1);
    await w.manager.housekeepingIdle();
    expect(w.order).toEqual(['afterUnlock', 'backup:running', 'backup:done']);
    const [newest] = listBackups(w.dataDir);
    expect(newest?.createdAt).toEqual(w.clock.now());
    expect(w.backupDirNames().filter((name) => name.startsWith('.tmp-backup-'))).toEqual([]);
    expect(readdirSync(newest?.dir ?? '').sort()).toEqual(['vault.db', 'vault.keys']);
    expect(actions(w.manager.vault).slice(-1)).toEqual(['backup.created']);
    // Encrypted: not a plain SQLite file, and it does not open without the key…
    const file = path.join(newest?.dir ?? '', DATABASE_FILE);
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(holds(readFileSync(file), 'MARKER-housekeeping')).toBe(false);
    const plain = new Database(file, { readonly: true });
    expect(() => plain.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow();
    plain.close();
    // …but a decrypted copy, with the vault's key, has the data.
    const key = Buffer.from(databaseKeyOf(w.manager.vault));
    expect(holds(await decryptedCopy(file, key), 'MARKER-housekeeping')).toBe(true);
    const copy = openWithKey(file, key);
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    // Nothing committed since the copy but its audit row: the lock makes no second backup.
    w.manager.lock('user');
    expect(listBackups(w.dataDir)).toHaveLength(2);
    expect(w.stepped.pending).toBe(0);
  });

  it('copies block by block around the lock bytes when asked (as on Windows), with the same result', async () => {
    const w = await world({ housekeeping: { blockCopy: true } });
    w.manager.lock('user');
    w.clock.advance(25 * 3600_000);
    await w.manager.unlock('admin', PASSWORD);
    await w.stepped.run(w.manager);
    expect(w.told).toEqual(['running', 'done']);
    const [newest] = listBackups(w.dataDir);
    const copy = openWithKey(path.join(newest?.dir ?? '', DATABASE_FILE), databaseKeyOf(w.manager.vault));
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    expect((copy.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'vault.unlocked'").get() as { n: number }).n).toBeGreaterThan(1);
    copy.close();
    w.manager.lock('user');
  });

  it('is never run after a lock: a lock before its steps still makes the lock backup, and the steps taken later do nothing', async () => {
    const w = await world();
    w.manager.lock('user');
    w.clock.advance(25 * 3600_000);
    await w.manager.unlock('admin', PASSWORD);
    w.manager.lock('idle');
    // The lock's own backup (the newest was over a day old).
    expect(listBackups(w.dataDir)).toHaveLength(2);
    expect(listBackups(w.dataDir)[0]?.createdAt).toEqual(w.clock.now());
    w.clock.advance(60_000);
    await w.stepped.run(w.manager);
    expect(w.order).toEqual([]);
    expect(listBackups(w.dataDir)).toHaveLength(2);
    expect(w.backupDirNames().filter((name) => !name.startsWith('backup-'))).toEqual([]);
  });

  it('a lock while the backup thread runs waits for it and finishes that backup: no temporary folder is left, and nothing runs after', async () => {
    const w = await world();
    w.manager.lock('user');
    w.clock.advance(25 * 3600_000);
    await w.manager.unlock('admin', PASSWORD);
    w.stepped.step();
    w.stepped.step(); // the thread runs now
    expect(w.told).toEqual(['running']);
    const vault = w.manager.vault;
    vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('late', 'after-the-copy')").run();
    w.clock.advance(60_000);
    w.manager.lock('user');
    expect(w.told).toEqual(['running', 'done']);
    // The thread's backup (made from the copy) and, since work came after the copy, the lock's.
    const backups = listBackups(w.dataDir);
    expect(backups).toHaveLength(3);
    expect(w.backupDirNames().filter((name) => !name.startsWith('backup-'))).toEqual([]);
    // The promise of the thread's end was already settled by the lock: nothing happens after it.
    await w.manager.housekeepingIdle();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(listBackups(w.dataDir)).toHaveLength(3);
    expect(w.told).toEqual(['running', 'done']);
    // The lock's backup is the one that holds the late work.
    const auditAfter = await w.manager.unlock('admin', PASSWORD);
    expect(auditAfter.username).toBe('admin');
    const key = databaseKeyOf(w.manager.vault);
    const [lockBackup, threadBackup] = backups;
    const late = (dir: string | undefined) => {
      const db = openWithKey(path.join(dir ?? '', DATABASE_FILE), key);
      try {
        return db.prepare("SELECT value FROM vault_meta WHERE key = 'late'").get() ?? null;
      } finally {
        db.close();
      }
    };
    expect(late(lockBackup?.dir)).toEqual({ value: 'after-the-copy' });
    expect(late(threadBackup?.dir)).toBeNull();
    expect(actions(w.manager.vault).filter((a) => a === 'backup.created').length).toBe(3);
    w.manager.lock('user');
  });

  it('work saved while the thread runs is backed up by a later lock even when the lock that should have was skipped (taken over)', async () => {
    const w = await world();
    w.manager.lock('user');
    w.clock.advance(25 * 3600_000);
    await w.manager.unlock('admin', PASSWORD);
    w.stepped.step();
    w.stepped.step(); // the thread has copied the file
    // A save after the copy: its row lies before the thread's backup.created row but is not in that backup.
    w.manager.vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('late', 'MARKER-saved-during-thread')").run();
    w.manager.vault.audit(madeUpAction('note.saved'), {});
    await w.manager.housekeepingIdle();
    expect(w.told).toEqual(['running', 'done']);
    expect(actions(w.manager.vault).slice(-2)).toEqual(['note.saved', 'backup.created']);
    const threadBackup = listBackups(w.dataDir)[0];
    const key = Buffer.from(databaseKeyOf(w.manager.vault));
    expect(holds(await decryptedCopy(path.join(threadBackup?.dir ?? '', DATABASE_FILE), key), 'MARKER-saved-during-thread')).toBe(false);
    // The lock's backup is skipped (as after a crash or a taken-over lock).
    w.manager.lock('taken-over');
    expect(listBackups(w.dataDir)).toHaveLength(2);
    w.clock.advance(60_000);
    await w.manager.unlock('admin', PASSWORD);
    await w.stepped.run(w.manager); // the newest backup is fresh: no backup after this unlock
    expect(listBackups(w.dataDir)).toHaveLength(2);
    w.manager.lock('user');
    // The lock backs up: the saved row is in a backup now.
    const backups = listBackups(w.dataDir);
    expect(backups).toHaveLength(3);
    expect(backups[0]?.createdAt).toEqual(w.clock.now());
    expect(holds(await decryptedCopy(path.join(backups[0]?.dir ?? '', DATABASE_FILE), key), 'MARKER-saved-during-thread')).toBe(true);
    key.fill(0);
  });

  it('a backup.created row without through (an older Teamvalv) keeps the old rule: work before the row counts as backed up', async () => {
    const w = await world();
    const newest = listBackups(w.dataDir)[0];
    w.manager.vault.audit(madeUpAction('note.saved'), {});
    // What an older Teamvalv wrote for the newest backup: no `through`.
    w.manager.vault.audit('backup.created', { reason: 'unlock', name: newest?.name ?? '' });
    w.manager.lock('taken-over');
    await w.manager.unlock('admin', PASSWORD);
    await w.stepped.run(w.manager);
    w.manager.lock('user');
    expect(listBackups(w.dataDir)).toHaveLength(1);
  });

  // Named here, not taken from SUPERSEDING: a name missing or misspelt there fails this test.
  it.each([
    'retention.purged',
    'retention.early-gallring',
    'backup.replaced-after-gallring',
    'backup.deleted',
    'vault.key-rotation-started',
    'vault.key-rotated',
    'vault.key-rotation-rolled-back',
  ] as const)('%s after the copy overtakes the backup: removed, told as cancelled, and the lock backs up', async (action) => {
    const w = await world();
    w.manager.lock('user');
    w.clock.advance(25 * 3600_000);
    await w.manager.unlock('admin', PASSWORD);
    w.stepped.step();
    w.stepped.step();
    // What that work writes (a purge by hand, a key rotation…), while the thread works from the copy taken before it.
    w.manager.vault.audit(action, {});
    await w.manager.housekeepingIdle();
    expect(w.told).toEqual(['running', 'cancelled']);
    expect(listBackups(w.dataDir)).toHaveLength(1);
    expect(w.backupDirNames().filter((name) => !name.startsWith('backup-'))).toEqual([]);
    w.manager.lock('user');
    expect(listBackups(w.dataDir)).toHaveLength(2);
  });

  it('a backup that cannot be made is logged and told; the user stays in, the lock still locks', async () => {
    const w = await world();
    w.manager.lock('user');
    w.clock.advance(25 * 3600_000);
    await w.manager.unlock('admin', PASSWORD);
    // The backups folder replaced by a file: no backup can be made.
    const { rmSync } = await import('node:fs');
    rmSync(path.join(w.dataDir, BACKUP_DIR), { recursive: true });
    writeFileSync(path.join(w.dataDir, BACKUP_DIR), 'not a folder');
    await w.stepped.run(w.manager);
    expect(w.told).toEqual(['failed']);
    expect(w.logger.lines.some((e) => e.level === 'error' && e.fn === 'VaultManager.autoBackup')).toBe(true);
    expect(w.manager.state).toBe('unlocked');
    expect(w.manager.vault.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toBeTruthy();
    w.manager.lock('user');
    expect(w.manager.state).toBe('locked');
  });

  it('a failing gallring step is logged and the backup still follows', async () => {
    const w = await world({
      afterUnlock: () => {
        throw new Error('boom');
      },
    });
    w.manager.lock('user');
    w.clock.advance(25 * 3600_000);
    await w.manager.unlock('admin', PASSWORD);
    await w.stepped.run(w.manager);
    expect(w.order).toEqual(['afterUnlock', 'backup:running', 'backup:done']);
    expect(w.logger.lines.some((e) => e.level === 'error' && e.fn === 'VaultManager.afterUnlock')).toBe(true);
    expect(listBackups(w.dataDir)).toHaveLength(2);
    w.manager.lock('user');
  });
});
