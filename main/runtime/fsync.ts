import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Synchronous fsync helpers, for code that must stay synchronous (a backup made on the lock path,
 * which may run while the process quits). The async writer is `atomic-file.ts`.
 */

/** Flushes a file's content and size to the disk. */
export function fsyncFileSync(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (a created, renamed or removed name) to the disk. */
export function fsyncDirSync(dir: string): void {
  // Directory fsync is not possible on Windows; a rename is still atomic there.
  if (process.platform === 'win32') return;
  fsyncFileSync(dir);
}
