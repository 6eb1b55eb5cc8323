import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/log';
import { backupMaxDays } from '../../shared/retention/model';
import { retentionRules } from './retention';
import { DATABASE_FILE, openVault } from './db/open-vault';
import { HEADER_FILE } from './keys/header-store';
import type { UnlockedVault } from './vault';

export const BACKUP_DIR = 'backups';
/** An automatic backup is made at unlock or lock when the newest is older than this. */
export const AUTO_BACKUP_AGE_MS = 24 * 60 * 60_000;

export interface BackupInfo {
  readonly name: string;
  readonly dir: string;
  readonly createdAt: Date;
}

const NAME = /^backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/;

function backupName(at: Date): string {
  return `backup-${at.toISOString().replace(/[-:.]/g, '')}`;
}

/** Synchronous on purpose: the lock path (which may run while quitting) backs up too. */
export function listBackups(dataDir: string): BackupInfo[] {
  const root = path.join(dataDir, BACKUP_DIR);
  if (!existsSync(root)) return [];
  const backups: BackupInfo[] = [];
  for (const name of readdirSync(root)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
    backups.push({ name, dir: path.join(root, name), createdAt: new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, ms ?? 0)) });
  }
  return backups.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * A backup: `VACUUM INTO` a new file (encrypted with the same key — SQLite's backup API refuses
 * keyed databases in this binding, and a file copy of a live WAL database is not consistent),
 * plus a copy of the key-slot header, which is what opens it.
 */
export function createBackup(vault: UnlockedVault, dataDir: string, clock: Clock, reason: 'manual' | 'unlock' | 'lock'): BackupInfo {
  const at = clock.now();
  const dir = path.join(dataDir, BACKUP_DIR, backupName(at));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, DATABASE_FILE);
  vault.db.prepare('VACUUM INTO ?').run(target);
  chmodSync(target, 0o600);
  copyFileSync(path.join(dataDir, HEADER_FILE), path.join(dir, HEADER_FILE));
  chmodSync(path.join(dir, HEADER_FILE), 0o600);
  vault.audit('backup.created', { reason, name: path.basename(dir) });
  return { name: path.basename(dir), dir, createdAt: at };
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

/** Makes an automatic backup when the newest is older than the policy; prunes the ladder. */
export function autoBackup(vault: UnlockedVault, dataDir: string, clock: Clock, logger: Logger, reason: 'unlock' | 'lock'): BackupInfo | null {
  const newest = listBackups(dataDir)[0];
  if (newest && clock.now().getTime() - newest.createdAt.getTime() < AUTO_BACKUP_AGE_MS) return null;
  const made = createBackup(vault, dataDir, clock, reason);
  pruneBackups(dataDir, clock.now(), logger, backupMaxDays(retentionRules(vault)));
  return made;
}

export interface RestoreCheck {
  readonly tables: Record<string, number>;
  readonly integrity: string;
}

/**
 * Restores a backup into a new, empty folder and proves it: the copy is unlocked through a slot
 * of its own header, `integrity_check` passes, and every row of every table is read (SQLCipher
 * checks each page's HMAC on read). `cipher_integrity_check` is a silent no-op in this binding
 * (measured), so it is not counted as a check.
 */
export async function restoreBackup(backupDir: string, targetDir: string, openKey: (headerDir: string) => Promise<Buffer>): Promise<RestoreCheck> {
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
    db.prepare("DELETE FROM vault_meta WHERE key = 'retention_last_run'").run();
    return { tables, integrity };
  } finally {
    db.close();
    key.fill(0);
  }
}
