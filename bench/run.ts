import fs from 'node:fs/promises';
import os from 'node:os';
import { runAuditWalkBench } from './audit-walk';
import { runFoundationBench } from './foundation';
import { runRosterBench } from './roster';
import { runRosterRenderBench } from './roster-render';
import { runUnlockTimingBench } from './unlock-timing';
import { runVaultBench } from './vault';
import { runWorkerBench } from './worker';

// The core worker bundle is built beside this one by scripts/bench.mjs.
const workerScript = new URL('./core-worker.mjs', import.meta.url);
const results = [...(await runFoundationBench(workerScript)), ...(await runVaultBench()), ...(await runWorkerBench(workerScript)), ...(await runRosterBench()), ...(await runRosterRenderBench()), ...(await runAuditWalkBench()), ...(await runUnlockTimingBench())];
console.table(results.map(({ name, iterations, opsPerSecond, p50Micros, p95Micros, maxMicros }) => ({ name, iterations, 'ops/s': opsPerSecond, 'p50 µs': p50Micros, 'p95 µs': p95Micros, 'max µs': maxMicros })));
const report = { node: process.versions.node, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', results };
await fs.mkdir('bench/results', { recursive: true });
await fs.writeFile('bench/results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('Written: bench/results/latest.json');
