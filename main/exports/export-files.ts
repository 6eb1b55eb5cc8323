import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/ipc/errors';

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

/**
 * Writes a new file atomically (never overwriting: `name-2.csv`, `name-3.csv` …), mode 0600, and
 * returns its SHA-256. The bytes go to a hidden temporary file in the same folder first, synced,
 * then appear under their name in one step (a hard link, which fails rather than overwrite; where
 * the file system has no hard links, a rename after checking the name is free) — so a crash or a
 * full disk never leaves a half-written packet or report under the real name.
 */
export async function writeExportFile(folder: string, fileName: string, content: string | Buffer): Promise<{ file: string; sha256: string }> {
  const dir = path.resolve(folder);
  const stat = await fs.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw new ExportError('The chosen folder does not exist');
  const safe = fileName.replace(/[^\p{L}\p{N}._-]/gu, '_');
  const dot = safe.indexOf('.', 1);
  const base = dot > 0 ? safe.slice(0, dot) : safe;
  const ext = dot > 0 ? safe.slice(dot) : '';
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const temporary = path.join(dir, `.${base}.${randomBytes(6).toString('hex')}.partial`);
  try {
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    await fs.rm(temporary, { force: true });
    throw new ExportError('The file could not be written in the chosen folder');
  }
  try {
    for (let n = 1; n < 1000; n++) {
      const file = path.join(dir, n === 1 ? safe : `${base}-${n}${ext}`);
      if (await publish(temporary, file)) return { file, sha256: createHash('sha256').update(data).digest('hex') };
    }
    throw new ExportError('Too many files with that name in the chosen folder');
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

/** Gives the finished temporary file its name; false when the name is taken. */
async function publish(temporary: string, file: string): Promise<boolean> {
  try {
    await fs.link(temporary, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw new ExportError('The file could not be written in the chosen folder');
  }
  if (await fs.stat(file).then(() => true, () => false)) return false;
  await fs.rename(temporary, file).catch(() => {
    throw new ExportError('The file could not be written in the chosen folder');
  });
  return true;
}

/**
 * `writeExportFile` for a channel: a problem with the chosen folder is the user's to fix, so it is
 * answered as `invalid_input` with what went wrong; anything else propagates as it is.
 */
export async function writeChannelExport(folder: string, fileName: string, content: string | Buffer): Promise<{ file: string; sha256: string }> {
  try {
    return await writeExportFile(folder, fileName, content);
  } catch (error) {
    if (error instanceof ExportError) throw new AppError('invalid_input', error.message, { field: 'folder' });
    throw error;
  }
}

/**
 * An export that is a disclosure: the file is written first, and only once it is there does
 * `audit` write the row that says it left — a failed write leaves no row saying it happened. If
 * the row cannot be written (the vault locked meanwhile, say), the file is removed again: no
 * file stays behind unlogged.
 */
export async function writeAuditedExport(
  folder: string,
  fileName: string,
  content: string | Buffer,
  audit: (written: { file: string; sha256: string }) => void,
): Promise<{ file: string; sha256: string }> {
  const written = await writeChannelExport(folder, fileName, content);
  try {
    audit(written);
  } catch (error) {
    await fs.rm(written.file, { force: true });
    throw error;
  }
  return written;
}
