import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import { runAuditWalkBench } from './audit-walk';
import { type DecadeReport, runDecadeBench } from './decade';
import { runFoundationBench } from './foundation';
import type { Measurement } from './measure';
import { runRosterBench } from './roster';
import { runRosterRenderBench } from './roster-render';
import { runUnlockTimingBench } from './unlock-timing';
import { runVaultBench } from './vault';
import { runWorkerBench } from './worker';

/**
 * `npm run bench`: the micro figures (bench/results/latest.json, as before) and the issue-16 table
 * on the decade vault, encrypted against a plain copy (bench/results.json).
 *   TEAMVALV_BENCH_DECADE=0   skip the decade vault (a quick run)
 *   TEAMVALV_BENCH_MICRO=0    skip the micro figures
 *   TEAMVALV_BENCH_RUNS=n     warm runs per interactive row (default 30)
 *   TEAMVALV_BENCH_CACHE=dir  where the seeded decade vault is cached (default node_modules/.cache/teamvalv-bench)
 *   TEAMVALV_BENCH_VAULT=dir  use this seeded vault (npm run seed … --result-json dir.json) instead
 *   TEAMVALV_BENCH_SCALING=0  skip the 1×/3×/10× copies (bench/scaling.ts)
 */
const decade = process.env.TEAMVALV_BENCH_DECADE !== '0';
const micro = process.env.TEAMVALV_BENCH_MICRO !== '0';
const machine = { node: process.versions.node, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

if (micro) {
  // The core worker bundle is built beside this one by scripts/bench.mjs.
  const workerScript = new URL('./core-worker.mjs', import.meta.url);
  const results: Measurement[] = [...(await runFoundationBench(workerScript)), ...(await runVaultBench()), ...(await runWorkerBench(workerScript)), ...(await runRosterBench()), ...(await runRosterRenderBench()), ...(await runAuditWalkBench()), ...(await runUnlockTimingBench())];
  console.table(results.map(({ name, iterations, opsPerSecond, p50Micros, p95Micros, maxMicros }) => ({ name, iterations, 'ops/s': opsPerSecond, 'p50 µs': p50Micros, 'p95 µs': p95Micros, 'max µs': maxMicros })));
  await fs.mkdir('bench/results', { recursive: true });
  await fs.writeFile('bench/results/latest.json', `${JSON.stringify({ ...machine, results }, null, 2)}\n`);
  console.log('Written: bench/results/latest.json');
}

if (decade) {
  const runs = Number(process.env.TEAMVALV_BENCH_RUNS ?? 30);
  const report: DecadeReport = await runDecadeBench({ runs: Number.isInteger(runs) && runs > 0 ? runs : 30, scaling: process.env.TEAMVALV_BENCH_SCALING !== '0' });
  const ms = (value: number | null): string => (value === null ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value} ms`);
  console.table(
    report.queries.map((q) => ({
      operation: q.name,
      kind: q.kind,
      target: q.target,
      'median (enc)': ms(q.p50_ms),
      'p95 (enc)': ms(q.p95_ms),
      'median (plain)': ms(q.plain_ms),
      'enc/plain': q.ratio ?? '—',
      'cold enc/plain': q.cold_ratio === null ? '—' : `${q.cold_ratio} (${ms(q.cold_encrypted_ms)})`,
      runs: q.runs,
    })),
  );
  if (report.scaling.length > 0) {
    const at1 = (name: string): number | undefined => report.scaling.find((r) => r.name === name && r.factor === 1)?.p50_ms;
    console.table(
      report.scaling.map((r) => ({
        operation: r.name,
        size: `${r.factor}×`,
        'median (enc)': ms(r.p50_ms),
        'p95 (enc)': ms(r.p95_ms),
        'median (plain)': ms(r.plain_ms),
        'enc/plain': r.ratio,
        'cold enc/plain': `${r.cold_plain_ms > 0 ? Math.round((r.cold_encrypted_ms / r.cold_plain_ms) * 100) / 100 : '—'} (${ms(r.cold_encrypted_ms)})`,
        'of 1×': at1(r.name) ? `${Math.round((r.p50_ms / (at1(r.name) ?? 1)) * 100) / 100}×` : '—',
        'RSS MB': r.rss_mb,
      })),
    );
  }
  for (const note of report.notes) console.log(`Note: ${note}`);
  const out = { commit: commit(), measuredAt: new Date().toISOString(), machine: { ...machine, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) }, vault: report.vault, notes: report.notes, queries: report.queries, scaling: report.scaling };
  await fs.writeFile('bench/results.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log('Written: bench/results.json');
}
