import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../cli/doctor';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { addAccount, changePassword } from './accounts';
import { createBackup, listBackups, restoreBackup } from './backups';
import { openVault } from './db/open-vault';
import { HEADER_FILE } from './keys/header-store';
import { parseHeader } from './keys/header';
import { REKEY_TEMP_FILE, type RotationStep, confirmRecoveryKey, pendingRecoveryKey } from './rotation';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { type UnlockedVault, VaultError, createVault, unlockVault, unlockWithRecoveryKey } from './vault';
import { databaseKeyOf } from './key-material';

const tempDir = useTempDirs();
const ADMIN = { username: 'admin', password: 'korrekt häst batteri häftklammer' };
const PIA = { username: 'psykolog', password: 'ekorre sjösten gruvlampa kanelbulle' };
const START = '2026-11-23T08:00:00Z';
const MARKERS = 300;

let child = '';
beforeAll(async () => {
  // The child is our real rotation code, bundled for a plain Node process; it lives under
  // node_modules/.cache so that its imports of native modules resolve.
  child = path.resolve('node_modules/.cache/teamvalv-tests', `rotation-child-${process.pid}.mjs`);
  await build({ entryPoints: ['main/vault/test-support/rotation-child.ts'], outfile: child, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
});
afterAll(async () => {
  await fs.rm(child, { force: true });
});

/** A vault with two accounts, committed marker rows and two backups under the current key. */
async function vaultWithBackups() {
  const dataDir = await tempDir();
  const clock = new ManualClock(START);
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  const { recoveryKey } = await createVault(dataDir, { orgName: 'Ungdomstorget', orgNumber: '212000-2627', admin: { ...ADMIN, displayName: 'Ada Admin' } }, deps);
  const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
  const orgId = (admin.db.prepare('SELECT id FROM organisations').get() as { id: string }).id;
  const { accountId, oneTimePassword } = await addAccount(admin, dataDir, deps.logger, { username: PIA.username, displayName: 'Pia', organisationId: orgId, roles: ['psychologist'] });
  const insert = admin.db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)');
  admin.db.transaction(() => {
    for (let i = 0; i < MARKERS; i++) insert.run(`marker-${i}`, `MARKER-${i}-${'x'.repeat(200)}`);
  })();
  createBackup(admin, dataDir, clock, 'manual');
  clock.advance(60_000);
  createBackup(admin, dataDir, clock, 'manual');
  clock.advance(60_000);
  // The older backup as an earlier Teamvalv left it after a rotation: in WAL mode.
  const legacy = openVault(path.join(listBackups(dataDir)[1]?.dir ?? '', 'vault.db'), databaseKeyOf(admin));
  expect(legacy.pragma('journal_mode', { simple: true })).toBe('wal');
  legacy.close();
  admin.close();
  const pia = await unlockVault(dataDir, PIA.username, oneTimePassword, deps);
  await changePassword(pia, dataDir, deps.logger, oneTimePassword, PIA.password);
  pia.close();
  return { dataDir, deps, recoveryKey, piaId: accountId };
}

/** Runs the rotation in a child process and kills it with SIGKILL at `stopAt` (or lets it finish). */
async function rotateInChild(dataDir: string, stopAt: RotationStep | 'none', removeAccountId = '-'): Promise<{ stopped: boolean; recoveryKey: string | null }> {
  const proc = spawn(process.execPath, [child, dataDir, ADMIN.username, ADMIN.password, stopAt, removeAccountId, START], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const stopped = await new Promise<boolean>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('stopped:')) resolve(true);
    });
    proc.once('exit', (code) => (code === 0 && out.includes('finished') ? resolve(false) : reject(new Error(`rotation child exited (${code}): ${err}`))));
  });
  if (stopped) {
    proc.kill('SIGKILL');
    await new Promise((resolve) => proc.once('exit', resolve));
  }
  return { stopped, recoveryKey: /recovery:(\S+)/.exec(out)?.[1] ?? null };
}

function markerCount(vault: UnlockedVault): number {
  return (vault.db.prepare("SELECT count(*) AS n FROM vault_meta WHERE key LIKE 'marker-%'").get() as { n: number }).n;
}

