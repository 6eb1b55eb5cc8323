import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaleVault } from '../../bench/scale-vault';
import { useTempDirs } from '../test-support/temp-dir';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';
import { SCALES, seedVault } from './seed-vault';

const tempDir = useTempDirs();

// The bench grows the seeded vault by copying its eras back in time (bench/scale-vault.ts): after
// migration 020 a copied case closed at its era's end must take a closed phase (the CHECKs tie
// them), and the timelines and check-ins are copied with their cases (found in review: it failed).
describe('the bench’s scaled vault', () => {
  it('grows a tiny seeded vault to two eras, the case lifecycle’s tables included', async () => {
    const dataDir = await tempDir();
    await seedVault({ dataDir, scale: SCALES.tiny, seed: 7, kdf: FLOOR_KDF });
    const result = await scaleVault(dataDir, path.join(await tempDir(), 'scaled'), 2);
    expect(result).toMatchObject({ factor: 2 });
    expect(result.rows.case_events).toBeGreaterThan(0);
    expect(result.rows.cases).toBeGreaterThan(0);
  }, 300_000);
});
