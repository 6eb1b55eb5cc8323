import Database from 'better-sqlite3-multiple-ciphers';
import { foldForMatch, swedishSortKey } from '../../../shared/roster/text-keys';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StorageError, asStorageError, isWritable, storageKindOfCode } from '../storage-errors';
import { type Migration, MIGRATIONS } from './migrations';
import { hexBuffer } from '../keys/hex-buffer';

export type Db = Database.Database;
export const DATABASE_FILE = 'vault.db';

export class VaultTooNewError extends Error {
  override name = 'VaultTooNewError';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`The vault was written by a newer Teamvalv (schema ${found}; this version knows up to ${supported}). Update Teamvalv.`);
  }
}

/** A key slot opened, but its key does not open the database: the header and the database do not belong together. */
export class WrongKeyError extends StorageError {
  override name = 'WrongKeyError';
  constructor(message = 'The database key does not open this vault', options: { cause?: unknown } = {}) {
    super('header_mismatch', message, options);
  }
}

/** Another process holds the database's exclusive lock. */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
}

/**
 * The key goes in as the ASCII text `x'<64 hex>'` in a Buffer: a Buffer of 32 raw bytes would be
 * taken as a passphrase and run through PBKDF2 (measured). The hex is written straight into that
 * Buffer (never a JS string, which could not be zeroed) and the Buffer is zeroed after use.
 */
function withKeyText(key: Buffer, use: (text: Buffer) => void): void {
  if (key.length !== 32) throw new Error('the database key must be 32 bytes');
  const text = hexBuffer(key, "x'", "'");
  try {
    use(text);
  } finally {
    text.fill(0);
  }
}

function applyKey(db: Db, key: Buffer): void {
  withKeyText(key, (text) => db.key(text));
}

/**
 * Cipher settings, then the key, then exclusive locking — all before the first read. Exclusive
 * locking set before SQLite first looks at a WAL database keeps the WAL index in the process's
 * memory: no `-shm` file is ever made (set after a read, the read would already have made one).
 */
function prepareConnection(db: Db, key: Buffer): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  applyKey(db, key);
  db.pragma('locking_mode = EXCLUSIVE');
}

/**
 * Whether a database file (a fresh backup, which `VACUUM INTO` writes in rollback-journal mode)
 * opens with the key and passes `quick_check` — read-only, so no journal or WAL file appears
 * beside it. A file in WAL mode does not open read-only without shared memory: false.
 */
