import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { useTempDirs } from '../../test-support/temp-dir';
import { changePassword } from '../accounts';
import { FLOOR_KDF } from '../test-support/fast-kdf';
import { createVault, unlockVault } from '../vault';
import { slotKdf, type AccountSlot } from './header';
import { readHeader } from './header-store';
import { KDF_FLOOR, type KdfParams, calibrateKdf } from './kdf';

const tempDir = useTempDirs();

/** Timings as a loaded machine gives them: one run in five is quick. */
const timings = (...ms: number[]) => {
  let i = 0;
  return async (_params: KdfParams): Promise<number> => ms[i++ % ms.length] ?? 0;
};

describe('calibrateKdf', () => {
  it('takes the fastest of several runs, so a busy moment does not leave the cost low', async () => {
    expect((await calibrateKdf(timings(400, 380, 100, 420, 390))).iterations).toBe(15);
    // One timing (the old way) would have given 4.
    expect((await calibrateKdf(timings(400), 500, 1)).iterations).toBe(4);
  });

  it('never goes below the floor (m = 64 MiB, t = 3), however slow the machine', async () => {
    const params = await calibrateKdf(timings(2000, 1800, 1900));
    expect(params).toMatchObject({ memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations });
  });
});

describe('a password changed on a faster machine', () => {
  const ADMIN = { username: 'admin', password: 'korrekt häst batteri häftklammer', displayName: 'Ada' };

  async function adminSlot(dataDir: string): Promise<{ slot: AccountSlot; header: Awaited<ReturnType<typeof readHeader>> }> {
    const header = await readHeader(dataDir);
    const slot = header.slots.find((s): s is AccountSlot => s.kind === 'account');
    if (!slot) throw new Error('no slot');
    return { slot, header };
  }

  it('is wrapped with the stronger parameters of this machine, never weaker, and still opens', async () => {
    const dataDir = await tempDir();
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: ADMIN }, { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
    const faster = { ...FLOOR_KDF, iterations: 5 };
    const onFaster = await unlockVault(dataDir, ADMIN.username, ADMIN.password, { clock, logger: new MemoryLogger(), kdf: faster });
    await changePassword(onFaster, dataDir, new MemoryLogger(), ADMIN.password, 'ekorre sjösten gruvlampa kanelbulle');
    onFaster.close();
    const raised = await adminSlot(dataDir);
    expect(slotKdf(raised.header, raised.slot)).toEqual(faster);
    expect(raised.header.kdf).toEqual(FLOOR_KDF);

    // Back on the slower machine: the next change keeps the stronger parameters.
    const onSlower = await unlockVault(dataDir, ADMIN.username, 'ekorre sjösten gruvlampa kanelbulle', { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
    await changePassword(onSlower, dataDir, new MemoryLogger(), 'ekorre sjösten gruvlampa kanelbulle', 'gruvlampa kanelbulle ekorre sjösten');
    onSlower.close();
    const kept = await adminSlot(dataDir);
    expect(slotKdf(kept.header, kept.slot)).toEqual(faster);
    (await unlockVault(dataDir, ADMIN.username, 'gruvlampa kanelbulle ekorre sjösten', { clock, logger: new MemoryLogger() })).close();
  });
});
