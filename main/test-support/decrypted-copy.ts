import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs/promises';

/**
 * The plaintext bytes of a vault database: the file is copied, the copy opened with the key and
 * decrypted in place (`PRAGMA rekey = ''` rewrites every page — measured, DESIGN.md), read, removed.
 * Grepping the encrypted file would prove nothing; callers grep this, with a control marker that
 * must be found. The file must be complete: closed, or its WAL checkpointed.
 */
/** Opens a vault database file (or a backup's) with its raw key, as the app does. */
export function openWithKey(file: string, key: Buffer): Database.Database {
  const db = new Database(file);
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.key(Buffer.from(`x'${key.toString('hex')}'`));
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export async function decryptedCopy(databaseFile: string, key: Buffer): Promise<Buffer> {
  const copy = `${databaseFile}.decrypted-copy`;
  await fs.copyFile(databaseFile, copy);
  try {
    const db = openWithKey(copy, key);
    try {
      db.pragma("rekey = ''");
    } finally {
      db.close();
    }
    return await fs.readFile(copy);
  } finally {
    await fs.rm(copy, { force: true });
    await fs.rm(`${copy}-wal`, { force: true });
    await fs.rm(`${copy}-shm`, { force: true });
  }
}

/** Whether the bytes hold the text in any encoding SQLite might store it (utf-8, utf-16le). */
export function holds(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}
