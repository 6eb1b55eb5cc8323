import Database from 'better-sqlite3-multiple-ciphers';
import { type Migration, MIGRATIONS } from './migrations';

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

export class WrongKeyError extends Error {
  override name = 'WrongKeyError';
}

/** Another process holds the database's exclusive lock. */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
}

/**
 * The key goes in as the ASCII text `x'<64 hex>'` in a Buffer: a Buffer of 32 raw bytes would be
 * taken as a passphrase and run through PBKDF2 (measured). The text buffer is zeroed after use.
 */
function withKeyText(key: Buffer, use: (text: Buffer) => void): void {
  if (key.length !== 32) throw new Error('the database key must be 32 bytes');
  const hex = key.toString('hex');
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('bad database key');
  const text = Buffer.from(`x'${hex}'`, 'ascii');
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

/** Deletes one `vault_meta` key in a database file that is not open (a fresh backup); false if it does not open. */
export function clearMetaInDatabaseFile(file: string, key: Buffer, metaKey: string): boolean {
  let db: Db | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    prepareConnection(db, key);
    db.pragma('secure_delete = ON');
    db.prepare('DELETE FROM vault_meta WHERE key = ?').run(metaKey);
    return true;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Re-encrypts every page under a new raw key (works in WAL mode — measured). */
export function rekeyVault(db: Db, newKey: Buffer): void {
  withKeyText(newKey, (text) => db.rekey(text));
  db.pragma('wal_checkpoint(TRUNCATE)');
}

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
  const db = new Database(file, { fileMustExist: !options.create, timeout: 1000 });
  try {
    // One writer: exclusive locking also lets WAL run without shared memory (works on SMB shares).
    prepareConnection(db, key);
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseBusyError('The vault is open in another process');
      throw new WrongKeyError('The database key does not open this vault');
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
    db.pragma('synchronous = FULL');
    // A fresh file is always migrated; an existing one may wait for an admin's confirmation.
    if (version === 0 || !options.deferMigrations) runMigrations(db, migrations, version);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function runMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS, from: number = db.pragma('user_version', { simple: true }) as number): void {
  if (from >= migrations.length) return;
  db.transaction(() => {
    for (const migration of migrations.slice(from)) migration.up(db);
    db.pragma(`user_version = ${migrations.length}`);
  })();
}
