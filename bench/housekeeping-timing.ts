import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAppCore } from '../main/app-core';
import { ManualClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import type { VaultManagerOptions } from '../main/vault/vault-manager';

/**
 * The first unlock of the day on a copy of a (decade) vault, the housekeeping after it inline (as
 * before issue 16: the backup inside the unlock call) and after the unlock (the backup's VACUUM
 * INTO in its own thread). The core runs in process behind a queue like the core worker's
 * (serve.ts): the page's calls and the housekeeping's steps take turns, and a step's promise (the
 * copy of the database file) holds the queue. While the housekeeping runs, a probe call
 * (`vault:status`) goes through the queue every 10 ms: its slowest answer is how long a page call
 * was stuck behind the backup. The full audit walk after unlock is left out (never stepped).
 *
 * Bundle and run: `npx esbuild bench/housekeeping-timing.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/bench/housekeeping-timing.mjs && node_modules/.bin/node
 * out/bench/housekeeping-timing.mjs <vault folder> <password> [runs]`. The folder is copied first.
 */

const DAY = 24 * 60 * 60_000;

interface Run {
  readonly unlockMs: number;
  readonly housekeepingMs: number;
  readonly slowestProbeMs: number;
  readonly probes: number;
  /** The housekeeping's own turns of the queue (gallring step, backup start and copy, backup finish). */
  readonly longestStepMs: number;
  readonly stepsMs: number;
}

async function runMode(source: string, password: string, mode: 'inline' | 'thread', runs: number): Promise<Run[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), `teamvalv-housekeeping-${mode}-`));
  try {
    const dataDir = path.join(work, 'vault');
    await cp(source, dataDir, { recursive: true });
    const clock = new ManualClock(new Date());
    const housekeeping: VaultManagerOptions['housekeeping'] = mode === 'inline' ? { defer: (step) => step(), inThread: false } : {};
    const app = await createAppCore({ host: 'browser', dataDir, clock, logger: new MemoryLogger(), witnessDir: path.join(work, 'witness'), fullCheck: { defer: () => undefined }, housekeeping });
    let queue: Promise<unknown> = Promise.resolve();
    const enqueue = <T>(work: () => T | Promise<T>): Promise<T> => {
      const next = queue.then(work);
      queue = next.catch(() => undefined);
      return next;
    };
    let steps: number[] = [];
    const timed = async (step: () => void | Promise<void>): Promise<void> => {
      const s0 = performance.now();
      await step();
      steps.push(performance.now() - s0);
    };
    if (mode === 'thread') app.vault.setSerializer((step) => void enqueue(() => timed(step)));
    const call = async (channel: string, input: unknown = {}): Promise<unknown> => {
      const result = await enqueue(() => app.call(channel, input, 'bench'));
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
      return result.value;
    };
    // Migrated (a schema-9 seed) and its first housekeeping done, untimed.
    await call('vault:unlock', { username: 'admin', password, migrate: true });
    await app.vault.housekeepingIdle();
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      await call('vault:lock');
      clock.advance(DAY + 60_000);
      steps = [];
      const t0 = performance.now();
      await call('vault:unlock', { username: 'admin', password });
      const unlockMs = performance.now() - t0;
      let idle = false;
      const ended = app.vault.housekeepingIdle().then(() => (idle = true));
      let slowest = 0;
      let probes = 0;
      while (!idle) {
        const p0 = performance.now();
        await call('vault:status');
        slowest = Math.max(slowest, performance.now() - p0);
        probes++;
        await Promise.race([sleep(10), ended]);
      }
      const housekeepingMs = performance.now() - t0 - unlockMs;
      results.push({ unlockMs, housekeepingMs, slowestProbeMs: slowest, probes, longestStepMs: Math.max(0, ...steps), stepsMs: steps.reduce((a, b) => a + b, 0) });
      process.stderr.write(`${mode} run ${i + 1}: ${JSON.stringify(results.at(-1), (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}\n`);
    }
    await call('vault:lock');
    return results;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const [source, password, runsText] = process.argv.slice(2);
if (!source || !password) throw new Error('usage: housekeeping-timing <vault folder> <password> [runs]');
const runs = Number(runsText ?? 3);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
for (const mode of ['inline', 'thread'] as const) {
  const results = await runMode(source, password, mode, runs);
  const row = (key: keyof Run) => Math.round(median(results.map((r) => r[key])));
  process.stdout.write(
    `${mode}: unlock call ${row('unlockMs')} ms (median of ${runs}); housekeeping after it ${row('housekeepingMs')} ms; slowest page call behind it ${row('slowestProbeMs')} ms; the housekeeping held the queue ${row('stepsMs')} ms in all, ${row('longestStepMs')} ms at most at once\n`,
  );
}
