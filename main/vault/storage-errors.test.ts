import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WrongKeyError } from './db/open-vault';
import { HeaderDamagedError } from './keys/header-store';
import { StorageError, asStorageError, describeStorageError, storageKindOfCode, withNewestBackup } from './storage-errors';
import { storageAppError } from './storage-failure';
import { useTempDirs } from '../test-support/temp-dir';

const tempDir = useTempDirs();

const sqlite = (code: string): Error => Object.assign(new Error('raw sqlite text with a value'), { name: 'SqliteError', code });
const errno = (code: string, file?: string): Error => Object.assign(new Error(`${code}: ${file ?? ''}`), { code, ...(file ? { path: file } : {}) });

describe('storage error classification', () => {
  it('maps SQLite result codes and Node errno codes to their kinds', () => {
    const cases: [string, string | null][] = [
      ['SQLITE_READONLY', 'read_only'],
      ['SQLITE_READONLY_DIRECTORY', 'read_only'],
      ['SQLITE_READONLY_CANTINIT', 'read_only'],
      ['SQLITE_FULL', 'disk_full'],
      ['SQLITE_CORRUPT', 'corrupt'],
      ['SQLITE_CORRUPT_INDEX', 'corrupt'],
      ['SQLITE_NOTADB', 'corrupt'],
      ['SQLITE_IOERR', 'io'],
      ['SQLITE_IOERR_WRITE', 'io'],
      ['SQLITE_CANTOPEN', 'io'],
      ['EROFS', 'read_only'],
      ['EACCES', 'read_only'],
      ['EPERM', 'read_only'],
      ['ENOSPC', 'disk_full'],
      ['EDQUOT', 'disk_full'],
      ['EIO', 'io'],
      ['SQLITE_CONSTRAINT_UNIQUE', null],
      ['SQLITE_BUSY', null],
      ['ENOENT', null],
    ];
    for (const [code, kind] of cases) expect(storageKindOfCode(code), code).toBe(kind);
  });

  it('counts SQLITE_CANTOPEN as read-only when the folder cannot be written (here: it is gone)', async () => {
    const dir = await tempDir();
    expect(storageKindOfCode('SQLITE_CANTOPEN', dir)).toBe('io');
    expect(storageKindOfCode('SQLITE_CANTOPEN', path.join(dir, 'gone'))).toBe('read_only');
  });

  it('wraps a raw error with its cause, and keeps our own message (no SQL text, no values)', () => {
    const raw = sqlite('SQLITE_FULL');
    const wrapped = asStorageError(raw);
    expect(wrapped).toBeInstanceOf(StorageError);
    expect(wrapped?.kind).toBe('disk_full');
    expect(wrapped?.cause).toBe(raw);
    expect(wrapped?.message).not.toContain('value');
    expect(asStorageError(sqlite('SQLITE_CONSTRAINT'))).toBeNull();
    expect(asStorageError('SQLITE_FULL')).toBeNull();
  });

  it("leaves a file error outside the data folder alone: a read-only export folder is not the vault's disk", () => {
    expect(asStorageError(errno('EACCES', '/media/usb/export.csv'), '/data/teamvalv')).toBeNull();
    expect(asStorageError(errno('ENOSPC', '/data/teamvalv/backups/x/vault.db'), '/data/teamvalv')?.kind).toBe('disk_full');
    expect(asStorageError(errno('ENOSPC'), '/data/teamvalv')?.kind).toBe('disk_full');
    // SQLite's errors carry no path: they come from the vault's own files.
    expect(asStorageError(sqlite('SQLITE_READONLY'), '/data/teamvalv')?.kind).toBe('read_only');
  });

  it('passes the header errors through as storage errors of their kind', () => {
    expect(asStorageError(new WrongKeyError())?.kind).toBe('header_mismatch');
    expect(asStorageError(new HeaderDamagedError('damaged'))?.kind).toBe('header_damaged');
  });
});

describe('describeStorageError', () => {
  it('says what happened, that nothing was deleted, and names the newest backup', () => {
    const at = new Date('2026-11-23T10:00:00.000Z');
    const corrupt = withNewestBackup(new StorageError('corrupt'), at);
    expect(describeStorageError(corrupt)).toBe(
      'A page of the vault database (vault.db) is damaged: it failed its integrity check and cannot be read. Nothing was deleted, and Teamvalv has not changed the file. Keep the data folder as it is, and restore the newest backup, from 2026-11-23T10:00:00.000Z (teamvalv restore): changes made after it are lost.',
    );
    expect(describeStorageError(new StorageError('header_mismatch'))).toContain('no backup was found in the data folder');
    for (const kind of ['read_only', 'disk_full', 'io', 'corrupt', 'header_damaged', 'header_mismatch'] as const) {
      expect(describeStorageError(new StorageError(kind)), kind).toMatch(/[Nn]othing was (changed or )?deleted/);
    }
  });

  it('gives the app a typed error with the time for the page to format', () => {
    const error = storageAppError(withNewestBackup(new StorageError('header_damaged'), new Date('2026-11-23T10:00:00.000Z')));
    expect(error).toMatchObject({ code: 'header_damaged', message: 'The key-slot header and all its backups are damaged', detail: { newestBackupAt: '2026-11-23T10:00:00.000Z' } });
    expect(storageAppError(new StorageError('disk_full')).detail).toEqual({ newestBackupAt: null });
  });
});
