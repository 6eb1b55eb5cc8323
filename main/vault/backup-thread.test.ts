// The backup thread on a real encrypted vault: the lock's synchronous wait sees the thread's end
// however its JavaScript ends — here a thread that exits right after the copy without telling its
// outcome (a test hook), which used to keep the wait blocked for its whole bound.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { startBackupThread } from './backup-thread';
import { DATABASE_FILE } from './db/open-vault';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { createVault, unlockVault } from './vault';
import { databaseKeyOf } from './key-material';

const tempDir = useTempDirs();
const PASSWORD = 'korrekt häst batteri häftklammer';
/** Far longer than the thread needs; a wait that ran into it would return null. */
const BOUND_MS = 120_000;

async function vaultWithEmptyWal() {
  const dataDir = await tempDir();
  const deps = { clock: new ManualClock('2026-11-23T08:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: PASSWORD } }, deps);
  const vault = await unlockVault(dataDir, 'admin', PASSWORD, deps);
  vault.db.pragma('wal_checkpoint(TRUNCATE)');
  const work = await tempDir();
  return { vault, input: { source: path.join(dataDir, DATABASE_FILE), snapshot: path.join(work, 'snapshot.db'), target: path.join(work, 'backup.db'), key: databaseKeyOf(vault) } };
}

describe('the backup thread', () => {
  it('is waited for synchronously: done and checked', async () => {
    const { vault, input } = await vaultWithEmptyWal();
    try {
      const thread = startBackupThread(input);
      expect(thread.waitSync(BOUND_MS)).toEqual({ ok: true });
      expect(await thread.done).toEqual({ ok: true });
      expect(existsSync(input.target)).toBe(true);
      expect(existsSync(input.snapshot)).toBe(false);
    } finally {
      vault.close();
    }
  });

  it('that dies without telling its outcome ends the synchronous wait at once, as a failure', async () => {
    const { vault, input } = await vaultWithEmptyWal();
    try {
      const thread = startBackupThread({ ...input, testExitAfterCopy: true });
      expect(thread.waitSync(BOUND_MS)).toEqual({ ok: false, error: 'the backup thread failed' });
      expect(await thread.done).toMatchObject({ ok: false });
      await thread.copied;
      expect(existsSync(input.target)).toBe(false);
    } finally {
      vault.close();
    }
  });
});
