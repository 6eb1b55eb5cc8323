import Witness from '@signalapp/sqlcipher';
import Database from 'better-sqlite3-multiple-ciphers';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { purgePreview, runPurge } from '../main/retention/purge';
import { unlockVault } from '../main/vault/vault';
import { makeTempDir } from './support/host';
import { readCaps, writeCaps } from '../main/capabilities/caps';

const CLI = path.resolve('out/main/cli.mjs');
const PASSWORD = 'ett långt lösenord för provet';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Runs `teamvalv <args>` as the product runs it, with the password on stdin and its own TMPDIR. */
function cli(args: string[], stdin: string, tmp: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, TMPDIR: tmp, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('teamvalv init / export-key / verify-audit', () => {
  it('makes a standard SQLCipher 4 vault: the official build reads it, plain SQLite cannot, the marker is only in a decrypted copy', async () => {
    const dataDir = await makeTempDir('vault');
    const tmp = await makeTempDir('tmp');
    dirs.push(dataDir, tmp);
    const marker = 'MARKER-7f3a-Ungdomsteamet';
    const init = await cli(['init', '--data-dir', dataDir, '--org-name', marker, '--org-number', '222000-1834', '--admin-user', 'admin', '--password-stdin', '--json'], `${PASSWORD}\n`, tmp);
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout).recoveryKey).toMatch(/^([A-Z0-9]{4}-){12}[A-Z0-9]{4}$/);

    const exported = await cli(['export-key', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json'], PASSWORD, tmp);
    expect(exported.code, exported.stderr).toBe(0);
    const key = JSON.parse(exported.stdout).key as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const vaultFile = path.join(dataDir, 'vault.db');

    // The official SQLCipher 4 build (Signal's, test-only) opens it with the raw key.
    const witness = new Witness(vaultFile);
    witness.pragma(`key = "x'${key}'"`);
    expect(witness.prepare('SELECT name FROM organisations').all()).toEqual([{ name: marker }]);
    expect((witness.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((r) => r.action)).toEqual([
      'vault.created',
      'vault.unlocked',
      'key.exported',
    ]);
    witness.close();

    // Plain SQLite cannot.
    expect(() => new DatabaseSync(vaultFile, { readOnly: true }).prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/);

    // Control: a decrypted copy holds the marker…
    const copy = path.join(tmp, 'decrypted-copy.db');
    await fs.copyFile(vaultFile, copy);
    const decrypt = new Database(copy);
    decrypt.pragma("cipher = 'sqlcipher'");
    decrypt.pragma('legacy = 4');
    decrypt.key(Buffer.from(`x'${key}'`));
    decrypt.pragma("rekey = ''");
    decrypt.close();
    expect((await fs.readFile(copy)).includes(marker)).toBe(true);
    await fs.rm(copy);
    // …while the vault, its WAL, its backups and everything in the temp folder do not.
    expect((await cli(['backup', '--data-dir', dataDir, '--user', 'admin', '--password-stdin'], PASSWORD, tmp)).code).toBe(0);
    expect((await filesUnder(dataDir)).some((file) => file.includes(`${path.sep}backups${path.sep}`))).toBe(true);
    for (const file of [...(await filesUnder(dataDir)), ...(await filesUnder(tmp))]) {
      expect((await fs.readFile(file)).includes(marker), file).toBe(false);
    }
  });

  it('verify-audit passes an intact chain and names the first edited row', async () => {
    const dataDir = await makeTempDir('audit');
    const tmp = await makeTempDir('tmp');
    dirs.push(dataDir, tmp);
    await cli(['init', '--data-dir', dataDir, '--org-name', 'Team Haninge', '--org-number', '212000-2627', '--admin-user', 'admin', '--password-stdin'], PASSWORD, tmp);
    const ok = await cli(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json'], PASSWORD, tmp);
    expect(ok.code, ok.stderr).toBe(0);
    const head = JSON.parse(ok.stdout).head as { seq: number; hash: string };
    const witnessed = `${head.seq}:${head.hash}`;

    const key = JSON.parse((await cli(['export-key', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json'], PASSWORD, tmp)).stdout).key as string;
    const db = new Database(path.join(dataDir, 'vault.db'));
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.key(Buffer.from(`x'${key}'`));
    db.prepare("UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 2").run();
    db.close();

    const broken = await cli(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json', '--expect-head', witnessed], PASSWORD, tmp);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stderr.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('verify-audit after a purge of old log rows: the kept chain verifies; a purged head counts as purged only with the time it was witnessed, before the newest purged row', async () => {
    const dataDir = await makeTempDir('audit-purge');
    const tmp = await makeTempDir('tmp');
    dirs.push(dataDir, tmp);
    await cli(['init', '--data-dir', dataDir, '--org-name', 'Team Haninge', '--org-number', '212000-2627', '--admin-user', 'admin', '--password-stdin'], PASSWORD, tmp);
    const witnessedAt = new Date().toISOString();
    const first = JSON.parse((await cli(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json'], PASSWORD, tmp)).stdout).head as { seq: number; hash: string };
    // Six years on (the vault's clock, in this process): every row from today is past the five-year rule.
    const purgeAt = new Date(Date.now() + 6 * 366 * 24 * 3600_000);
    const vault = await unlockVault(dataDir, 'admin', PASSWORD, { clock: new ManualClock(purgeAt), logger: new MemoryLogger() });
    const preview = purgePreview(readCaps(vault));
    expect(preview.counts['audit-log']).toBeGreaterThanOrEqual(first.seq);
    runPurge(writeCaps(vault), { confirmed: preview.counts, digest: preview.digest });
    vault.close();
    // This PC saw those rows today, and they were purged "six years on": its witness rightly alarms
    // (the CLI checks it now). The commands below run as on a PC that has not seen the vault before.
    const onThisPc = await cli(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json'], PASSWORD, tmp);
    expect(onThisPc.code).toBe(1);
    expect(onThisPc.stderr).toContain('purged before the audit log');
    const otherPc = await makeTempDir('witness');
    dirs.push(otherPc);
    const cliOtherPc = (args: string[], stdin: string) => cli(args, stdin, tmp, { TEAMVALV_WITNESS_DIR: otherPc });

    const intact = await cliOtherPc(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json'], PASSWORD);
    expect(intact.code, intact.stderr).toBe(0);
    const withoutTime = await cliOtherPc(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json', '--expect-head', `${first.seq}:${first.hash}`], PASSWORD);
    expect(withoutTime.code).toBe(1);
    const purged = await cliOtherPc(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json', '--expect-head', `${first.seq}:${first.hash}@${witnessedAt}`], PASSWORD);
    expect(purged.code, purged.stderr).toBe(3);
    expect(JSON.parse(purged.stderr.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ ok: false, error: 'audit_head_purged' });
    // Witnessed less than five years before the purge: those rows were not due.
    const lateWitness = new Date(purgeAt.getTime() - 24 * 3600_000).toISOString();
    const tooLate = await cliOtherPc(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json', '--expect-head', `${first.seq}:${first.hash}@${lateWitness}`], PASSWORD);
    expect(tooLate.code).toBe(1);
    // A time without its zone is refused as a usage error, not guessed.
    const noZone = await cli(['verify-audit', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', '--json', '--expect-head', `${first.seq}:${first.hash}@2026-01-01`], PASSWORD, tmp);
    expect(noZone.code).toBe(2);
  });

  it('refuses a password on the command line, wrong passwords, and unknown commands', async () => {
    const dataDir = await makeTempDir('usage');
    const tmp = await makeTempDir('tmp');
    dirs.push(dataDir, tmp);
    expect((await cli(['init', '--data-dir', dataDir, '--org-name', 'X', '--org-number', '212000-2627', '--admin-user', 'a', '--password', PASSWORD], '', tmp)).code).toBe(2);
    expect((await cli(['frobnicate'], '', tmp)).code).toBe(2);
    await cli(['init', '--data-dir', dataDir, '--org-name', 'Team', '--org-number', '212000-2627', '--admin-user', 'admin', '--password-stdin'], PASSWORD, tmp);
    const wrong = await cli(['export-key', '--data-dir', dataDir, '--user', 'admin', '--password-stdin'], 'inte rätt lösenord', tmp);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Wrong username or password');
    expect(wrong.stdout).toBe('');
  });

  it('backup, doctor, rotate-key and restore work end to end', async () => {
    const dataDir = await makeTempDir('ops');
    const tmp = await makeTempDir('tmp');
    const restored = path.join(tmp, 'restored');
    dirs.push(dataDir, tmp);
    const login = ['--user', 'admin', '--password-stdin', '--json'];
    await cli(['init', '--data-dir', dataDir, '--org-name', 'Team', '--org-number', '212000-2627', '--admin-user', 'admin', '--password-stdin'], PASSWORD, tmp);
    const backup = await cli(['backup', '--data-dir', dataDir, ...login], PASSWORD, tmp);
    expect(backup.code, backup.stderr).toBe(0);
    const backupDir = JSON.parse(backup.stdout).backup as string;

    const healthy = await cli(['doctor', '--data-dir', dataDir, ...login], PASSWORD, tmp);
    expect(healthy.code, healthy.stdout).toBe(0);
    await fs.chmod(path.join(dataDir, 'vault.db'), 0o644);
    const loose = await cli(['doctor', '--data-dir', dataDir, '--json'], '', tmp);
    expect(loose.code).toBe(1);
    expect(JSON.parse(loose.stdout).findings).toContainEqual({ check: 'permissions vault.db', ok: false, detail: '0644' });
    await fs.chmod(path.join(dataDir, 'vault.db'), 0o600);
    // What a backup killed before its rename leaves: doctor names it, restore refuses it, the next backup removes it.
    const cutOff = path.join(dataDir, 'backups', '.tmp-backup-20261123T080000000Z-0a1b2c3d');
    await fs.mkdir(cutOff);
    await fs.copyFile(path.join(backupDir, 'vault.db'), path.join(cutOff, 'vault.db'));
    const leftover = await cli(['doctor', '--data-dir', dataDir, '--json'], '', tmp);
    expect(leftover.code).toBe(1);
    expect(JSON.parse(leftover.stdout).findings).toContainEqual(expect.objectContaining({ check: 'backup folders', ok: false, detail: expect.stringContaining(path.basename(cutOff)) }));
    const refused = await cli(['restore', '--backup', cutOff, '--to', restored, '--user', 'admin', '--password-stdin'], PASSWORD, tmp);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is the temporary folder of a backup that was not finished: it is not a backup');
    expect(refused.stderr).toContain('Nothing was restored');
    await expect(fs.stat(restored)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await cli(['backup', '--data-dir', dataDir, ...login], PASSWORD, tmp)).code).toBe(0);
    await expect(fs.stat(cutOff)).rejects.toMatchObject({ code: 'ENOENT' });

    const rotated = await cli(['rotate-key', '--data-dir', dataDir, ...login], PASSWORD, tmp);
    expect(rotated.code, rotated.stderr).toBe(0);
    // One JSON line when the new key is shown (before the database is re-encrypted), one when done.
    const lines = rotated.stdout.trim().split('\n').map((line) => JSON.parse(line) as { state: string; recoveryKey: string });
    expect(lines.map((line) => line.state)).toEqual(['recovery-key', 'done']);
    const newRecoveryKey = lines[0]?.recoveryKey as string;
    expect(lines[1]?.recoveryKey).toBe(newRecoveryKey);
    expect(newRecoveryKey).toMatch(/^([A-Z0-9]{4}-){12}[A-Z0-9]{4}$/);
    const recovered = await cli(['recover', '--data-dir', dataDir, '--user', 'admin', '--recovery-key-stdin', '--json'], newRecoveryKey, tmp);
    expect(recovered.code, recovered.stderr).toBe(0);
    const oneTime = JSON.parse(recovered.stdout).oneTimePassword as string;
    // The one-time password only lets its holder choose a new one (in the app), as in the app.
    const withOneTime = await cli(['backup', '--data-dir', dataDir, '--user', 'admin', '--password-stdin'], oneTime, tmp);
    expect(withOneTime.code).toBe(1);
    expect(withOneTime.stderr).toContain('one-time password');
    expect((await cli(['export-key', '--data-dir', dataDir, '--user', 'admin', '--password-stdin'], oneTime, tmp)).code).toBe(1);

    // The backup from before the rotation was re-encrypted and given the then-current header.
    const restore = await cli(['restore', '--backup', backupDir, '--to', restored, ...login], PASSWORD, tmp);
    expect(restore.code, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ integrity: 'ok', tables: { organisations: 1, accounts: 1 } });
    expect((await cli(['restore', '--backup', backupDir, '--to', restored, ...login], PASSWORD, tmp)).code).toBe(1);
  });
});
