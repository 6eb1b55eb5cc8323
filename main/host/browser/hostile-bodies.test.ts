// Issue 15's "Done when": hostile bodies for every channel through the real browser host on a
// real core worker — deep nesting (5,000 to 20,000 levels), huge key and element counts, bodies
// past the channel's largest input — at least 1,000 cases of each kind and 10,000 in all, from a
// fixed seed. No answer is a 5xx or untyped, no call is left waiting in WorkerCore, and the host
// process's memory stays flat. `npm run test:soak` runs 100,000 (hostile-bodies.soak.ts).
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

describe('hostile request bodies through the browser host', () => {
  it('10,000 deep, wide and oversized bodies over every channel: typed 400/413 answers, nothing waiting, memory flat', async () => {
    const fuzz = await startFuzzHost(tempDir);
    started.push(fuzz);
    // Warm-up: the same kinds of request, so the heaps (V8's young generation grows under this
    // load), the allocator and the sockets reach their working size first.
    const warm = await sendHostileBodies(fuzz.target, { count: 3_000, seed: 1, concurrency: 8 });
    expect(warm.failures).toEqual([]);
    const before = await fuzz.stats();

    const run = await sendHostileBodies(fuzz.target, { count: 10_000, seed: 20261123, concurrency: 8 });
    const after = await fuzz.stats();

    expect(run.failures.slice(0, 20)).toEqual([]);
    expect(Object.keys(run.outcomes).filter((outcome) => outcome.startsWith('5'))).toEqual([]);
    // Each kind at least 1,000 times, and on every channel.
    for (const kind of ['deep', 'keys', 'oversized'] as const) {
      expect(run.byKind[kind], kind).toBeGreaterThanOrEqual(3_000);
      expect(run.channelsByKind[kind], kind).toBe(CHANNELS.length);
    }
    // Both refusals happened often: depth and counts scanned (400), sizes (413).
    expect(run.outcomes['400 invalid_input'] ?? 0).toBeGreaterThanOrEqual(3_000);
    expect(run.outcomes['413 too_large'] ?? 0).toBeGreaterThanOrEqual(3_000);
    // The cases at the bounds went on to the core and were answered there.
    expect(run.outcomes['200 invalid_input'] ?? 0).toBeGreaterThan(100);
    expect(after.pending).toBe(0);
    // RSS of the host's process (its HTTP thread and its core worker thread; the client is this
    // process), after a full collection there on both sides of the run: within 50 MB. Its heap,
    // where the issue saw 3.9 MB kept per request, within 5 MB.
    expect((after.rss - before.rss) / MB).toBeLessThan(50);
    expect((after.heapUsed - before.heapUsed) / MB).toBeLessThan(5);
  }, 120_000);
});
