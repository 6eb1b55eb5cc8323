import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * What went wrong with the disk or the vault's files, told apart so that the user hears what
 * happened and what to do — never `internal` or a raw SqliteError:
 * - `read_only`: the data folder or a vault file may not be written (read-only disk or folder, no permission);
 * - `disk_full`: no space left (SQLITE_FULL, ENOSPC, a quota);
 * - `io`: the disk reported a read or write error (SQLITE_IOERR, EIO);
 * - `corrupt`: a database page failed SQLCipher's HMAC check or SQLite's own checks;
 * - `header_damaged`: `vault.keys` and all its generations are unreadable;
 * - `header_mismatch`: a key slot opened, but its key does not open `vault.db`.
 */
export type StorageErrorKind = 'read_only' | 'disk_full' | 'io' | 'corrupt' | 'header_damaged' | 'header_mismatch';

export const STORAGE_ERROR_KINDS: readonly StorageErrorKind[] = ['read_only', 'disk_full', 'io', 'corrupt', 'header_damaged', 'header_mismatch'];

export interface StorageErrorOptions {
  readonly cause?: unknown;
  /** When the newest backup in the data folder was made (what a restore would bring back); null when there is none or it is unknown. */
  readonly newestBackupAt?: Date | null;
  /** For `corrupt`: the failing page is the database's first one (the vault does not open at all). */
  readonly firstPage?: boolean;
}

/**
 * A failure of the vault's storage. The message is ours (no paths, no SQL, no values), so it may
 * be logged and shown; `describeStorageError` gives the full advice. Anything may throw one — the
 * open path, the header store, header recovery — and every edge (the vault handlers, the router
 * for any channel, the CLI) answers it with its own code.
 */
export class StorageError extends Error {
  override name = 'StorageError';
  readonly newestBackupAt: Date | null;
  readonly firstPage: boolean;

  constructor(
    readonly kind: StorageErrorKind,
    message: string = STORAGE_SUMMARIES[kind],
    options: StorageErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.newestBackupAt = options.newestBackupAt ?? null;
    this.firstPage = options.firstPage === true;
  }
}

/** One line per kind: what happened (the advice is in `describeStorageError`). */
const STORAGE_SUMMARIES: Record<StorageErrorKind, string> = {
  read_only: 'The data folder or a vault file cannot be written',
  disk_full: 'The disk holding the vault is full',
  io: 'The disk reported a read or write error',
  corrupt: 'A page of the vault database is damaged',
  header_damaged: 'The key-slot header and all its backups are damaged',
  header_mismatch: 'The key-slot header and the database do not belong together',
};

const ERRNO_KINDS: Record<string, StorageErrorKind> = {
  EROFS: 'read_only',
  EACCES: 'read_only',
  EPERM: 'read_only',
  ENOSPC: 'disk_full',
  EDQUOT: 'disk_full',
  EIO: 'io',
};

/**
 * The storage kind a SQLite result code or Node errno code names, or null for anything else
 * (a constraint, a wrong key before it is diagnosed, a bug). SQLITE_CANTOPEN is ambiguous (a
 * missing file, no permission, a network share gone): it counts as `read_only` only when the
 * folder is found not writable, otherwise as `io`.
 */
export function storageKindOfCode(code: string, dataDir?: string): StorageErrorKind | null {
  if (code.startsWith('SQLITE_READONLY')) return 'read_only';
  if (code === 'SQLITE_FULL') return 'disk_full';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  // With the exclusive lock taken before the first read, a read-only folder shows as an I/O error
  // (the -wal cannot be made there): a folder that cannot be written is named as what it is.
  if (code.startsWith('SQLITE_IOERR')) return dataDir !== undefined && !isWritable(dataDir) ? 'read_only' : 'io';
  if (code.startsWith('SQLITE_CANTOPEN')) return dataDir !== undefined && !isWritable(dataDir) ? 'read_only' : 'io';
  return ERRNO_KINDS[code] ?? null;
}

