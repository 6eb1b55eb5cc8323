import type { AuditAction } from '../../shared/audit/events';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../runtime/clock';
import { fsyncDirSync, fsyncFileSync } from '../runtime/fsync';
import type { Logger } from '../runtime/log';
import { backupMaxDays } from '../../shared/retention/model';
import { storedRetentionRules } from './retention';
import { DATABASE_FILE, databaseFileChecks, databaseFileOpensWith, editDatabaseFile, openVault } from './db/open-vault';
import { type BackupThread, startBackupThread } from './backup-thread';
import { parseHeader } from './keys/header';
import { HEADER_FILE, headerForBackup, headerText } from './keys/header-store';
import type { VaultCore } from './vault-types';
import { databaseKeyOf } from './key-material';
import { GALLRING_BACKUPS_PENDING, RETENTION_LAST_RUN, deleteSetting } from './settings';

export const BACKUP_DIR = 'backups';
/** An automatic backup is made at unlock or lock when the newest is older than this. */
export const AUTO_BACKUP_AGE_MS = 24 * 60 * 60_000;
/** A backup is written under this prefix and renamed only once it checks; the ladder never matches it. */
export const TEMPORARY_BACKUP_PREFIX = '.tmp-backup-';

export interface BackupInfo {
  readonly name: string;
  readonly dir: string;
  readonly createdAt: Date;
}

/** The new backup did not open with the vault's key, failed `quick_check`, or left other files beside it: removed. */
export class BackupCheckError extends Error {
  override name = 'BackupCheckError';
}

/** A folder that a restore refuses: a temporary or unfinished backup, or no backup at all. */
export class NotABackupError extends Error {
  override name = 'NotABackupError';
}

const NAME = /^backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/;
/** A backup holds these two files; a journal or WAL beside `vault.db` means it was cut off mid-write. */
const BACKUP_FILES = [DATABASE_FILE, HEADER_FILE].sort();
const CUT_OFF_MARKS = [`${DATABASE_FILE}-journal`, `${DATABASE_FILE}-wal`];

function backupName(at: Date): string {
  return `backup-${at.toISOString().replace(/[-:.]/g, '')}`;
}

export function isTemporaryBackupName(name: string): boolean {
  return name.startsWith(TEMPORARY_BACKUP_PREFIX);
}

/** Why a backup folder is not a backup; null when it is one. Files other than SQLite's are not looked at. */
function whatIsWrong(dir: string): string | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    return (error as { code?: string }).code === 'ENOENT' ? 'no such folder' : 'it cannot be read';
  }
  const missing = BACKUP_FILES.filter((file) => !names.includes(file));
  if (missing.length) return `${missing.join(' and ')} missing`;
  const marks = CUT_OFF_MARKS.filter((file) => names.includes(file));
  if (marks.length) return `not finished (${marks.join(', ')} beside it)`;
  return null;
}

/**
 * The finished backups, newest first. Synchronous on purpose: the lock path (which may run while
 * quitting) backs up too. Temporary folders and `backup-…` folders that are not whole (see
 * `leftoverBackupFolders`) are not backups: never listed, so never taken for the newest.
 */
export function listBackups(dataDir: string): BackupInfo[] {
  const root = path.join(dataDir, BACKUP_DIR);
  if (!existsSync(root)) return [];
  const backups: BackupInfo[] = [];
  for (const name of readdirSync(root)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const dir = path.join(root, name);
    if (whatIsWrong(dir) !== null) continue;
    const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
    backups.push({ name, dir, createdAt: new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, ms ?? 0)) });
  }
  return backups.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

export interface LeftoverBackupFolder {
  readonly name: string;
  readonly problem: string;
}

/**
 * Folders in `backups/` that are not backups: temporary folders of a backup that was cut off, and
 * `backup-…` folders without both files (or with a journal beside them, as an older Teamvalv could
 * leave). `doctor` reports them; the next backup removes them.
 */
export function leftoverBackupFolders(dataDir: string): LeftoverBackupFolder[] {
  const root = path.join(dataDir, BACKUP_DIR);
  if (!existsSync(root)) return [];
  const leftovers: LeftoverBackupFolder[] = [];
  for (const name of readdirSync(root).sort()) {
    if (isTemporaryBackupName(name)) leftovers.push({ name, problem: 'temporary folder of a backup that was not finished' });
    else if (NAME.test(name)) {
      const problem = whatIsWrong(path.join(root, name));
      if (problem) leftovers.push({ name, problem });
    }
  }
  return leftovers;
}

