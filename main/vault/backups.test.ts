import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles } from '../cli/doctor';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { openWithKey } from '../test-support/decrypted-copy';
import {
  BACKUP_DIR,
  type BackupInfo,
  BackupCheckError,
  NotABackupError,
  autoBackup,
  backupsToKeep,
  createBackup,
  leftoverBackupFolders,
  listBackups,
  pruneAutoBackups,
  restoreBackup,
} from './backups';
import { DATABASE_FILE } from './db/open-vault';
import { openAccountSlot, usernameTag } from './keys/header';
import { readHeader } from './keys/header-store';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { sharedMemoryFiles } from './test-support/backup-kill';
import { createVault, unlockVault } from './vault';
import { VaultManager } from './vault-manager';
import { SteppedHousekeeping } from './test-support/housekeeping';

const tempDir = useTempDirs();
const PASSWORD = 'korrekt häst batteri häftklammer';

async function openVaultWithData() {
  const dataDir = await tempDir();
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: PASSWORD } }, deps);
  const vault = await unlockVault(dataDir, 'admin', PASSWORD, deps);
  vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('note', 'MARKER-in-backup')").run();
  return { dataDir, clock, deps, vault };
}

async function keyOf(dataDir: string): Promise<Buffer> {
  const header = await readHeader(dataDir, new MemoryLogger());
  const slot = header.slots.find((s) => s.kind === 'account' && s.usernameTag === usernameTag(header.vaultId, 'admin'));
  const key = slot?.kind === 'account' ? await openAccountSlot(header, slot.accountId, PASSWORD) : null;
  if (!key) throw new Error('no key');
  return key;
}

