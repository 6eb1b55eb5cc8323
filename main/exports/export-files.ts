import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FolderListing {
  readonly path: string;
  readonly parent: string | null;
  readonly folders: readonly string[];
}

export class ExportError extends Error {
  override name = 'ExportError';
}

/**
 * The in-app folder browser behind plaintext exports: files are written by main into a folder the
 * user picked — never a browser download, which would leave plaintext in Downloads and temp files.
 */
export async function listFolders(folder: string): Promise<FolderListing> {
  const resolved = path.resolve(folder);
  let entries;
  try {
    entries = await fs.readdir(resolved, { withFileTypes: true });
  } catch {
    throw new ExportError('The folder cannot be opened');
  }
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, 'sv'));
  const parent = path.dirname(resolved);
  return { path: resolved, parent: parent === resolved ? null : parent, folders };
}

/** Writes a new file (never overwriting: `name-2.csv`, `name-3.csv` …), mode 0600; returns its SHA-256. */
export async function writeExportFile(folder: string, fileName: string, content: string | Buffer): Promise<{ file: string; sha256: string }> {
  const dir = path.resolve(folder);
  const stat = await fs.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw new ExportError('The chosen folder does not exist');
  const safe = fileName.replace(/[^\p{L}\p{N}._-]/gu, '_');
  const ext = path.extname(safe);
  const base = safe.slice(0, safe.length - ext.length);
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  for (let n = 1; n < 1000; n++) {
    const file = path.join(dir, n === 1 ? safe : `${base}-${n}${ext}`);
    try {
      await fs.writeFile(file, data, { flag: 'wx', mode: 0o600 });
      return { file, sha256: createHash('sha256').update(data).digest('hex') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ExportError('The file could not be written in the chosen folder');
    }
  }
  throw new ExportError('Too many files with that name in the chosen folder');
}
