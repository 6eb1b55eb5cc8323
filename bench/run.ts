import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import { runAuditWalkBench } from './audit-walk';
import { type DecadeReport, type QueryResult, runDecadeBench } from './decade';
import { runFoundationBench } from './foundation';
import { runGuardBench } from './guard';
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
 *   TEAMVALV_BENCH_ROSTER=0   skip the roster of 10,000 in Chromium (bench/roster-render.ts)
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

/** The roster of 10,000 in Chromium (bench/roster-render.ts): in the micro figures, and as rows of the issue-16 table. */
let rosterRender: Measurement[] | null = null;
const roster = process.env.TEAMVALV_BENCH_ROSTER !== '0';

/** The roster figures as rows of bench/results.json (no database of their own to compare: one figure for both). */
function rosterRows(measurements: readonly Measurement[]): QueryResult[] {
  const row = (match: string, name: string, target: string, note: string): QueryResult[] => {
    const m = measurements.find((candidate) => candidate.name.includes(match));
    if (!m) return [];
    const p50 = Math.round(m.p50Micros / 100) / 10;
    return [
      {
        name,
        kind: 'interactive',
        plain_ms: p50,
        encrypted_ms: p50,
        ratio: null,
        p50_ms: p50,
        p95_ms: Math.round(m.p95Micros / 100) / 10,
        plain_p95_ms: Math.round(m.p95Micros / 100) / 10,
        cold_plain_ms: null,
        cold_encrypted_ms: null,
        cold_ratio: null,
        runs: m.iterations,
        target,
        note,
      },
    ];
  };
  const browser = 'Chromium on the browser host, encrypted vault of 10,000 invented members (bench/roster-render.ts)';
  return [
    ...row('first render in Chromium', 'roster of 10,000 members, first render in Chromium', '≤ 300 ms', browser),
    ...row('longest long task scrolling', 'roster of 10,000 members, longest long task scrolling end to end (PerformanceObserver, wall time)', 'none over 50 ms', `${browser}; per scroll run`),
    ...row('CPU time (trace)', 'roster of 10,000 members, longest main-thread task scrolling end to end, CPU time (trace)', 'none over 50 ms', `${browser}; one traced scroll: the thread's own work, without the waits for a core on a loaded machine`),
  ];
}

if (micro) {
  // The core worker bundle is built beside this one by scripts/bench.mjs.
  const workerScript = new URL('./core-worker.mjs', import.meta.url);
  rosterRender = roster ? await runRosterRenderBench() : [];
  const results: Measurement[] = [...(await runFoundationBench(workerScript)), ...(await runVaultBench()), ...(await runWorkerBench(workerScript)), ...(await runRosterBench()), ...rosterRender, ...(await runAuditWalkBench()), ...(await runUnlockTimingBench()), ...(await runGuardBench())];
  console.table(results.map(({ name, iterations, opsPerSecond, p50Micros, p95Micros, maxMicros }) => ({ name, iterations, 'ops/s': opsPerSecond, 'p50 µs': p50Micros, 'p95 µs': p95Micros, 'max µs': maxMicros })));
  await fs.mkdir('bench/results', { recursive: true });
  await fs.writeFile('bench/results/latest.json', `${JSON.stringify({ ...machine, results }, null, 2)}\n`);
  console.log('Written: bench/results/latest.json');
}

if (decade) {
  const runs = Number(process.env.TEAMVALV_BENCH_RUNS ?? 30);
  const decadeReport: DecadeReport = await runDecadeBench({ runs: Number.isInteger(runs) && runs > 0 ? runs : 30, scaling: process.env.TEAMVALV_BENCH_SCALING !== '0' });
  // The roster rows: from the micro run, or measured now when the micro figures were skipped.
  rosterRender ??= roster ? await runRosterRenderBench() : [];
  const report: DecadeReport = { ...decadeReport, queries: [...decadeReport.queries, ...rosterRows(rosterRender)] };
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