/**
 * The error as a StorageError, or null when it is not one. A StorageError is returned as it is.
 * A Node file error whose path lies outside `dataDir` (an export folder the user chose) is not the
 * vault's storage and stays null, so it is not reported as the vault's disk.
 */
export function asStorageError(error: unknown, dataDir?: string): StorageError | null {
  if (error instanceof StorageError) return error;
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  const errnoPath = (error as NodeJS.ErrnoException).path;
  if (!code.startsWith('SQLITE_') && dataDir !== undefined && typeof errnoPath === 'string' && !isInside(dataDir, errnoPath)) return null;
  const kind = storageKindOfCode(code, dataDir);
  return kind ? new StorageError(kind, undefined, { cause: error }) : null;
}

/**
 * Whether this process may write the folder and the vault files in it (each that exists). Used
 * before a failed open is blamed on the key or the file. `access` checks the real user, which is
 * the user the app and the CLI run as.
 */
export function isWritable(dir: string, files: readonly string[] = ['vault.db', 'vault.db-wal', 'vault.keys']): boolean {
  try {
    accessSync(dir, constants.W_OK);
    // `access` asks about the real user; a file made and removed at once asks the file system itself
    // (a read-only mount, a process with another effective user).
    const probe = path.join(dir, `.teamvalv-write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    closeSync(openSync(probe, 'wx', 0o600));
    rmSync(probe, { force: true });
    for (const name of files) {
      const file = path.join(dir, name);
      if (existsSync(file)) accessSync(file, constants.W_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The same error with the newest backup's time filled in (for the advice "restore the newest backup from …"). */
export function withNewestBackup(error: StorageError, newestBackupAt: Date | null): StorageError {
  if (error.newestBackupAt || !newestBackupAt) return error;
  return new StorageError(error.kind, error.message, { cause: error, newestBackupAt, firstPage: error.firstPage });
}

/**
 * The full English text the CLI prints (and the log keeps): what happened, that nothing was
 * deleted, and what to do. The app shows its own Swedish or English text for the same code.
 */
export function describeStorageError(error: StorageError): string {
  const at = error.newestBackupAt ? error.newestBackupAt.toISOString() : null;
  const restore = at
    ? `restore the newest backup, from ${at} (teamvalv restore): changes made after it are lost`
    : 'no backup was found in the data folder: ask IT for a copy of the data folder from before the damage';
  switch (error.kind) {
    case 'read_only':
      return 'Teamvalv cannot write to the data folder: the folder, the disk or a vault file is read-only, or this user lacks permission. Nothing was changed or deleted. Make the data folder and the vault files in it writable for this user (or move the folder to a writable disk), then try again.';
    case 'disk_full':
      return 'The disk holding the vault is full, so this change was not saved. Everything saved before is intact; nothing was deleted. Free some space on that disk, then try again.';
    case 'io':
      return `The disk reported a read or write error while using the vault. Nothing was deleted. Check the disk (or the network connection to it) and try again; if it keeps happening, copy the data folder to another disk and ${restore}.`;
    case 'corrupt':
      return `${error.firstPage ? 'The first page of the vault database (vault.db) is damaged, so the vault cannot be opened' : 'A page of the vault database (vault.db) is damaged: it failed its integrity check and cannot be read'}. Nothing was deleted, and Teamvalv has not changed the file. Keep the data folder as it is, and ${restore}.`;
    case 'header_damaged':
      return `The key-slot header (vault.keys) and all its backup copies are damaged, so the database key cannot be unsealed. The database was not changed and nothing was deleted. Keep the data folder as it is, and ${restore}.`;
    case 'header_mismatch':
      return `The key-slot header (vault.keys) opened, but its key does not open the database (vault.db): the two files do not belong together (a header from another vault or from before a key change), or the database file was overwritten. Nothing was deleted. Keep the data folder as it is, and ${restore}.`;
  }
}