describe('backups', () => {
  it('are encrypted copies that restore into a new folder, verified by unlock, integrity_check and a full read', async () => {
    const { dataDir, clock, vault } = await openVaultWithData();
    vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('retention_last_run', '{}')").run();
    const backup = createBackup(vault, dataDir, clock, 'manual');
    vault.close();
    expect((await fs.readFile(path.join(backup.dir, DATABASE_FILE))).includes('MARKER-in-backup')).toBe(false);
    const target = path.join(await tempDir(), 'restored');
    const openKey = async (dir: string) => {
      const header = await readHeader(dir, new MemoryLogger());
      const slot = header.slots.find((s) => s.kind === 'account' && s.usernameTag === usernameTag(header.vaultId, 'admin'));
      const key = slot?.kind === 'account' ? await openAccountSlot(header, slot.accountId, PASSWORD) : null;
      if (!key) throw new Error('no key');
      return key;
    };
    const check = await restoreBackup(backup.dir, target, openKey);
    expect(check.integrity).toBe('ok');
    expect(check.tables).toMatchObject({ vault_meta: 3, organisations: 1, accounts: 1 });
    // The restored vault has no record of a purge run: with the schedule on, its first unlock purges what became due since.
    const restored = openWithKey(path.join(target, DATABASE_FILE), await openKey(target));
    expect(restored.prepare("SELECT key FROM vault_meta WHERE key LIKE 'retention_%'").all()).toEqual([]);
    restored.close();
    await expect(restoreBackup(backup.dir, target, async () => Buffer.alloc(32))).rejects.toThrow(/new or empty/);
  });

  it('are written under a temporary name and renamed only when whole: two owner-only files, nothing beside them, then the audit row', async () => {
    const { dataDir, clock, vault } = await openVaultWithData();
    const steps: string[] = [];
    const backup = createBackup(vault, dataDir, clock, 'manual', {
      onStep: (step) => {
        const names = readdirSync(path.join(dataDir, BACKUP_DIR));
        steps.push(`${step}:${names.map((n) => (n.startsWith('.tmp-backup-') ? 'tmp' : n)).join(',')}`);
      },
    });
    expect(steps).toEqual(['folder-made:tmp', 'database-written:tmp', 'header-written:tmp', 'synced:tmp', 'verified:tmp', `renamed:${backup.name}`]);
    expect(readdirSync(backup.dir).sort()).toEqual(['vault.db', 'vault.keys']);
    for (const file of readdirSync(backup.dir)) expect(statSync(path.join(backup.dir, file)).mode & 0o777).toBe(0o600);
    // `through`: the audit head the backup holds (the row before its own).
    const [created] = vault.db.prepare("SELECT seq, detail FROM audit_log WHERE action = 'backup.created'").all() as { seq: number; detail: string }[];
    expect(created?.detail).toBe(JSON.stringify({ name: backup.name, reason: 'manual', through: (created?.seq ?? 0) - 1 }));
    vault.close();
  });

  it('that do not check are removed, not listed and not audited (BackupCheckError)', async () => {
    const { dataDir, clock, vault } = await openVaultWithData();
    const tempOf = () => readdirSync(path.join(dataDir, BACKUP_DIR)).find((n) => n.startsWith('.tmp-backup-')) ?? '';
    const damage = (step: string) => {
      if (step !== 'synced') return;
      const file = path.join(dataDir, BACKUP_DIR, tempOf(), DATABASE_FILE);
      const bytes = readFileSync(file);
      bytes.fill(0x5a, 4096 + 100, 4096 + 200); // inside the second page: its HMAC no longer matches
      writeFileSync(file, bytes);
    };
    expect(() => createBackup(vault, dataDir, clock, 'manual', { onStep: damage })).toThrow(BackupCheckError);
    // A journal beside the copy means it was not finished: refused as well.
    const journal = (step: string) => step === 'synced' && writeFileSync(path.join(dataDir, BACKUP_DIR, tempOf(), `${DATABASE_FILE}-journal`), '');
    expect(() => createBackup(vault, dataDir, clock, 'manual', { onStep: journal })).toThrow(/other files/);
    expect(readdirSync(path.join(dataDir, BACKUP_DIR))).toEqual([]);
    expect(listBackups(dataDir)).toEqual([]);
    expect(vault.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'backup.created'").get()).toEqual({ n: 0 });
    vault.close();
  });

  it('left half-written (a temporary folder, or a backup folder without its header) are not backups: not the newest, refused by restore, reported by doctor, removed by the next backup', async () => {
    const { dataDir, clock, deps, vault } = await openVaultWithData();
    const whole = createBackup(vault, dataDir, clock, 'manual');
    clock.advance(25 * 3600_000);
    const root = path.join(dataDir, BACKUP_DIR);
    // What a kill during the old, non-atomic backup left (vault.db and its journal, no header), and a cut-off temporary folder.
    const half = path.join(root, `backup-${clock.now().toISOString().replace(/[-:.]/g, '')}`);
    mkdirSync(half);
    await fs.copyFile(path.join(whole.dir, DATABASE_FILE), path.join(half, DATABASE_FILE));
    writeFileSync(path.join(half, `${DATABASE_FILE}-journal`), 'x');
    const temp = path.join(root, '.tmp-backup-20261124T090000000Z-0a1b2c3d');
    await fs.cp(whole.dir, temp, { recursive: true });
    expect(listBackups(dataDir).map((b) => b.name)).toEqual([whole.name]);
    expect(leftoverBackupFolders(dataDir).map((l) => `${l.name}: ${l.problem}`)).toEqual([
      '.tmp-backup-20261124T090000000Z-0a1b2c3d: temporary folder of a backup that was not finished',
      `${path.basename(half)}: vault.keys missing`,
    ]);
    const doctor = await checkFiles(dataDir, deps.logger);
    expect(doctor.find((f) => f.check === 'backup folders')).toMatchObject({ ok: false, detail: expect.stringContaining(path.basename(half)) });
    expect(doctor.find((f) => f.check === 'backup folders')?.detail).toContain('.tmp-backup-20261124T090000000Z-0a1b2c3d');
    const target = path.join(await tempDir(), 'restored');
    const noKey = async () => Buffer.alloc(32);
    await expect(restoreBackup(temp, target, noKey)).rejects.toThrow(NotABackupError);
    await expect(restoreBackup(temp, target, noKey)).rejects.toThrow(/temporary folder/);
    await expect(restoreBackup(half, target, noKey)).rejects.toThrow(/not a backup \(vault\.keys missing\)/);
    await expect(fs.stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    // The newest whole backup is a day old, so the next automatic backup is made — and clears the leftovers.
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'unlock')).not.toBeNull();
    expect(leftoverBackupFolders(dataDir)).toEqual([]);
    expect(listBackups(dataDir)).toHaveLength(2);
    expect((await checkFiles(dataDir, deps.logger)).find((f) => f.check === 'backup folders')).toEqual({ check: 'backup folders', ok: true, detail: '2 backups' });
    vault.close();
  });

  it('are made automatically once per day, and at lock whenever something was committed since the last', async () => {
    const { dataDir, clock, deps, vault } = await openVaultWithData();
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'unlock')).not.toBeNull();
    clock.advance(3600_000);
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'unlock')).toBeNull();
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'lock')).toBeNull();
    vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('work', '1')").run();
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'unlock')).toBeNull();
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'lock')).not.toBeNull();
    clock.advance(22 * 3600_000);
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'lock')).toBeNull();
    clock.advance(2 * 3600_000);
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'unlock')).not.toBeNull();
    expect(listBackups(dataDir)).toHaveLength(3);
    vault.close();
  });
});