/**
 * The key-slot header that goes with a backup. One function on purpose: what is copied (the live
 * header as it is, today) may change without touching the protocol around it.
 */
export function writeBackupHeader(dataDir: string, dir: string): void {
  // Only the slots: a rotation's secrets (for the live vault) and queued failed unlocks stay out.
  const header = parseHeader(readFileSync(path.join(dataDir, HEADER_FILE), 'utf8'));
  if (!header) throw new BackupCheckError('The key-slot header is damaged: no backup is made without one that opens it');
  writeFileSync(path.join(dir, HEADER_FILE), headerText(headerForBackup(header)), { mode: 0o600, flag: 'wx' });
}

/** The points between the steps of `createBackup`, where a test may cut it off. */
export type BackupStep = 'folder-made' | 'database-written' | 'header-written' | 'synced' | 'verified' | 'renamed';

export interface BackupOptions {
  /** Called after each step (tests: a crash injected between the steps). */
  readonly onStep?: (step: BackupStep) => void;
}

/**
 * The folders a new backup is made in: its name from the clock, `backups/` made (0700) and
 * cleared of earlier cut-off backups, and a new temporary folder beside where it will be renamed to.
 */
function newBackupFolders(dataDir: string, clock: Clock): { at: Date; name: string; root: string; dir: string; temp: string } {
  const at = clock.now();
  const name = backupName(at);
  const root = path.join(dataDir, BACKUP_DIR);
  const dir = path.join(root, name);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  removeLeftoverBackupFolders(dataDir);
  if (existsSync(dir)) throw new Error(`There is already a backup named ${name}`);
  const temp = path.join(root, `${TEMPORARY_BACKUP_PREFIX}${name.slice('backup-'.length)}-${randomBytes(4).toString('hex')}`);
  mkdirSync(temp, { mode: 0o700 });
  return { at, name, root, dir, temp };
}

/**
 * A backup: `VACUUM INTO` a new file (encrypted with the same key — SQLite's backup API refuses
 * keyed databases in this binding, and a file copy of a live WAL database is not consistent),
 * plus the key-slot header, which is what opens it. Atomic: everything is written into a
 * temporary folder, fsynced (files and folder), checked (opens read-only with the key, passes
 * `quick_check`, nothing else beside the two files), and only then renamed to its `backup-<time>`
 * name (and `backups/` fsynced). A crash at any moment leaves either no new backup or a whole one;
 * the audit row follows the rename. A backup that does not check is removed and
 * `BackupCheckError` thrown. Leftovers of earlier cut-off backups are removed first.
 */