export function databaseFileChecks(file: string, key: Buffer): boolean {
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    prepareConnection(db, key);
    return String(db.pragma('quick_check', { simple: true })) === 'ok';
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Edits a database file that is not open (a fresh backup) with secure delete on; false if it does not open or the edit throws. */
export function editDatabaseFile(file: string, key: Buffer, edit: (db: Db) => void): boolean {
  let db: Db | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    prepareConnection(db, key);
    db.pragma('secure_delete = ON');
    edit(db);
    return true;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Re-encrypts every page under a new raw key (works in WAL mode — measured). */
export function rekeyVault(db: Db, newKey: Buffer): void {
  // Start from an empty WAL: the re-encryption is then one transaction of new-key frames, and a
  // crash before its commit frame leaves the old key in force, after it the new one (measured
  // with kill -9 in main/vault/rotation-kill.soak.ts).
  db.pragma('wal_checkpoint(TRUNCATE)');
  withKeyText(newKey, (text) => db.rekey(text));
}

/** The page cache per connection, in KiB as SQLite takes it (negative: a size, not a page count). */
export const PAGE_CACHE_KIB = -16000;

export interface OpenOptions {
  readonly create?: boolean;
  readonly migrations?: readonly Migration[];
  /** Leave pending migrations for the caller (unlock asks an admin to confirm them first). */
  readonly deferMigrations?: boolean;
}

/** How many migrations this build would still run on the open database. */
export function pendingMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  return Math.max(0, migrations.length - (db.pragma('user_version', { simple: true }) as number));
}

/**
 * Opens (or creates) the vault database in one fixed order: cipher settings before the key, the
 * key, exclusive locking (before any read: see prepareConnection), a read that proves the key, the
 * schema version check (a newer vault is refused before anything is written), then the pragmas,
 * then pending migrations in one transaction.
 */
export function openVault(file: string, key: Buffer, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  // A short busy wait: one writer at a time, so a held lock means another process has the vault open.
  const db = openStorageChecked(() => new Database(file, { fileMustExist: !options.create, timeout: 1000 }), file);
  try {
    // One writer: exclusive locking also lets WAL run without shared memory (works on SMB shares).
    prepareConnection(db, key);
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseBusyError('The vault is open in another process');
      db.close();
      throw diagnoseFirstRead(file, key, error);
    }
    const supported = migrations.length;
    if (version > supported) throw new VaultTooNewError(version, supported);
    if (version === 0) {
      // Only possible on a fresh file: auto_vacuum must be chosen before the first table exists.
      db.pragma('auto_vacuum = INCREMENTAL');
    }
    db.pragma('journal_mode = WAL');
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    // A page cache of about 16 MB, set here rather than left to the binding's build (SQLite's own
    // default is 2 MB). Measured on the decade vault and its 10× copy (docs/performance.md, "What
    // each setting did"): 2 MB made the interactive reads up to 4.7× slower than the plain copy at
    // 10×; 64 and 256 MiB did not beat 16 MB (the reads now touch a period's or a page's rows, not
    // the vault's). Memory-mapped I/O stays off: SQLCipher pages are decrypted into the cache.
    db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
    db.pragma('synchronous = FULL');
    registerTextFunctions(db);
    // A fresh file is always migrated; an existing one may wait for an admin's confirmation.
    if (version === 0 || !options.deferMigrations) runMigrations(db, migrations, version);
    return db;
  } catch (error) {
    if (db.open) db.close();
    // A read-only folder, a full disk or a damaged page met by the pragmas or the migrations.
    throw asStorageError(error, path.dirname(file)) ?? error;
  }
}

/**
 * The roster's text keys as SQL functions (deterministic, pure): registered here, once per
 * connection, because a domain's read-only handle may not change its connection.
 */
function registerTextFunctions(db: Db): void {
  db.function('teamvalv_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldForMatch(text) : text));
  db.function('teamvalv_sort_key', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? swedishSortKey(text) : text));
}

export function runMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS, from: number = db.pragma('user_version', { simple: true }) as number): void {
  if (from >= migrations.length) return;
  const pending = migrations.slice(from);
  const rebuilt = pending.flatMap((migration) => migration.rebuildsTables ?? []);
  // A rebuild needs foreign keys off (migration.ts), set outside the transaction; the check below
  // stands in for them, so a rebuild that lost or orphaned a row rolls everything back.
  const foreignKeysWere = db.pragma('foreign_keys', { simple: true }) as number;
  if (rebuilt.length > 0 && foreignKeysWere) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const migration of pending) migration.up(db);
      if (rebuilt.length > 0) assertForeignKeysHold(db, rebuilt);
      db.pragma(`user_version = ${migrations.length}`);
    })();
  } finally {
    if (rebuilt.length > 0 && foreignKeysWere) db.pragma('foreign_keys = ON');
  }
}

/** Every row of the rebuilt tables, and of each table whose foreign keys point at them, still finds its parent. */
function assertForeignKeysHold(db: Db, rebuilt: readonly string[]): void {
  const children = db
    .prepare(`SELECT DISTINCT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" IN (SELECT value FROM json_each(?))`)
    .pluck()
    .all(JSON.stringify(rebuilt)) as string[];
  for (const table of new Set([...rebuilt, ...children])) {
    const broken = db.pragma(`foreign_key_check("${table.replaceAll('"', '""')}")`) as unknown[];
    if (broken.length > 0) throw new Error(`Migration left ${broken.length} row(s) of ${table} without their parent; nothing was changed`);
  }
}

/**
 * Whether a closed database file (a backup) opens with this key: a copy of page 1 is read with
 * SQLCipher's HMAC check, nothing beside the file is opened or written. False only for "not this
 * key"; a page 1 that the key decrypts but whose HMAC fails is a damaged page (`StorageError`
 * corrupt), and a file that cannot be read throws — so a caller never mistakes damage or a disk
 * problem for a wrong key and deletes something because of it.
 */
