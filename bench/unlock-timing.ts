import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { KDF_FLOOR } from '../main/vault/keys/kdf';
import { createVault, unlockVault } from '../main/vault/vault';
import { type Measurement, measure } from './measure';

/**
 * The lock screen's answer to a wrong password for a known username and to an unknown username
 * (issue 15: within 20 % of each other, medians of 20). `npm test` proves the equal work (one
 * Argon2id run each, counted); this measures the time, at the floor parameters.
 */
export async function runUnlockTimingBench(runs = 20): Promise<Measurement[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-bench-unlock-'));
  const deps = { clock: new ManualClock('2026-11-23T08:00:00Z'), logger: new MemoryLogger(), kdf: { algorithm: 'argon2id' as const, version: 19 as const, memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations, parallelism: 1 } };
  try {
    await createVault(dir, { orgName: 'Bench', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: 'korrekt häst batteri häftklammer' } }, deps);
    const refused = async (username: string): Promise<void> => {
      try {
        await unlockVault(dir, username, 'fel lösenord', deps);
      } catch {
        return;
      }
      throw new Error('a wrong password opened the vault');
    };
    return [
      await measure('unlock refused: known username, wrong password', runs, () => refused('admin')),
      await measure('unlock refused: unknown username', runs, () => refused('finns-inte')),
    ];
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
