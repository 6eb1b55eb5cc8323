import { AppError, type ErrorCode, type RefusalCode } from '../../shared/ipc/errors';
import { listBackups } from './backups';
import { type StorageError, type StorageErrorKind, asStorageError, withNewestBackup } from './storage-errors';

/** The IPC code for each kind (shared/ipc/errors.ts); the page shows its own text for it. */
export const STORAGE_ERROR_CODES: Record<StorageErrorKind, Exclude<ErrorCode, RefusalCode>> = {
  read_only: 'storage_read_only',
  disk_full: 'storage_full',
  io: 'storage_io',
  corrupt: 'storage_corrupt',
  header_damaged: 'header_damaged',
  header_mismatch: 'header_mismatch',
};

/**
 * At an edge (the vault handlers, the router, the CLI): the error as a StorageError with the
 * newest backup's time filled in, or null when it is no storage failure. Kept apart from
 * storage-errors.ts because the backup list depends on the database module, which throws them.
 */
export function storageFailure(error: unknown, dataDir: string | null): StorageError | null {
  const storage = asStorageError(error, dataDir ?? undefined);
  if (!storage || dataDir === null) return storage;
  let newest: Date | null = null;
  try {
    newest = listBackups(dataDir)[0]?.createdAt ?? null;
  } catch {
    // The backup folder cannot be listed (the same disk trouble): the advice goes without a time.
  }
  return withNewestBackup(storage, newest);
}

/** The typed IPC error for a storage failure, with the newest backup's time for the page to format. */
export function storageAppError(storage: StorageError): AppError {
  return new AppError(STORAGE_ERROR_CODES[storage.kind], storage.message, { newestBackupAt: storage.newestBackupAt?.toISOString() ?? null });
}
