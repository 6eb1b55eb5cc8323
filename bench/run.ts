import fs from 'node:fs/promises';
import os from 'node:os';
import { runFoundationBench } from './foundation';
import { runVaultBench } from './vault';

const results = [...(await runFoundationBench()), ...(await runVaultBench())];
console.table(results.map(({ name, iterations, opsPerSecond, p50Micros, p95Micros, maxMicros }) => ({ name, iterations, 'ops/s': opsPerSecond, 'p50 µs': p50Micros, 'p95 µs': p95Micros, 'max µs': maxMicros })));
const report = { node: process.versions.node, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', results };
await fs.mkdir('bench/results', { recursive: true });
await fs.writeFile('bench/results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('Written: bench/results/latest.json');
