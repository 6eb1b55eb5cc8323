import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { ADMIN_USERNAME, BENCH_PASSWORD, CHAIR_USERNAMES, SEED_START } from '../main/seed/seed-vault';
import { SEARCH_WORDS } from '../main/seed/seed-text';
import { testAppCore } from '../main/test-support/app-core';
import { unlockVault } from '../main/vault/vault';
import { BENCH_NOW, type Core, percentile, registerPlainFolder, round, settle, time } from './decade';
import { scaleVault } from './scale-vault';

/**
 * Issue 16's scaling rows: search in a team, opening a meeting and a year's statistics on the
 * decade vault and on copies at 3× and 10× (bench/scale-vault.ts: earlier eras of the same teams'
 * work), each on the encrypted copy and on a plain copy of it in the same run, call by call in
 * turn over every copy, through the app core as the chair of "Team försörjningsstöd". The meetings opened
 * are the same 40 of the seeded decade at every size; statistics are the year 2025 — so each
 * answer is the same at every size, and only the vault around it grows.
 */
export interface ScalingRow {
  readonly name: 'search:items in a team' | 'meetings:get' | 'followup:stats (year)' | 'cases:list (active)' | 'cases:consent-overview' | 'meetings:decisions (first page)';
  readonly factor: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly plain_ms: number;
  readonly ratio: number;
  readonly cold_encrypted_ms: number;
  readonly cold_plain_ms: number;
  readonly runs: number;
  readonly vault_bytes: number;
  /** Resident memory of the bench process after the row (both copies open). */
  readonly rss_mb: number;
}

export const SCALE_FACTORS = [1, 3, 10] as const;

export interface Side {
  readonly label: 'plain' | 'encrypted';
  readonly core: Core;
  readonly team: string;
  readonly meetings: readonly string[];
}

/** The app core on a copy, signed in as the chair of Team försörjningsstöd, with the team and 40 meetings of the seeded decade. */
export async function openSide(dir: string, label: Side['label']): Promise<Side> {
  const clock = new ManualClock(BENCH_NOW);
  // The housekeeping after unlock as the hosts run it (testAppCore alone would wait for a test to step it).
  const core = await testAppCore(dir, { clock, witnessDir: path.join(path.dirname(dir), 'witness'), housekeeping: {} });
  await core.call('vault:unlock', { username: CHAIR_USERNAMES[0], password: BENCH_PASSWORD });
  await settle(core);
  const teams = await core.call<{ id: string; name: string }[]>('roster:teams');
  const team = teams.find((t) => t.name.startsWith('Team försörjningsstöd'))?.id ?? '';
  const list = await core.call<{ id: string; date: string }[]>('meetings:list', { teamId: team });
  // The seeded decade's meetings only (earlier eras are older): the same 40 at every size.
  const sorted = list.filter((m) => m.date >= SEED_START).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const meetings = Array.from({ length: 40 }, (_, i) => sorted[Math.floor((i * 7919) % sorted.length)]?.id ?? '');
  return { label, core, team, meetings };
}

/** A plain copy: the vault decrypted with `PRAGMA rekey = ''` (the bench process opens files under it without a key). */
export async function decrypt(dir: string): Promise<void> {
  const vault = await unlockVault(dir, ADMIN_USERNAME, BENCH_PASSWORD, { clock: new ManualClock(BENCH_NOW), logger: new MemoryLogger() }, { migrate: true });
  vault.db.pragma('wal_checkpoint(TRUNCATE)');
  vault.db.pragma("rekey = ''");
  vault.close();
  if (readFileSync(path.join(dir, 'vault.db')).subarray(0, 15).toString('latin1') !== 'SQLite format 3') throw new Error('the plain copy did not decrypt');
}

/**
 * Makes the copies of `seeded` in `work` (removed by the caller) — every factor's encrypted copy
 * and its plain copy — then opens them all and measures each query on all of them call by call in
 * turn (1× plain, 1× encrypted, 3× plain, …). A change of load on this shared machine then hits
 * every size alike: measured one size after another, a helper's test run starting between the 1×
 * and the 10× figures made the 10× look 3–4× slower than the 1× (2026-12-07, load 1 → 6).
 */
