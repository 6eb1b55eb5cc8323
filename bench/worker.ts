import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createAppCore } from '../main/app-core';
import { type CorePort, inProcessCore } from '../main/core/core-port';
import { startCoreWorker } from '../main/core/worker-core';
import { ManualClock, systemClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { appendAudit } from '../main/vault/audit/audit-log';
import { FLOOR_KDF } from '../main/vault/test-support/fast-kdf';
import { createVault, unlockVault } from '../main/vault/vault';
import { type Measurement, measure } from './measure';

const PASSWORD = 'korrekt häst batteri häftklammer';
const ROWS = 20_000;

/**
 * The figures behind "database work off the UI-critical path": how long the host thread (Electron's
 * main thread, or the browser host's HTTP thread) cannot answer anything while the core does heavy
 * work — verifying a 20,000-row audit chain, and locking + unlocking (Argon2id, incremental chain
 * check, backup). Measured as the host thread's event-loop delay, once with the core in the
 * worker (the product) and once with the same core on the host thread (the design we left).
 */
export async function runWorkerBench(workerScript: URL): Promise<Measurement[]> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-bench-worker-'));
  try {
    await seedVault(dataDir);
    const worker = await startCoreWorker({ script: workerScript, config: { host: 'browser', dataDir }, logger: new MemoryLogger() });
    const results: Measurement[] = [];
    try {
      results.push(await measure('core worker round trip, app:info (host thread → worker → host)', 5_000, () => worker.call('app:info', {}, 'bench')));
      results.push(...(await heavyWork('worker', worker)));
    } finally {
      await worker.close();
    }
    const inThread = inProcessCore(await createAppCore({ host: 'browser', dataDir, clock: systemClock, logger: new MemoryLogger() }));
    try {
      results.push(...(await heavyWork('same thread (for comparison)', inThread)));
    } finally {
      await inThread.close();
    }
    return results;
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

async function seedVault(dataDir: string): Promise<void> {
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Bench', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Admin', password: PASSWORD } }, deps);
  const vault = await unlockVault(dataDir, 'admin', PASSWORD, deps);
  const db = vault.db;
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) appendAudit(db, clock, { accountId: 'a', organisationId: 'o', action: 'case.read', caseCode: `UT-2026-${i % 500}`, detail: { i } });
  })();
  vault.close();
}

/** The host thread's event-loop delay (p50/p95/max, µs) while `work` runs in the core. */
async function hostDelayDuring(name: string, iterations: number, work: () => Promise<unknown>): Promise<Measurement> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    await work();
    // Let the loop turn, so a stretch the work blocked it is recorded (an in-thread call
    // resolves in microtasks and would otherwise hide its blocking from the histogram).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  histogram.disable();
  const micros = (ns: number): number => Math.round(ns / 100) / 10;
  return { name, iterations, opsPerSecond: Math.round((iterations / seconds) * 10) / 10, p50Micros: micros(histogram.percentile(50)), p95Micros: micros(histogram.percentile(95)), maxMicros: micros(histogram.max) };
}

async function heavyWork(where: string, core: CorePort): Promise<Measurement[]> {
  const unlocked = await core.call('vault:unlock', { username: 'admin', password: PASSWORD }, 'bench');
  if (!unlocked.ok) throw new Error(`bench unlock failed: ${unlocked.error.code}`);
  const verify = await hostDelayDuring(`host thread delay (µs columns) during audit:verify, ${ROWS / 1000}k rows — core in ${where}`, 5, async () => {
    const result = await core.call('audit:verify', {}, 'bench');
    if (!result.ok) throw new Error(`bench verify failed: ${result.error.code}`);
  });
  const relock = await hostDelayDuring(`host thread delay (µs columns) during lock + unlock + backup — core in ${where}`, 3, async () => {
    await core.lock('user');
    const again = await core.call('vault:unlock', { username: 'admin', password: PASSWORD }, 'bench');
    if (!again.ok) throw new Error(`bench unlock failed: ${again.error.code}`);
  });
  return [verify, relock];
}
