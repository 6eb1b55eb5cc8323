// Issue 16 (unlock never waits for the audit walk): times `vault:unlock` first on a PC (no
// witness), a normal unlock, and the full walk of the chain after it, on a copy of the decade
// vault. Run: node scripts/bench-first-unlock.mjs <seeded vault dir> <work dir>
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ManualClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { testAppCore } from '../main/test-support/app-core';
import { verifyAuditSince } from '../main/vault/audit/audit-log';
import { unlockVault } from '../main/vault/vault';

const PASSWORD = 'korrekt häst batteri häftklammer';
const DAY = 86_400_000;
const ms = (t0: bigint): number => Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
/** CPU time of this process (all threads) since `c0`, in ms: less at the mercy of the shared machine's load than the wall clock. */
const cpuMs = (c0: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(c0);
  return Math.round((used.user + used.system) / 100) / 10;
};
/** Wall and CPU milliseconds of `work`. */
async function timed(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await work();
  return { wall: ms(t0), cpu: cpuMs(c0) };
}

async function main(): Promise<void> {
  const [seeded, work] = process.argv.slice(2);
  if (!seeded || !work) throw new Error('usage: <seeded vault dir> <work dir>');
  const base = path.join(work, 'base');
  const clock = new ManualClock('2026-11-23T07:00:00Z');
  if (!(await stat(path.join(base, 'vault.db')).catch(() => null))) {
    await mkdir(base, { recursive: true, mode: 0o700 });
    for (const name of ['vault.db', 'vault.keys']) await cp(path.join(seeded, name), path.join(base, name));
    const vault = await unlockVault(base, 'admin', PASSWORD, { clock, logger: new MemoryLogger() }, { migrate: true });
    vault.db.pragma('wal_checkpoint(TRUNCATE)');
    vault.close();
  }
  const dir = path.join(work, 'run');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const name of ['vault.db', 'vault.keys']) await cp(path.join(base, name), path.join(dir, name));
  let n = 0;
  const open = async () => testAppCore(dir, { clock, witnessDir: path.join(work, `witness-${Date.now()}-${n++}`) });
  type Core = Awaited<ReturnType<typeof open>>;
  const settle = (core: Core) =>
    timed(async () => {
      while (core.app.vault.fullCheck === 'running') await new Promise((resolve) => setImmediate(resolve));
    });
  const unlock = (core: Core) => timed(() => core.call('vault:unlock', { username: 'admin', password: PASSWORD }));
  const out: Record<string, unknown> = {};
  // 1. First on a PC and first of the day (the bench's row: witness walk + backup).
  clock.advance(DAY);
  let core = await open();
  out.firstOnPcFirstOfDay = await unlock(core);
  out.firstOnPcFirstOfDayWalk = await settle(core);
  out.firstOnPcFirstOfDayState = core.app.vault.fullCheck;
  core.app.vault.lock('user');
  // 2. First on another PC, the day's backup already made: the witness part alone.
  const first: unknown[] = [];
  const walks: unknown[] = [];
  for (let i = 0; i < 3; i++) {
    clock.advance(60_000);
    core = await open();
    first.push(await unlock(core));
    walks.push(await settle(core));
    core.app.vault.lock('user');
  }
  out.firstOnPc = first;
  out.firstOnPcWalk = walks;
  // 3. Normal unlocks on that PC (witness present), each walk left to finish before the lock.
  const normal: unknown[] = [];
  const normalWalks: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    clock.advance(60_000);
    normal.push(await unlock(core));
    normalWalks.push(await settle(core));
    core.app.vault.lock('user');
  }
  out.normal = normal;
  out.normalWalk = normalWalks;
  // 4. The since-check alone (what a normal unlock walks: the rows since this PC's witness).
  clock.advance(60_000);
  await unlock(core);
  const vault = core.app.vault.vault;
  const since: number[] = [];
  const head = vault.db.prepare('SELECT seq, row_hash AS hash FROM audit_log ORDER BY seq DESC LIMIT 1 OFFSET 5').get() as { seq: number; hash: string };
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const verdict = verifyAuditSince(vault.db, head);
    since.push(ms(t0));
    if (!verdict.ok) throw new Error(verdict.reason);
  }
  out.sinceCheck6Rows = since;
  await settle(core);
  core.app.vault.lock('user');
  // 5. A lock in the middle of the walk, then the next unlock (resumed where the walk stopped, or from the start).
  clock.advance(60_000);
  await unlock(core);
  const progress = () => (core.app.vault as unknown as { fullCheckProgress?: { verified: number; total: number } | null }).fullCheckProgress ?? null;
  const tWalk = process.hrtime.bigint();
  while (core.app.vault.fullCheck === 'running' && ms(tWalk) < 2000) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  out.lockedMidWalkAt = { afterMs: ms(tWalk), progress: progress(), state: core.app.vault.fullCheck };
  core.app.vault.lock('user');
  clock.advance(60_000);
  out.unlockResumed = await unlock(core);
  out.resumedProgressAtUnlock = progress();
  out.resumedWalk = await settle(core);
  core.app.vault.lock('user');
  console.log(JSON.stringify(out));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