export function databaseFileOpensWith(file: string, key: Buffer): boolean {
  const page = readFirstPage(file);
  const size = statSync(file).size;
  if (probeFirstPage(page, size, key, true)) return true;
  if (probeFirstPage(page, size, key, false)) throw new StorageError('corrupt', undefined, { firstPage: true });
  return false;
}

/**
 * Re-encrypts a closed database file (a copy of a backup) from one key to another, in place, and
 * leaves no -wal or -journal beside it. The caller verifies and renames it.
 */
export function rekeyDatabaseFile(file: string, oldKey: Buffer, newKey: Buffer): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    applyKey(db, oldKey);
    db.pragma('locking_mode = EXCLUSIVE');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    withKeyText(newKey, (text) => db.rekey(text));
    // A backup is a rollback-journal file (as VACUUM INTO writes it), so its read-only check can
    // take the exclusive lock; backups re-keyed by earlier versions were left in WAL mode.
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** The connection, or why not: a read-only folder, a full disk (a missing file stays SQLite's own error). */
function openStorageChecked(open: () => Db, file: string): Db {
  try {
    return open();
  } catch (error) {
    throw (existsSync(file) ? asStorageError(error, path.dirname(file)) : null) ?? error;
  }
}

/**
 * Why the first read with a key from an opened slot failed. SQLCipher answers a wrong key and a
 * damaged first page alike (SQLITE_NOTADB: page 1's HMAC does not verify), so a copy of the page
 * is read once more with the HMAC check off: if the key then decrypts it to a valid SQLite header,
 * the key is right and the page is damaged; if not, the header and the database do not belong
 * together. A folder or file that may not be written is named before the key is blamed.
 */
function diagnoseFirstRead(file: string, key: Buffer, error: unknown): Error {
  const dir = path.dirname(file);
  const code = (error as { code?: unknown }).code;
  const kind = typeof code === 'string' ? storageKindOfCode(code, dir) : null;
  if (kind === 'read_only' || kind === 'disk_full' || kind === 'io') return new StorageError(kind, undefined, { cause: error });
  if (keyDecryptsFirstPage(file, key)) return new StorageError('corrupt', undefined, { cause: error, firstPage: code === 'SQLITE_NOTADB' });
  if (!isWritable(dir)) return new StorageError('read_only', undefined, { cause: error });
  return new WrongKeyError(undefined, { cause: error });
}

/** SQLCipher 4's page size (`legacy = 4`), so the size of page 1. */
const CIPHER_PAGE_SIZE = 4096;

/**
 * Whether the key decrypts page 1 to a valid SQLite header when its HMAC is not checked (a
 * damaged first page under the right key does; another key does not).
 */
function keyDecryptsFirstPage(file: string, key: Buffer): boolean {
  try {
    return probeFirstPage(readFirstPage(file), statSync(file).size, key, false);
  } catch {
    return false;
  }
}

/** Page 1 of a database file; a file that cannot be read (or is shorter than a page) throws / gives null. */
function readFirstPage(file: string): Buffer | null {
  const page = Buffer.alloc(CIPHER_PAGE_SIZE);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, page, 0, page.length, 0) < page.length ? null : page;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a copy of page 1 with the key, in a private temp folder (the copy as long as the file, the
 * rest zeros, as SQLite checks the size), so nothing is opened or written beside the file — a
 * read-only connection there would make `-wal`/`-shm` files, or fail to lock in exclusive mode,
 * and a read-write one leaves a `-wal` beside a WAL-mode file if it is killed.
 */
function probeFirstPage(page: Buffer | null, size: number, key: Buffer, hmacCheck: boolean): boolean {
  if (!page) return false;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'teamvalv-probe-'));
  let probe: Db | null = null;
  try {
    const copy = path.join(dir, DATABASE_FILE);
    writeFileSync(copy, page, { mode: 0o600 });
    truncateSync(copy, size);
    probe = new Database(copy, { fileMustExist: true });
    probe.pragma("cipher = 'sqlcipher'");
    probe.pragma('legacy = 4');
    if (!hmacCheck) probe.pragma('hmac_check = 0');
    applyKey(probe, key);
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.pragma('user_version', { simple: true });
    return true;
  } catch {
    return false;
  } finally {
    probe?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
