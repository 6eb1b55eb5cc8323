import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import type { BackupStep } from './backups';
import { afterKill, backupThenKill, buildBackupChild, filledVault } from './test-support/backup-kill';

const tempDir = useTempDirs();
/** Every point between the steps of createBackup; the long random-moment run is backup-kill.soak.ts. */
const STEPS: readonly BackupStep[] = ['folder-made', 'database-written', 'header-written', 'synced', 'verified', 'renamed'];
const ROWS = 400;

describe.each([
  ['createBackup', 'sync'],
  ['the threaded automatic backup after unlock', 'thread'],
] as const)('%s cut off by kill -9 after each of its steps (a real child process)', (_name, mode) => {
  it('never leaves a half backup taken for the newest: the newest restores, and the next automatic backup is made and clears the leftovers', async () => {
    const dataDir = await tempDir();
    await filledVault(dataDir, '2026-11-01T08:00:00Z', ROWS, 1000);
    const child = await buildBackupChild();
    try {
      for (const [round, step] of STEPS.entries()) {
        const at = new Date(Date.UTC(2026, 10, 2 + 2 * round, 8));
        const name = `backup-${at.toISOString().replace(/[-:.]/g, '')}`;
        const { finished } = await backupThenKill(child, dataDir, at.toISOString(), { killAt: step }, mode);
        expect(finished, step).toBe(false);
        const seen = await afterKill(dataDir, path.join(await tempDir(), 'restored'), new Date(at.getTime() + 60_000));
        const whole = step === 'renamed';
        // Cut off before the rename: only a temporary folder, never listed; the newest is the previous round's.
        expect(seen.leftovers.map((l) => l.problem), step).toEqual(whole ? [] : ['temporary folder of a backup that was not finished']);
        if (whole) expect(seen.newest?.name, step).toBe(name);
        else if (round === 0) expect(seen.newest, step).toBeUndefined();
        else expect(seen.newest?.createdAt.getTime(), step).toBe(at.getTime() - 2 * 86_400_000 + 60_000);
        expect(seen.restored, step).toEqual(round === 0 && !whole ? null : { integrity: 'ok', fillerRows: ROWS });
        // The next unlock's automatic backup: made unless the cut-off one was already whole (then it is today's).
        expect(seen.autoBackup !== null, step).toBe(!whole);
        expect(seen.leftoversAfterAutoBackup, step).toEqual([]);
        expect(seen).toMatchObject({ quickCheck: 'ok', fillerRows: ROWS, sharedMemory: [] });
      }
    } finally {
      await fs.rm(child, { force: true });
    }
  }, 120_000);
});
