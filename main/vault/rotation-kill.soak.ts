// Soak test (npm run test:soak): 50 rounds of `kill -9` at random moments of a real `teamvalv
// rotate-key` on a vault of over 40 MB with two backups. After each, the vault opens with every
// account's password and with the recovery key that was last printed, integrity_check is ok,
// every committed row is there, and every backup either restores or is gone. The moments are
// drawn from a fixed seed, so a failing round repeats.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { addAccount, changePassword } from './accounts';
import { createBackup, listBackups, restoreBackup } from './backups';
import { parseHeader } from './keys/header';
import { HEADER_FILE } from './keys/header-store';
import { REKEY_TEMP_FILE, pendingRecoveryKey } from './rotation';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { createVault, unlockVault, unlockWithRecoveryKey } from './vault';
import { databaseKeyOf } from './key-material';

const ADMIN = { username: 'admin', password: 'korrekt häst batteri häftklammer' };
const PIA = { username: 'psykolog', password: 'ekorre sjösten gruvlampa kanelbulle' };
const ROWS = 40_000;
const ROUNDS = Number(process.env.TEAMVALV_SOAK_ROUNDS ?? 50);

let root = '';
let template = '';
let child = '';
let templateRecovery = '';

/** A small deterministic generator (mulberry32): the kill moments repeat run after run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-soak-'));
  child = path.resolve('node_modules/.cache/teamvalv-tests', `cli-child-${process.pid}.mjs`);
  await build({ entryPoints: ['main/vault/test-support/cli-child.ts'], outfile: child, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  template = path.join(root, 'template');
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  templateRecovery = (await createVault(template, { orgName: 'Ungdomstorget', orgNumber: '212000-2627', admin: { ...ADMIN, displayName: 'Ada' } }, deps)).recoveryKey;
  const admin = await unlockVault(template, ADMIN.username, ADMIN.password, deps);
  const orgId = (admin.db.prepare('SELECT id FROM organisations').get() as { id: string }).id;
  const { oneTimePassword } = await addAccount(admin, template, deps.logger, { username: PIA.username, displayName: 'Pia', organisationId: orgId, roles: ['psychologist'] });
  const insert = admin.db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)');
  // Random text does not compress and fills pages as real notes do.
  const filler = (i: number) => `${i}:${Buffer.from(Array.from({ length: 750 }, (_, j) => (i * 31 + j * 17) % 251)).toString('base64')}`;
  admin.db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(`soak-${i}`, filler(i));
  })();
  createBackup(admin, template, clock, 'manual');
  clock.advance(60_000);
  createBackup(admin, template, clock, 'manual');
  admin.close();
  const pia = await unlockVault(template, PIA.username, oneTimePassword, deps);
  await changePassword(pia, template, deps.logger, oneTimePassword, PIA.password);
  pia.close();
  expect((await fs.stat(path.join(template, 'vault.db'))).size).toBeGreaterThan(40 * 1024 * 1024);
}, 600_000);

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(child, { force: true });
});

/** Runs `rotate-key --json` and kills it after `killAfterMs` (or lets it finish when null); returns the key it printed. */
async function rotate(dataDir: string, killAfterMs: number | null): Promise<{ printed: string | null; ms: number; killed: boolean }> {
  const started = process.hrtime.bigint();
  const proc = spawn(process.execPath, [child, 'rotate-key', '--data-dir', dataDir, '--user', ADMIN.username, '--password-stdin', '--json'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TEAMVALV_WITNESS_DIR: path.join(dataDir, '..', `${path.basename(dataDir)}-witness`) },
  });
  proc.stdin.end(`${ADMIN.password}\n`);
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  let err = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const timer = killAfterMs === null ? null : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
  const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  if (timer) clearTimeout(timer);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (killAfterMs === null && code !== 0) throw new Error(`rotate-key failed: ${err}`);
  const printed = /"recoveryKey":"([^"]+)"/.exec(out)?.[1] ?? null;
  return { printed, ms, killed: code !== 0 };
}

async function copyTemplate(to: string): Promise<void> {
  await fs.cp(template, to, { recursive: true });
}

describe('kill -9 at random moments of a real rotate-key', () => {
  it(`${ROUNDS} rounds: the vault always opens whole, with every password and the last printed recovery key`, async () => {
    const deps = { clock: new ManualClock('2026-11-23T09:00:00Z'), logger: new MemoryLogger() };
    // One full rotation measures how long a round runs; the kills fall anywhere in it.
    const full = path.join(root, 'full');
    await copyTemplate(full);
    const { ms: fullMs } = await rotate(full, null);
    const next = random(20261206);
    const outcomes = { killed: 0, finishedBeforeKill: 0, rolledBack: 0, completedAtUnlock: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const dataDir = path.join(root, `round-${round}`);
      await copyTemplate(dataDir);
      const killAfter = Math.floor(next() * fullMs * 1.1);
      const { printed, killed } = await rotate(dataDir, killAfter);
      if (killed) outcomes.killed++;
      else outcomes.finishedBeforeKill++;
      const first = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
      // Killed between recording "shown" and printing, the rotation is finished and its key waits for the admins.
      const header = parseHeader(await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8'));
      const waiting = header?.rotation ? pendingRecoveryKey(header, databaseKeyOf(first)) : null;
      if (printed && waiting) expect(waiting, `round ${round}`).toBe(printed);
      const lastShown = printed ?? waiting ?? templateRecovery;
      for (const notice of first.notices) {
        if (notice.kind === 'rotation-rolled-back') outcomes.rolledBack++;
        if (notice.kind === 'rotation-completed') outcomes.completedAtUnlock++;
      }
      expect(first.db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
      expect(first.db.prepare("SELECT count(*) AS n FROM vault_meta WHERE key LIKE 'soak-%'").get(), `round ${round}`).toEqual({ n: ROWS });
      first.close();
      const pia = await unlockVault(dataDir, PIA.username, PIA.password, deps);
      pia.close();
      const recovery = await unlockWithRecoveryKey(dataDir, lastShown, deps);
      recovery.close();
      for (const backup of listBackups(dataDir)) {
        expect(existsSync(path.join(backup.dir, REKEY_TEMP_FILE)), `round ${round}`).toBe(false);
        const check = await restoreBackup(backup.dir, path.join(root, `restored-${round}-${backup.name}`), async (dir) => {
          const vault = await unlockVault(dir, ADMIN.username, ADMIN.password, deps);
          const key = Buffer.from(databaseKeyOf(vault));
          vault.close();
          return key;
        });
        expect(check.tables.vault_meta, `round ${round}`).toBeGreaterThanOrEqual(ROWS);
        await fs.rm(path.join(root, `restored-${round}-${backup.name}`), { recursive: true, force: true });
      }
      expect(existsSync(path.join(dataDir, 'vault.db-shm')), `round ${round}`).toBe(false);
      await fs.rm(dataDir, { recursive: true, force: true });
    }
    process.stdout.write(`rotation soak: full rotation ${Math.round(fullMs)} ms; ${JSON.stringify(outcomes)}\n`);
    expect(outcomes.killed).toBeGreaterThan(ROUNDS / 2);
  }, 3_600_000);
});
