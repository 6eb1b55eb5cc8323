import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { type BackupInfo, type BackupStep, type LeftoverBackupFolder, autoBackup, leftoverBackupFolders, listBackups, restoreBackup } from '../backups';
import { DATABASE_FILE, openVault } from '../db/open-vault';
import { openAccountSlot, usernameTag } from '../keys/header';
import { readHeader } from '../keys/header-store';
import { createVault, unlockVault } from '../vault';
import { FLOOR_KDF } from './fast-kdf';

/** What the backup kill tests (`backup-kill.test.ts`, `backup-kill.soak.ts`) share. */

export const USER = 'admin';
export const PASSWORD = 'korrekt häst batteri häftklammer';

/**
 * Bundles `backup-child.ts` for a plain Node process; it lives under node_modules/.cache so that
 * its imports of the native packages resolve. Returns its path (remove it when done).
 */
export async function buildBackupChild(): Promise<string> {
  const child = path.resolve('node_modules/.cache/teamvalv-tests', `backup-child-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);
  await build({ entryPoints: ['main/vault/test-support/backup-child.ts'], outfile: child, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  return child;
}

/** A vault with `rows` filler rows of `rowBytes` random characters each (incompressible, like notes). */
export async function filledVault(dataDir: string, at: string, rows: number, rowBytes: number): Promise<void> {
  const deps = { clock: new ManualClock(at), logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: { username: USER, displayName: 'Ada', password: PASSWORD } }, deps);
  const vault = await unlockVault(dataDir, USER, PASSWORD, deps);
  try {
    const insert = vault.db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)');
    vault.db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`filler-${i}`, randomBytes(Math.ceil((rowBytes * 3) / 4)).toString('base64').slice(0, rowBytes));
    })();
  } finally {
    vault.close();
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same kill moments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Runs the child: it unlocks and backs up with its clock at `at` (`mode` `thread`: the threaded
 * automatic backup). It is killed with SIGKILL `killAfterMs` after it said "ready" — or kills
 * itself after `killAt`, a step of the backup.
 * Answers whether the backup had finished ("done") before the kill.
 */
export async function backupThenKill(
  child: string,
  dataDir: string,
  at: string,
  kill: { readonly killAfterMs: number } | { readonly killAt: BackupStep },
  mode: 'sync' | 'thread' = 'sync',
): Promise<{ finished: boolean }> {
  const args = [child, dataDir, USER, PASSWORD, at, 'killAt' in kill ? kill.killAt : '', mode];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve();
    });
    void exited.then(({ code, signal }) => reject(new Error(`the backup child ended before it was ready (${code ?? signal}): ${err}`)));
  });
  if ('killAfterMs' in kill) {
    await new Promise((resolve) => setTimeout(resolve, kill.killAfterMs));
    proc.kill('SIGKILL');
  }
  const { signal } = await exited;
  if (signal !== 'SIGKILL') throw new Error(`the backup child was not killed (${signal}): ${err}`);
  return { finished: out.includes('done\n') };
}

/** What a folder tree holds that SQLite's shared memory would have left: `*-shm` files. */
export function sharedMemoryFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('-shm'));
}

export interface AfterKill {
  /** Folders in backups/ that are not backups, right after the kill. */
  readonly leftovers: readonly LeftoverBackupFolder[];
  readonly newest: BackupInfo | undefined;
  /** The live vault after the kill. */
  readonly quickCheck: string;
  readonly fillerRows: number;
  /** The newest backup, restored into a new folder and proven (null: there was none). */
  readonly restored: { readonly integrity: string; readonly fillerRows: number } | null;
  /** The automatic backup of the next unlock (a minute after the killed one's time). */
  readonly autoBackup: BackupInfo | null;
  readonly leftoversAfterAutoBackup: readonly LeftoverBackupFolder[];
  readonly sharedMemory: readonly string[];
}

/** What the next session sees after a kill: the listing, a restore of the newest, the next automatic backup. */
export async function afterKill(dataDir: string, restoreInto: string, nextUnlockAt: Date): Promise<AfterKill> {
  const leftovers = leftoverBackupFolders(dataDir);
  const newest = listBackups(dataDir)[0];
  let restored: AfterKill['restored'] = null;
  if (newest) {
    let keyCopy = Buffer.alloc(0);
    const check = await restoreBackup(newest.dir, restoreInto, async (dir) => {
      const header = await readHeader(dir, new MemoryLogger());
      const slot = header.slots.find((s) => s.kind === 'account' && s.usernameTag === usernameTag(header.vaultId, USER));
      const key = slot?.kind === 'account' ? await openAccountSlot(header, slot.accountId, PASSWORD) : null;
      if (!key) throw new Error('the backup header does not open with the password');
      keyCopy = Buffer.from(key);
      return key;
    });
    restored = { integrity: check.integrity, fillerRows: fillerRowsIn(path.join(restoreInto, DATABASE_FILE), keyCopy) };
  }
  const clock = new ManualClock(nextUnlockAt);
  const logger = new MemoryLogger();
  const vault = await unlockVault(dataDir, USER, PASSWORD, { clock, logger, kdf: FLOOR_KDF });
  try {
    const quickCheck = String(vault.db.pragma('quick_check', { simple: true }));
    const fillerRows = (vault.db.prepare("SELECT count(*) AS n FROM vault_meta WHERE key LIKE 'filler-%'").get() as { n: number }).n;
    const made = autoBackup(vault, dataDir, clock, logger, 'unlock');
    return { leftovers, newest, quickCheck, fillerRows, restored, autoBackup: made, leftoversAfterAutoBackup: leftoverBackupFolders(dataDir), sharedMemory: sharedMemoryFiles(dataDir) };
  } finally {
    vault.close();
    await fs.rm(restoreInto, { recursive: true, force: true });
  }
}

function fillerRowsIn(file: string, key: Buffer): number {
  const db = openVault(file, key);
  try {
    return (db.prepare("SELECT count(*) AS n FROM vault_meta WHERE key LIKE 'filler-%'").get() as { n: number }).n;
  } finally {
    db.close();
    key.fill(0);
  }
}
