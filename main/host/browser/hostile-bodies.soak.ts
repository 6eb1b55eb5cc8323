// The long variant of hostile-bodies.test.ts (`npm run test:soak`): 100,000 hostile bodies over
// every channel in five rounds, oversized ones sent in full (28 MB packets included) — the host
// reads and drops them — and the host process's memory checked after each round, so a slow
// trend shows as well as a jump.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels';
import { removeWorkerBundles } from '../../core/test-support/build-worker';
import { type FuzzHost, sendHostileBodies, startFuzzHost } from '../../test-support/hostile-bodies';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();
const started: FuzzHost[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((fuzz) => fuzz.close()));
});
afterAll(removeWorkerBundles);

const MB = 1024 * 1024;

describe('hostile request bodies through the browser host, soak', () => {
  it('100,000 bodies: typed answers, nothing waiting, host memory flat round after round', async () => {
    const fuzz = await startFuzzHost(tempDir);
    started.push(fuzz);
    expect((await sendHostileBodies(fuzz.target, { count: 3_000, seed: 1, concurrency: 8, fullOversized: true })).failures).toEqual([]);
    const before = await fuzz.stats();
    for (let round = 0; round < 5; round += 1) {
      const run = await sendHostileBodies(fuzz.target, { count: 20_000, seed: 20261123 + round, concurrency: 8, fullOversized: true });
      const now = await fuzz.stats();
      expect(run.failures.slice(0, 20), `round ${round}`).toEqual([]);
      for (const kind of ['deep', 'keys', 'oversized'] as const) expect(run.channelsByKind[kind], `${kind}, round ${round}`).toBe(CHANNELS.length);
      expect(now.pending, `round ${round}`).toBe(0);
      expect((now.rss - before.rss) / MB, `RSS after round ${round}`).toBeLessThan(50);
      expect((now.heapUsed - before.heapUsed) / MB, `heap after round ${round}`).toBeLessThan(5);
    }
  });
});