export async function runScalingBench(seeded: string, work: string, options: { runs?: number; factors?: readonly number[]; log?: (line: string) => void } = {}): Promise<ScalingRow[]> {
  const runs = options.runs ?? 30;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rows: ScalingRow[] = [];
  const sizes: { factor: number; bytes: number; sides: readonly [Side, Side] }[] = [];
  try {
    for (const factor of options.factors ?? SCALE_FACTORS) {
      const base = path.join(work, `x${factor}`);
      const encDir = path.join(base, 'encrypted', 'data');
      const plainDir = path.join(base, 'plain', 'data');
      const made = await scaleVault(seeded, encDir, factor);
      await fs.mkdir(path.dirname(plainDir), { recursive: true });
      await fs.cp(encDir, plainDir, { recursive: true });
      await decrypt(plainDir);
      registerPlainFolder(path.join(base, 'plain'));
      log(`Scaling ${factor}× (${(made.bytes / 1e6).toFixed(0)} MB, ${made.rows.case_items ?? 0} case items; copied in ${made.seconds} s)`);
      sizes.push({ factor, bytes: made.bytes, sides: [await openSide(plainDir, 'plain'), await openSide(encDir, 'encrypted')] });
    }
    const measure = async (name: ScalingRow['name'], n: number, call: (side: Side, i: number) => Promise<unknown>): Promise<void> => {
      (globalThis as { gc?: () => void }).gc?.();
      // The first call on each copy (its cache empty for this query), then n rounds over every copy.
      const cold = new Map<Side, number>();
      for (const { sides } of sizes) for (const side of sides) cold.set(side, await time(() => call(side, 0)));
      const samples = new Map<Side, number[]>(sizes.flatMap(({ sides }) => sides.map((side): [Side, number[]] => [side, []])));
      for (let i = 1; i <= n; i++) for (const { sides } of sizes) for (const side of sides) samples.get(side)?.push(await time(() => call(side, i)));
      for (const { factor, bytes, sides } of sizes) {
        const [plainSide, encSide] = sides;
        const plain = percentile(samples.get(plainSide) ?? [], 0.5);
        const enc = percentile(samples.get(encSide) ?? [], 0.5);
        const row: ScalingRow = {
          name,
          factor,
          p50_ms: round(enc),
          p95_ms: round(percentile(samples.get(encSide) ?? [], 0.95)),
          plain_ms: round(plain),
          ratio: Math.round((enc / plain) * 100) / 100,
          cold_encrypted_ms: round(cold.get(encSide) ?? 0),
          cold_plain_ms: round(cold.get(plainSide) ?? 0),
          runs: n,
          vault_bytes: bytes,
          rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
        };
        log(`  ${name} at ${factor}×: ${row.p50_ms} ms (p95 ${row.p95_ms}, plain ${row.plain_ms}, ratio ${row.ratio}; cold ${row.cold_encrypted_ms} / ${row.cold_plain_ms} ms; RSS ${row.rss_mb} MB)`);
        rows.push(row);
      }
    };
    await measure('search:items in a team', runs * 2, (s, i) => s.core.call('search:items', { text: SEARCH_WORDS[i % SEARCH_WORDS.length], teamId: s.team }));
    await measure('meetings:get', runs * 2, (s, i) => s.core.call('meetings:get', { meetingId: s.meetings[i % s.meetings.length] }));
    await measure('followup:stats (year)', runs, (s) => s.core.call('followup:stats', { teamId: s.team, period: { kind: 'year', year: 2025 } }));
    await measure('cases:list (active)', runs, (s) => s.core.call('cases:list', { teamId: s.team, status: 'active' }));
    // Issue 20's reads on the chair's pages: the consent overview (start page) and the decision log's first page.
    await measure('cases:consent-overview', runs, (s) => s.core.call('cases:consent-overview', { teamId: s.team }));
    await measure('meetings:decisions (first page)', runs, (s) => s.core.call('meetings:decisions', { teamId: s.team }));
  } finally {
    for (const { sides } of sizes) for (const side of sides) side.core.app.vault.lock('user');
    for (const { factor } of sizes) await fs.rm(path.join(work, `x${factor}`), { recursive: true, force: true });
  }
  return rows;
}

/** `npm run bench -- scaling SEEDED`: the scaling rows alone (a seeded vault's folder), printed with each 10×/1×. */
export async function scalingMain(args: readonly string[]): Promise<void> {
  const [seeded] = args;
  if (!seeded) throw new Error('usage: npm run bench -- scaling SEEDED_VAULT_DIR');
  const work = await fs.mkdtemp(path.join(path.dirname(path.resolve(seeded)), 'teamvalv-scaling-'));
  try {
    const rows = await runScalingBench(seeded, work, { runs: Number(process.env.TEAMVALV_BENCH_RUNS ?? 30) || 30 });
    for (const row of rows) {
      const at1 = rows.find((r) => r.name === row.name && r.factor === 1)?.p50_ms;
      process.stdout.write(`${row.name} ${row.factor}×: ${row.p50_ms} ms (p95 ${row.p95_ms}), ${at1 ? `${Math.round((row.p50_ms / at1) * 100) / 100}× the 1× median` : ''}\n`);
    }
    // The rows replace the `scaling` array of bench/results.json, said with their own commit, time and load.
    const file = 'bench/results.json';
    const results = JSON.parse(await fs.readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
    const commit = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
    const scalingRun = { commit, measuredAt: new Date().toISOString(), loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100), note: 'npm run bench -- scaling: every copy open at once, measured call by call in turn' };
    await fs.writeFile(file, `${JSON.stringify({ ...results, scaling: rows, scalingRun }, null, 2)}\n`);
    process.stdout.write(`Written: ${file} (scaling)\n`);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