/** After any crash: every account and the last shown recovery key open, nothing lost, every backup restores. */
async function expectWhole(dataDir: string, deps: { clock: ManualClock; logger: MemoryLogger }, lastShownRecoveryKey: string, accounts = [ADMIN, PIA]) {
  for (const account of accounts) {
    const vault = await unlockVault(dataDir, account.username, account.password, deps);
    expect(vault.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(markerCount(vault)).toBe(MARKERS);
    // One rotation, audited once — or none (undone) — however often it was resumed.
    expect((vault.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'vault.key-rotated'").get() as { n: number }).n).toBeLessThanOrEqual(1);
    vault.close();
  }
  const byRecovery = await unlockWithRecoveryKey(dataDir, lastShownRecoveryKey, deps);
  expect(markerCount(byRecovery)).toBe(MARKERS);
  byRecovery.close();
  for (const backup of listBackups(dataDir)) {
    expect(existsSync(path.join(backup.dir, REKEY_TEMP_FILE))).toBe(false);
    const target = path.join(await tempDir(), 'restored');
    const check = await restoreBackup(backup.dir, target, async (dir) => {
      const vault = await unlockVault(dir, ADMIN.username, ADMIN.password, deps);
      const key = Buffer.from(databaseKeyOf(vault));
      vault.close();
      return key;
    });
    expect(check.integrity).toBe('ok');
    expect(check.tables.vault_meta).toBeGreaterThanOrEqual(MARKERS);
  }
  expect(existsSync(path.join(dataDir, 'vault.db-shm'))).toBe(false);
}

describe('key rotation cut by kill -9 at each step', () => {
  const steps: (RotationStep | 'backup-temp' | 'backup-db' | 'backup-done')[] = [
    'header-prepared',
    'recovery-key-shown',
    'start-audited',
    'rekey-committed',
    'rekeyed',
    'header-committed',
    'backup-temp',
    'backup-db',
    'backup-done',
    'backups-done',
    'audited',
    'done',
  ];
  it.each(steps)('killed after %s: every account and the last shown recovery key open the whole vault; backups restore', async (step) => {
    const { dataDir, deps, recoveryKey: oldRecovery } = await vaultWithBackups();
    // The per-backup steps stop at the second (older) backup, after the first was re-encrypted.
    const olderBackup = listBackups(dataDir)[1]?.name ?? '';
    const stopAt = (step.startsWith('backup-') && step !== 'backups-done' ? `${step}:${olderBackup}` : step) as RotationStep;
    const { stopped, recoveryKey: shown } = await rotateInChild(dataDir, stopAt);
    expect(stopped).toBe(true);

    const first = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
    const notices = first.notices.map((n) => n.kind);
    const header = parseHeader(await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8'));
    if (step === 'header-prepared') {
      // The new recovery key was never shown: the rotation is undone and the old key stays in force.
      expect(shown).toBeNull();
      expect(notices).toEqual(['rotation-rolled-back']);
      expect(header?.rotation).toBeUndefined();
    } else {
      expect(notices).toEqual(step === 'done' ? [] : ['rotation-completed']);
      expect(header?.rotation?.state).toBe('done');
      expect(first.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'vault.key-rotated'").get()).toEqual({ n: 1 });
      // Killed between recording "shown" and printing, the key was printed nowhere: it waits for the admins.
      if (step === 'recovery-key-shown') expect(shown).toBeNull();
      else expect(shown).not.toBeNull();
    }
    // The new recovery key waits, readable by whoever opens the new key, until an admin confirms it.
    const waiting = header?.rotation ? pendingRecoveryKey(header, databaseKeyOf(first)) : null;
    if (shown) expect(waiting).toBe(shown);
    first.close();
    await expectWhole(dataDir, deps, shown ?? waiting ?? oldRecovery);
    if (shown) await expect(unlockWithRecoveryKey(dataDir, oldRecovery, deps)).rejects.toBeInstanceOf(VaultError);
  });

  // One test per step (each starts a child process and unlocks several times: one step's work per test ceiling).
  it.each(['header-prepared', 'start-audited', 'rekeyed', 'audited'] as const)('removing an account, killed after %s, never lets the removed account back in', async (stopAt) => {
    const { dataDir, deps, recoveryKey: oldRecovery, piaId } = await vaultWithBackups();
    const { recoveryKey: shown } = await rotateInChild(dataDir, stopAt, piaId);
    await expectWhole(dataDir, deps, shown ?? oldRecovery, [ADMIN]);
    await expect(unlockVault(dataDir, PIA.username, PIA.password, deps)).rejects.toMatchObject({ code: 'bad_credentials' });
    const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
    expect(admin.db.prepare('SELECT removed_at IS NOT NULL AS removed FROM accounts WHERE id = ?').get(piaId)).toEqual({ removed: 1 });
    admin.close();
  });

  it('an interrupted rotation is finished by the new recovery key alone, which was shown before the database was re-encrypted', async () => {
    const { dataDir, deps } = await vaultWithBackups();
    const { recoveryKey: shown } = await rotateInChild(dataDir, 'start-audited');
    expect(shown).not.toBeNull();
    const vault = await unlockWithRecoveryKey(dataDir, shown as string, deps);
    expect(vault.notices.map((n) => n.kind)).toEqual(['rotation-completed']);
    vault.close();
    await expectWhole(dataDir, deps, shown as string);
  });

  it('a damaged backup is deleted (and audited) rather than kept under the old key; the rotation finishes', async () => {
    const { dataDir, deps } = await vaultWithBackups();
    const damaged = listBackups(dataDir)[1];
    if (!damaged) throw new Error('no backup');
    const file = path.join(damaged.dir, 'vault.db');
    const bytes = await fs.readFile(file);
    bytes[4096 * 20 + 700] = (bytes[4096 * 20 + 700] ?? 0) ^ 0xff;
    await fs.writeFile(file, bytes);
    const { stopped } = await rotateInChild(dataDir, 'none');
    expect(stopped).toBe(false);
    expect(listBackups(dataDir).map((b) => b.name)).not.toContain(damaged.name);
    const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
    expect(admin.db.prepare("SELECT detail FROM audit_log WHERE action = 'backup.deleted'").all()).toEqual([{ detail: JSON.stringify({ name: damaged.name, why: 'damaged' }) }]);
    admin.close();
  });

  it('a rotation that cannot be finished at unlock (a damaged page in the vault) never keeps anyone out: the vault opens and says why', async () => {
    const { dataDir, deps } = await vaultWithBackups();
    // Killed after the new key was shown and the start audited, before the re-encryption.
    const { recoveryKey: shown } = await rotateInChild(dataDir, 'start-audited');
    expect(shown).not.toBeNull();
    const file = path.join(dataDir, 'vault.db');
    const bytes = await fs.readFile(file);
    const page = Math.floor(bytes.length / 4096 / 2);
    bytes[page * 4096 + 900] = (bytes[page * 4096 + 900] ?? 0) ^ 0xff;
    await fs.writeFile(file, bytes);
    for (let attempt = 0; attempt < 2; attempt++) {
      const vault = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
      expect(vault.notices).toEqual([{ kind: 'rotation-unfinished', startedAt: START.replace('Z', '.000Z'), problem: 'corrupt' }]);
      // Still the old key, whole where it is readable, and still writable.
      vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES (?, 'after')").run(`after-${attempt}`);
      vault.close();
    }
    expect(parseHeader(await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8'))?.rotation?.state).toBe('prepared');
  });

  it('the old recovery key, after the database was re-encrypted, is told to use a password or the new key — not to restore a backup', async () => {
    const { dataDir, deps, recoveryKey: oldRecovery } = await vaultWithBackups();
    await rotateInChild(dataDir, 'rekeyed');
    await expect(unlockWithRecoveryKey(dataDir, oldRecovery, deps)).rejects.toMatchObject({ code: 'bad_credentials', message: expect.stringContaining('new recovery key') });
  });

  it('doctor tells an interrupted rotation apart from a finished one (without a login)', async () => {
    const { dataDir, deps } = await vaultWithBackups();
    await rotateInChild(dataDir, `backup-temp:${listBackups(dataDir)[0]?.name ?? ''}`);
    const during = await checkFiles(dataDir, deps.logger);
    expect(during.find((f) => f.check === 'key rotation')).toMatchObject({ ok: false, detail: expect.stringContaining('the next unlock (app or command) finishes it') });
    expect(during.find((f) => f.check === 'backup re-encryption')).toMatchObject({ ok: false });
    (await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps)).close();
    const after = await checkFiles(dataDir, deps.logger);
    expect(after.find((f) => f.check === 'key rotation')).toMatchObject({ ok: true, detail: expect.stringContaining('has still to confirm') });
    expect(after.find((f) => f.check === 'backup re-encryption')).toBeUndefined();
  });

  it('an admin confirms the new recovery key: the header forgets it, and the confirmation is audited', async () => {
    const { dataDir, deps } = await vaultWithBackups();
    const { recoveryKey: shown } = await rotateInChild(dataDir, 'none');
    const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
    const before = parseHeader(await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8'));
    expect(pendingRecoveryKey(before as NonNullable<typeof before>, databaseKeyOf(admin))).toBe(shown);
    expect(await confirmRecoveryKey(admin, dataDir, deps.logger)).toBe(true);
    const after = parseHeader(await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8'));
    expect(after?.rotation).toBeUndefined();
    expect(admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'vault.recovery-key-confirmed'").get()).toEqual({ n: 1 });
    admin.close();
    // No backup's header copy carries the rotation's secrets.
    for (const backup of listBackups(dataDir)) expect(parseHeader(await fs.readFile(path.join(backup.dir, HEADER_FILE), 'utf8'))?.rotation).toBeUndefined();
  });
});