describe('backups through the vault manager', () => {
  it('follow the work: a lock backs up when this session, or one before it that never backed up, committed anything; no -shm file at any point', async () => {
    const dataDir = await tempDir();
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
    const stepped = new SteppedHousekeeping();
    const manager = new VaultManager({ dataDir, ...deps, witnessDir: await tempDir(), housekeeping: { defer: stepped.defer } });
    const names = () => listBackups(dataDir).map((b) => b.name);
    const noSharedMemory = () => expect(sharedMemoryFiles(dataDir)).toEqual([]);
    // Setup unlocks, and the unlock's housekeeping makes the first backup (there is none yet), in its thread.
    await manager.setup({ orgName: 'Team', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: PASSWORD } });
    expect(names()).toHaveLength(0);
    await stepped.run(manager);
    noSharedMemory();
    expect(names()).toHaveLength(1);
    clock.advance(60_000);
    manager.lock('user'); // nothing committed since
    expect(names()).toHaveLength(1);
    clock.advance(60_000);
    await manager.unlock('admin', PASSWORD);
    noSharedMemory();
    manager.vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('work-1', '1')").run();
    noSharedMemory();
    clock.advance(60_000);
    manager.lock('idle');
    noSharedMemory();
    expect(names()).toHaveLength(2);
    const [newest] = listBackups(dataDir);
    expect(newest?.createdAt).toEqual(clock.now());
    // The lock backup holds the work and comes before the lock's own audit row.
    const copy = openWithKey(path.join(newest?.dir ?? '', DATABASE_FILE), await keyOf(dataDir));
    expect(copy.prepare("SELECT value FROM vault_meta WHERE key = 'work-1'").get()).toEqual({ value: '1' });
    copy.close();
    // Work committed outside the app (the command line) after the last backup: the next app lock backs up, even with nothing new.
    clock.advance(60_000);
    const cli = await unlockVault(dataDir, 'admin', PASSWORD, deps);
    const actions = (cli.db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((r) => r.action);
    expect(actions.slice(-4)).toEqual(['vault.unlocked', 'backup.created', 'vault.locked', 'vault.unlocked']);
    cli.audit('account.added', {});
    cli.close();
    clock.advance(60_000);
    await manager.unlock('admin', PASSWORD);
    clock.advance(60_000);
    manager.lock('user');
    expect(names()).toHaveLength(3);
    // Caught up: quiet sessions make none again. (A session killed before its lock backup is caught up the same way.)
    clock.advance(60_000);
    await manager.unlock('admin', PASSWORD);
    clock.advance(60_000);
    manager.lock('user');
    expect(names()).toHaveLength(3);
    noSharedMemory();
    expect(readdirSync(dataDir).filter((n) => n.startsWith('vault.db'))).toEqual(['vault.db']);
  });
});