export function createBackup(vault: VaultCore, dataDir: string, clock: Clock, reason: 'manual' | 'unlock' | 'lock', options: BackupOptions = {}): BackupInfo {
  const step = options.onStep ?? (() => undefined);
  const { at, name, root, dir, temp } = newBackupFolders(dataDir, clock);
  let through: number;
  try {
    step('folder-made');
    const file = path.join(temp, DATABASE_FILE);
    through = auditHeadSeq(vault);
    vault.db.prepare('VACUUM INTO ?').run(file);
    step('database-written');
    writeBackupHeader(dataDir, temp);
    step('header-written');
    // VACUUM INTO does not take the vault's file mode: owner only, like every vault file.
    for (const written of BACKUP_FILES) chmodSync(path.join(temp, written), 0o600);
    fsyncFileSync(file);
    fsyncFileSync(path.join(temp, HEADER_FILE));
    fsyncDirSync(temp);
    step('synced');
    checkBackupFolder(temp, vault);
    step('verified');
    renameSync(temp, dir);
    fsyncDirSync(root);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  step('renamed');
  vault.audit('backup.created', { reason, name, through });
  vault.markBackedUp();
  return { name, dir, createdAt: at };
}

/** The newest audit row's seq (0: none): what a backup made now holds, recorded as `through` in its `backup.created` row. */
function auditHeadSeq(vault: VaultCore): number {
  return (vault.db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM audit_log').get() as { seq: number }).seq;
}

function checkBackupFolder(dir: string, vault: VaultCore): void {
  if (!databaseFileChecks(path.join(dir, DATABASE_FILE), databaseKeyOf(vault))) throw new BackupCheckError('The new backup does not open with the vault key or fails quick_check');
  const header = parseHeader(readFileSync(path.join(dir, HEADER_FILE), 'utf8'));
  if (header?.vaultId !== vault.header.vaultId) throw new BackupCheckError("The new backup's key-slot header is not this vault's");
  const names = readdirSync(dir).sort();
  if (names.join('/') !== BACKUP_FILES.join('/')) throw new BackupCheckError(`The new backup holds other files than ${BACKUP_FILES.join(' and ')}: ${names.join(', ')}`);
}

/** Removes what cut-off backups left in `backups/` (see `leftoverBackupFolders`); returns how many. */
export function removeLeftoverBackupFolders(dataDir: string): number {
  // A backup this process is making in its thread is not a leftover (yet).
  const leftovers = leftoverBackupFolders(dataDir).filter(({ name }) => !IN_FLIGHT.has(path.join(dataDir, BACKUP_DIR, name)));
  for (const { name } of leftovers) rmSync(path.join(dataDir, BACKUP_DIR, name), { recursive: true, force: true });
  return leftovers.length;
}

/**
 * Which backups to keep: the 7 newest, the newest of each of the last 8 ISO-ish weeks (7-day
 * buckets) and of each of the last 12 months — and none older than `maxAgeDays`, the shortest
 * retention rule (DESIGN.md: a purge must not be undone by an old backup).
 */
export function backupsToKeep(backups: readonly BackupInfo[], now: Date, maxAgeDays = 366): Set<string> {
  const keep = new Set<string>();
  const sorted = [...backups]
    .filter((b) => (now.getTime() - b.createdAt.getTime()) / 86_400_000 <= maxAgeDays)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  sorted.slice(0, 7).forEach((b) => keep.add(b.name));
  const seen = new Set<string>();
  for (const b of sorted) {
    const ageDays = (now.getTime() - b.createdAt.getTime()) / 86_400_000;
    const week = Math.floor(ageDays / 7);
    if (week < 8 && !seen.has(`w${week}`)) {
      seen.add(`w${week}`);
      keep.add(b.name);
    }
    const month = `${b.createdAt.getUTCFullYear()}-${b.createdAt.getUTCMonth()}`;
    if (ageDays < 366 && !seen.has(`m${month}`)) {
      seen.add(`m${month}`);
      keep.add(b.name);
    }
  }
  return keep;
}

export function pruneBackups(dataDir: string, now: Date, logger: Logger, maxAgeDays = 366): number {
  const backups = listBackups(dataDir);
  const keep = backupsToKeep(backups, now, maxAgeDays);
  let removed = 0;
  for (const backup of backups) {
    if (keep.has(backup.name)) continue;
    rmSync(backup.dir, { recursive: true, force: true });
    removed++;
  }
  if (removed) logger.log('info', 'pruneBackups', 'old backups removed', { removed });
  return removed;
}

/**
 * Makes an automatic backup when the newest is older than the policy (at unlock and lock), and at
 * lock also when anything was committed since the last backup (`VaultCore.hasUnbackedChanges`);
 * then prunes the ladder.
 */
export function autoBackup(vault: VaultCore, dataDir: string, clock: Clock, logger: Logger, reason: 'unlock' | 'lock'): BackupInfo | null {
  if (!autoBackupDue(vault, dataDir, clock, reason)) return null;
  const made = createBackup(vault, dataDir, clock, reason);
  pruneAutoBackups(vault, dataDir, clock, logger);
  return made;
}

/** Whether `autoBackup` would make one now: the newest is older than the policy, or (at lock) work is not backed up. */
export function autoBackupDue(vault: VaultCore, dataDir: string, clock: Clock, reason: 'unlock' | 'lock'): boolean {
  const newest = listBackups(dataDir)[0];
  const old = !newest || clock.now().getTime() - newest.createdAt.getTime() >= AUTO_BACKUP_AGE_MS;
  return old || (reason === 'lock' && vault.hasUnbackedChanges());
}

/**
 * The ladder after an automatic backup, bounded by the shortest retention rule. While the stored
 * rules cannot be read nothing is pruned (as no purge runs): the defaults are not the admin's bound,
 * and the admins see the alarm until the rules are saved again.
 */
export function pruneAutoBackups(vault: VaultCore, dataDir: string, clock: Clock, logger: Logger): number {
  const stored = storedRetentionRules(vault);
  if (stored.damaged) {
    logger.log('warn', 'pruneAutoBackups', 'retention rules unreadable: backups not pruned');
    return 0;
  }
  return pruneBackups(dataDir, clock.now(), logger, backupMaxDays(stored.rules));
}

/** Temporary folders of backups this process is making in a thread (never removed as leftovers meanwhile). */
const IN_FLIGHT = new Set<string>();

/**
 * Work that makes a backup made from a copy taken before it out of date: a purge or an early
 * gallring (the backup would hold what was purged), a backup replaced or deleted after a gallring,
 * a key rotation (the copy is under the old key).
 */
export const SUPERSEDING = [
  'retention.purged',
  'retention.early-gallring',
  'backup.replaced-after-gallring',
  'backup.deleted',
  'vault.key-rotation-started',
  'vault.key-rotated',
  'vault.key-rotation-rolled-back',
] as const satisfies readonly AuditAction[];

/** A backup whose copy was overtaken by work that must not be undone by it (see `SUPERSEDING`): removed, not an error. */
export class BackupSupersededError extends Error {
  override name = 'BackupSupersededError';
}

export interface ThreadedBackup {
  readonly name: string;
  /** Resolves once the vault's file is copied: until then nothing may write it (the core worker's queue waits). */
  readonly copied: Promise<void>;
  /** Resolves with whether the thread wrote a backup file that checks; never rejects. */
  readonly done: Promise<boolean>;
  /** Blocks until the thread is done (the lock): true/false as `done`, null when not done in time. */
  waitSync(timeoutMs: number): boolean | null;
  /** After `done` gave true: the header, fsync, checks, rename and audit row, as `createBackup`. Synchronous. */
  finish(): BackupInfo;
  /** Removes the temporary folder (a failed or abandoned backup); the thread, if still running, is stopped. */
  abort(): void;
}

/**
 * An automatic backup whose `VACUUM INTO` runs in a thread (backup-thread.ts), so the core worker
 * is held only while the database file is copied. Same result and the same crash safety as
 * `createBackup`: everything is written into a temporary folder and renamed only once it checks.
 * Synchronous up to the start of the thread: leftovers removed, the WAL emptied into the file
 * (automatic checkpoints off until the copy is made), the audit head and SQLite's change count
 * noted. `finish` marks the vault backed up only when nothing was committed since the copy (the
 * lock then backs up what was), and throws `BackupSupersededError` (removing the folder) when a
 * purge, an early gallring or a key rotation happened since.
 */
export function startThreadedBackup(vault: VaultCore, dataDir: string, clock: Clock, reason: 'unlock' | 'lock', options: BackupOptions & { readonly blockCopy?: boolean } = {}): ThreadedBackup {
  const step = options.onStep ?? (() => undefined);
  const { at, name, root, dir, temp } = newBackupFolders(dataDir, clock);
  IN_FLIGHT.add(temp);
  const db = vault.db;
  let thread: BackupThread | null = null;
  let autoCheckpoint: number | null = null;
  const restoreCheckpoints = (): void => {
    if (autoCheckpoint !== null && db.open) db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    autoCheckpoint = null;
  };
  const abort = (): void => {
    try {
      thread?.terminate();
      restoreCheckpoints();
      // May throw (Windows: the stopped thread may still hold its files open): then it is a leftover the next backup removes.
      rmSync(temp, { recursive: true, force: true });
    } finally {
      IN_FLIGHT.delete(temp);
    }
  };
  let headSeq: number;
  let changes: number;
  try {
    step('folder-made');
    autoCheckpoint = Number(db.pragma('wal_autocheckpoint', { simple: true }));
    db.pragma('wal_autocheckpoint = 0');
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (!result || result.busy !== 0 || result.log !== result.checkpointed) throw new Error('the WAL could not be emptied into the database file');
    headSeq = auditHeadSeq(vault);
    changes = vault.changeCount();
    thread = startBackupThread({ source: path.join(dataDir, DATABASE_FILE), snapshot: path.join(temp, 'snapshot.db'), target: path.join(temp, DATABASE_FILE), key: databaseKeyOf(vault), ...(options.blockCopy !== undefined ? { blockCopy: options.blockCopy } : {}) });
  } catch (error) {
    abort();
    throw error;
  }
  const started = thread;
  const copied = started.copied.then(restoreCheckpoints);
  const done = started.done.then((outcome) => outcome.ok);
  let finished = false;
  return {
    name,
    copied,
    done,
    waitSync(timeoutMs) {
      const outcome = started.waitSync(timeoutMs);
      if (outcome) restoreCheckpoints();
      return outcome ? outcome.ok : null;
    },
    finish() {
      if (finished) throw new Error('the backup was already finished');
      finished = true;
      restoreCheckpoints();
      const file = path.join(temp, DATABASE_FILE);
      try {
        step('database-written');
        const overtaken = db.prepare(`SELECT action FROM audit_log WHERE seq > ? AND action IN (${SUPERSEDING.map(() => '?').join(', ')}) LIMIT 1`).get(headSeq, ...SUPERSEDING) as { action: string } | undefined;
        if (overtaken) throw new BackupSupersededError(`the copy was overtaken by ${overtaken.action}`);
        writeBackupHeader(dataDir, temp);
        step('header-written');
        chmodSync(path.join(temp, HEADER_FILE), 0o600);
        // The thread fsynced the database file and checked it (quick_check with the key).
        fsyncFileSync(path.join(temp, HEADER_FILE));
        fsyncDirSync(temp);
        step('synced');
        // The header written now opens the key the copy was made under (page 1's HMAC, cheap).
        if (!databaseFileOpensWith(file, databaseKeyOf(vault))) throw new BackupCheckError('The new backup does not open with the vault key');
        const header = parseHeader(readFileSync(path.join(temp, HEADER_FILE), 'utf8'));
        if (header?.vaultId !== vault.header.vaultId) throw new BackupCheckError("The new backup's key-slot header is not this vault's");
        const names = readdirSync(temp).sort();
        if (names.join('/') !== BACKUP_FILES.join('/')) throw new BackupCheckError(`The new backup holds other files than ${BACKUP_FILES.join(' and ')}: ${names.join(', ')}`);
        step('verified');
        renameSync(temp, dir);
        fsyncDirSync(root);
      } catch (error) {
        abort();
        throw error;
      }
      IN_FLIGHT.delete(temp);
      step('renamed');
      const unchanged = vault.changeCount() === changes;
      // `through`: the audit head the copy holds; rows between it and this row are not in the backup.
      vault.audit('backup.created', { reason, name, through: headSeq });
      // Committed since the copy: not in this backup, so the lock backs it up.
      if (unchanged) vault.markBackedUp();
      return { name, dir, createdAt: at };
    },
    abort,
  };
}

/** Audit rows that record no work: what every unlock and lock writes. */
const BOOKKEEPING = ['vault.unlocked', 'vault.unlock-failed', 'vault.locked'];

/**
 * Right after an unlock: counts the vault as backed up when the newest backup on disk is the one
 * the audit log last recorded and no work was logged after what it holds — only unlocks, locks and
 * backup rows. What it holds: the audit head its copy was taken at (`through` in its row; a
 * threaded backup's row is written after the thread, so work saved meanwhile lies before the row
 * but is not in the backup); rows without `through` (older Teamvalv) count up to the row itself.
 * Otherwise (a session cut off before its lock backup, a command-line change) the next lock backs
 * up even when this session changes nothing.
 */
export function noteBackupState(vault: VaultCore, dataDir: string): void {
  const newest = listBackups(dataDir)[0];
  if (!newest) return;
  const last = vault.db.prepare("SELECT seq, detail FROM audit_log WHERE action = 'backup.created' ORDER BY seq DESC LIMIT 1").get() as { seq: number; detail: string } | undefined;
  if (!last) return;
  let detail: { name?: unknown; through?: unknown };
  try {
    detail = JSON.parse(last.detail) as { name?: unknown; through?: unknown };
  } catch {
    return;
  }
  if (detail.name !== newest.name) return;
  const through = detail.through;
  const work =
    typeof through === 'number' && Number.isSafeInteger(through) && through <= last.seq
      ? vault.db.prepare(`SELECT 1 FROM audit_log WHERE seq > ? AND action NOT IN (${[...BOOKKEEPING, 'backup.created'].map(() => '?').join(', ')}) LIMIT 1`).get(through, ...BOOKKEEPING, 'backup.created')
      : vault.db.prepare(`SELECT 1 FROM audit_log WHERE seq > ? AND action NOT IN (${BOOKKEEPING.map(() => '?').join(', ')}) LIMIT 1`).get(last.seq, ...BOOKKEEPING);
  if (!work) vault.markBackedUp();
}

/**
 * After an early gallring (main/retention/early-gallring.ts), backups made before it hold the case: they are replaced by one backup made after it (a
 * restore must not bring the case back, nor lose its tombstone). The old ones go only once the new
 * one opens and passes `quick_check`. Audited with how many went.
 */
export function replaceBackupsAfterGallring(vault: VaultCore, dataDir: string): void {
  const before = listBackups(dataDir);
  const now = vault.now();
  // One made this very millisecond would have the new backup's name: it goes first (it holds the case too).
  for (const backup of before.filter((b) => b.createdAt.getTime() === now.getTime())) rmSync(backup.dir, { recursive: true, force: true });
  const made = createBackup(vault, dataDir, { now: () => now }, 'manual');
  const file = path.join(made.dir, DATABASE_FILE);
  const key = databaseKeyOf(vault);
  // The new backup was copied while the vault still said "backups pending": not in the backup.
  if (!editDatabaseFile(file, key, (db) => deleteSetting(db, GALLRING_BACKUPS_PENDING)) || !databaseFileChecks(file, key)) {
    rmSync(made.dir, { recursive: true, force: true });
    throw new Error('the new backup does not check');
  }
  for (const backup of before.filter((b) => b.createdAt.getTime() !== now.getTime())) rmSync(backup.dir, { recursive: true, force: true });
  vault.db.transaction(() => {
    deleteSetting(vault.db, GALLRING_BACKUPS_PENDING);
    vault.audit('backup.replaced-after-gallring', { removed: before.length });
  })();
}

export interface RestoreCheck {
  readonly tables: Record<string, number>;
  readonly integrity: string;
}

/**
 * Restores a backup into a new, empty folder and proves it: a temporary or unfinished backup
 * folder is refused (`NotABackupError`) before anything is written; the copy is unlocked through
 * a slot of its own header, `integrity_check` passes, and every row of every table is read (SQLCipher
 * checks each page's HMAC on read). `cipher_integrity_check` is a silent no-op in this binding
 * (measured), so it is not counted as a check.
 */
export async function restoreBackup(backupDir: string, targetDir: string, openKey: (headerDir: string) => Promise<Buffer>): Promise<RestoreCheck> {
  if (isTemporaryBackupName(path.basename(backupDir))) throw new NotABackupError(`${backupDir} is the temporary folder of a backup that was not finished: it is not a backup`);
  const wrong = whatIsWrong(backupDir);
  if (wrong) throw new NotABackupError(`${backupDir} is not a backup (${wrong})`);
  if (existsSync(targetDir) && (await fs.readdir(targetDir)).length > 0) throw new Error('The restore folder must be new or empty');
  await fs.mkdir(targetDir, { recursive: true, mode: 0o700 });
  for (const file of [DATABASE_FILE, HEADER_FILE]) {
    await fs.copyFile(path.join(backupDir, file), path.join(targetDir, file));
    await fs.chmod(path.join(targetDir, file), 0o600);
  }
  const key = await openKey(targetDir);
  const db = openVault(path.join(targetDir, DATABASE_FILE), key);
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const tables: Record<string, number> = {};
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
      let rows = 0;
      for (const _row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).iterate()) rows++;
      tables[name] = rows;
    }
    if (integrity !== 'ok') throw new Error(`integrity_check failed: ${integrity}`);
    // The backup may hold records that became due since it was made: with the schedule on, the
    // restored vault's first unlock purges them again (as if no run had happened this month).
    deleteSetting(db, RETENTION_LAST_RUN);
    return { tables, integrity };
  } finally {
    db.close();
    key.fill(0);
  }
}

/**
 * `restoreBackup` with the key taken from a vault opened on the restored copy's header (the CLI
 * unlocks it with the user's password): the key stays inside main/vault/, the vault is closed.
 */
export function restoreBackupUnlocking(backupDir: string, targetDir: string, unlock: (headerDir: string) => Promise<{ close(): void }>): Promise<RestoreCheck> {
  return restoreBackup(backupDir, targetDir, async (dir) => {
    const vault = await unlock(dir);
    try {
      return Buffer.from(databaseKeyOf(vault));
    } finally {
      vault.close();
    }
  });
}
