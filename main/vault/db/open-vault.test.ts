import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test-support/temp-dir';
import { DATABASE_FILE, PAGE_CACHE_KIB, databaseFileChecks, editDatabaseFile, openVault } from './open-vault';
import { GALLRING_BACKUPS_PENDING, deleteSetting, setSetting } from '../settings';

const tempDir = useTempDirs();
const KEY = Buffer.alloc(32, 7);

describe('openVault and shared memory', () => {
  it('never makes a -shm file: not at creation, not when an existing WAL vault is reopened, not while writing', async () => {
    const dir = await tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const created = openVault(file, KEY, { create: true });
    created.prepare("INSERT INTO vault_meta (key, value) VALUES ('a', '1')").run();
    expect(existsSync(`${file}-shm`)).toBe(false);
    created.close();
    for (let round = 0; round < 3; round++) {
      const db = openVault(file, KEY);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // The connection settings measured in docs/performance.md: a 16 MB page cache, temp tables in memory, no mmap.
      expect([db.pragma('cache_size', { simple: true }), db.pragma('temp_store', { simple: true }), db.pragma('mmap_size', { simple: true })]).toEqual([PAGE_CACHE_KIB, 2, 0]);
      expect(existsSync(`${file}-shm`)).toBe(false);
      db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)').run(`r${round}`, 'x');
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect(existsSync(`${file}-shm`)).toBe(false);
      db.close();
    }
    expect(readdirSync(dir)).toEqual([DATABASE_FILE]);
  });

  it('checks and edits a rollback-journal copy (what VACUUM INTO writes) leaving nothing beside it', async () => {
    const dir = await tempDir();
    const db = openVault(path.join(dir, DATABASE_FILE), KEY, { create: true });
    setSetting(db, GALLRING_BACKUPS_PENDING, { at: '2026-03-02T08:00:00.000Z', caseCode: 'K-1' });
    mkdirSync(path.join(dir, 'copy'));
    const copy = path.join(dir, 'copy', DATABASE_FILE);
    db.prepare('VACUUM INTO ?').run(copy);
    db.close();
    expect(databaseFileChecks(copy, KEY)).toBe(true);
    expect(databaseFileChecks(copy, Buffer.alloc(32, 8))).toBe(false);
    expect(editDatabaseFile(copy, KEY, (edited) => deleteSetting(edited, GALLRING_BACKUPS_PENDING))).toBe(true);
    expect(readdirSync(path.join(dir, 'copy'))).toEqual([DATABASE_FILE]);
    const reopened = openVault(copy, KEY);
    expect(reopened.prepare("SELECT count(*) AS n FROM vault_meta WHERE key = 'gallring_backups_pending'").get()).toEqual({ n: 0 });
    reopened.close();
  });

  it('refuses to check a file in WAL mode read-only (false) rather than leave shared memory or a WAL beside it', async () => {
    const dir = await tempDir();
    const file = path.join(dir, DATABASE_FILE);
    openVault(file, KEY, { create: true }).close();
    expect(databaseFileChecks(file, KEY)).toBe(false);
    expect(readdirSync(dir)).toEqual([DATABASE_FILE]);
  });
});