describe('backupsToKeep', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const DAY = 86_400_000;
  const kept = (backups: readonly BackupInfo[], maxAgeDays?: number): number[] =>
    [...backupsToKeep(backups, now, maxAgeDays)].map((name) => Number(name.slice(1))).sort((a, b) => a - b);

  it('prunes nothing while the stored retention rules cannot be read (the defaults are not the admin’s bound)', async () => {
    const { dataDir, clock, vault } = await openVaultWithData();
    // Fifteen daily backups: a readable rule set prunes the ladder down; damaged rules keep them all.
    for (let day = 0; day < 15; day++) {
      createBackup(vault, dataDir, clock, 'manual');
      clock.advance(24 * 3600_000);
    }
    vault.db.prepare("INSERT OR REPLACE INTO vault_meta (key, value) VALUES ('retention_rules', 'not json')").run();
    const logger = new MemoryLogger();
    expect(pruneAutoBackups(vault, dataDir, clock, logger)).toBe(0);
    expect(listBackups(dataDir)).toHaveLength(15);
    expect(logger.lines.map((line) => line.message)).toContain('retention rules unreadable: backups not pruned');
    vault.db.prepare("DELETE FROM vault_meta WHERE key = 'retention_rules'").run();
    expect(pruneAutoBackups(vault, dataDir, clock, logger)).toBeGreaterThan(0);
    expect(listBackups(dataDir).length).toBeLessThan(15);
    vault.close();
  });

  it('keeps the 7 newest, the newest of each of 8 weeks and of each month for a year, from a backup a day', () => {
    // b<i>: made i days before now, for 400 days.
    const daily: BackupInfo[] = Array.from({ length: 400 }, (_, i) => ({ name: `b${i}`, dir: `/x/b${i}`, createdAt: new Date(now.getTime() - i * DAY) }));
    const newest = [0, 1, 2, 3, 4, 5, 6];
    const weeks = [7, 14, 21, 28, 35, 42, 49]; // week 0 is b0
    // The last of each month: 31 Oct 2026 (b23), 30 Sep, 31 Aug, 31 Jul, 30 Jun, 31 May, 30 Apr, 31 Mar, 28 Feb, 31 Jan, 31 Dec 2025, 30 Nov 2025 (b358); November 2026's is b0.
    const months = [23, 54, 84, 115, 146, 176, 207, 237, 268, 296, 327, 358];
    expect(kept(daily)).toEqual([...newest, ...weeks, ...months].sort((a, b) => a - b));
    // The shortest retention rule bounds them all: nothing older than 30 days.
    expect(kept(daily, 30)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 14, 21, 23, 28]);
  });

  it('keeps the exact ladder of an irregular history', () => {
    const at = (iso: string, i: number): BackupInfo => ({ name: `b${i}`, dir: `/x/b${i}`, createdAt: new Date(iso) });
    const history = [
      '2026-11-23T09:00:00Z', // 0: today, twice
      '2026-11-23T08:00:00Z', // 1
      '2026-11-22T12:00:00Z', // 2
      '2026-11-20T12:00:00Z', // 3
      '2026-11-10T12:00:00Z', // 4: 13 days old, week 1
      '2026-11-09T12:00:00Z', // 5: week 2
      '2026-11-01T12:00:00Z', // 6: week 3, the seventh newest
      '2026-10-31T12:00:00Z', // 7: week 3 too, but October's newest
      '2026-10-02T12:00:00Z', // 8: week 7, the last week kept
      '2026-09-15T12:00:00Z', // 9: September's newest
      '2026-09-14T12:00:00Z', // 10: neither — goes
      '2026-09-01T12:00:00Z', // 11: neither — goes
      '2026-06-01T12:00:00Z', // 12: June's only
      '2025-12-01T12:00:00Z', // 13: December 2025's
      '2025-11-30T12:00:00Z', // 14: November 2025's, 358 days old
      '2025-11-20T12:00:00Z', // 15: 368 days old — past any year: goes
    ].map(at);
    expect(kept(history)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14]);
    expect(kept(history, 60)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(kept(history.slice(10))).toEqual([10, 11, 12, 13, 14]); // seven newest of what is left, and nothing past a year
  });
});
