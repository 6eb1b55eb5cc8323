import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { createBackup, listBackups } from './backups';
import { DATABASE_FILE } from './db/open-vault';
import { PASSWORD, USER, afterKill, backupThenKill, buildBackupChild, filledVault, seededRandom } from './test-support/backup-kill';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { unlockVault } from './vault';

const tempDir = useTempDirs();
const ROUNDS = 50;
/** TEAMVALV_SOAK_SEED=<n> replays a run: the same seed gives the same kill moments (as fractions of a backup's time). */
const SEED = Number(process.env.TEAMVALV_SOAK_SEED ?? 14);
const ROWS = 8000;
const DAY = 86_400_000;

describe.each([
  ['createBackup', 'sync'],
  ['the threaded automatic backup after unlock', 'thread'],
] as const)('kill -9 at random moments of %s (soak)', (name, mode) => {
  it(`${ROUNDS} rounds on a vault of several MB: no half backup is ever the newest; the newest restores; the next automatic backup is made`, async () => {
    const dataDir = await tempDir();
    const start = Date.parse('2026-01-05T08:00:00Z');
    await filledVault(dataDir, new Date(start).toISOString(), ROWS, 1000);
    const size = (await fs.stat(path.join(dataDir, DATABASE_FILE))).size;
    expect(size).toBeGreaterThan(8_000_000);

    // How long one backup takes here (the kill moments are spread over 0–130 % of it).
    const clock = new ManualClock(new Date(start));
    const vault = await unlockVault(dataDir, USER, PASSWORD, { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
    const began = performance.now();
    createBackup(vault, dataDir, clock, 'manual');
    const backupMs = performance.now() - began;
    vault.close();

    const random = seededRandom(SEED);
    const child = await buildBackupChild();
    let cutOff = 0;
    let leftTemporary = 0;
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        // Two days apart, so a backup cut off before its rename leaves the newest whole one "too old".
        const at = new Date(start + round * 2 * DAY);
        const before = listBackups(dataDir)[0];
        const killAfterMs = random() * 1.3 * backupMs;
        const { finished } = await backupThenKill(child, dataDir, at.toISOString(), { killAfterMs }, mode);
        const seen = await afterKill(dataDir, path.join(await tempDir(), 'restored'), new Date(at.getTime() + 60_000));
        const label = `round ${round} (seed ${SEED}, kill after ${killAfterMs.toFixed(1)} ms of a ${backupMs.toFixed(1)} ms backup)`;
        const renamed = seen.newest?.createdAt.getTime() === at.getTime();
        if (!finished) cutOff++;
        if (seen.leftovers.length) leftTemporary++;
        // The newest is the whole one from before, or the new one — whole, since it was renamed.
        if (!renamed) expect(seen.newest?.name, label).toBe(before?.name);
        if (finished) expect(renamed, label).toBe(true);
        expect(seen.leftovers.every((l) => l.name.startsWith('.tmp-backup-')), label).toBe(true);
        expect(seen.restored, label).toEqual({ integrity: 'ok', fillerRows: ROWS });
        expect(seen.autoBackup !== null, label).toBe(!renamed);
        expect(seen.leftoversAfterAutoBackup, label).toEqual([]);
        expect(seen, label).toMatchObject({ quickCheck: 'ok', fillerRows: ROWS, sharedMemory: [] });
      }
    } finally {
      await fs.rm(child, { force: true });
    }
    console.log(`backup-kill soak (${name}): seed ${SEED}, ${ROUNDS} rounds, vault ${(size / 1e6).toFixed(1)} MB, backup ${backupMs.toFixed(0)} ms; ${cutOff} kills landed before the backup finished, ${leftTemporary} left a temporary folder`);
    // The kill moments span the backup, so some must land inside it (otherwise the run proved nothing).
    expect(cutOff).toBeGreaterThan(0);
  });
});
