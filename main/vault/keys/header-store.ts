import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../runtime/atomic-file';
import type { Logger } from '../../runtime/log';
import { StorageError } from '../storage-errors';
import { type Json, canonicalJson } from '../../../shared/canonical-json';
import { type HeaderBody, type VaultHeader, parseHeader, sealHeader } from './header';

export const HEADER_FILE = 'vault.keys';
/** How many earlier headers are kept (`vault.keys.bak1` newest … `vault.keys.bak3` oldest). */
export const HEADER_BACKUPS = 3;

export class HeaderMissingError extends Error {
  override name = 'HeaderMissingError';
}
export class HeaderDamagedError extends StorageError {
  override name = 'HeaderDamagedError';
  constructor(message?: string, options: { cause?: unknown } = {}) {
    super('header_damaged', message, options);
  }
}

const backupName = (n: number): string => `${HEADER_FILE}.bak${n}`;

/**
 * Reads the key-slot header. A damaged or missing header is never replaced here: only the unlock,
 * with a password, can tell which earlier generation or backup copy opens the database
 * (main/vault/header-recovery.ts), and a header that does not open it must never become the live one.
 */
export async function readHeader(dataDir: string, _logger?: Logger): Promise<VaultHeader> {
  const main = await readIfExists(path.join(dataDir, HEADER_FILE));
  if (main === null) throw new HeaderMissingError(`No key-slot header in ${dataDir}`);
  const header = parseHeader(main);
  if (!header) throw new HeaderDamagedError('The key-slot header is damaged');
  return header;
}

/** The live header, or null when it is missing or damaged (for checks that must not fail the unlock). */
export async function readHeaderOrNull(dataDir: string): Promise<VaultHeader | null> {
  const text = await readIfExists(path.join(dataDir, HEADER_FILE));
  return text === null ? null : parseHeader(text);
}

/** An intact header file anywhere (a `.bak` generation, a backup's copy), or null. */
export async function readHeaderFile(file: string): Promise<VaultHeader | null> {
  const text = await readIfExists(file);
  return text === null ? null : parseHeader(text);
}

export function headerBackupFile(dataDir: string, n: number): string {
  return path.join(dataDir, backupName(n));
}

/** The live header text for a header: pretty JSON with a final newline. */
export function headerText(header: VaultHeader): string {
  return `${JSON.stringify(header, null, 2)}\n`;
}

/**
 * What a backup folder keeps as its header: the slots only — no rotation in progress (its secrets
 * are for the live vault) and no queued failed unlocks. Same generation, resealed.
 */
export function headerForBackup(header: VaultHeader): VaultHeader {
  const { checksum: _checksum, rotation: _rotation, ...body } = header;
  return sealHeader({ ...body, failedUnlocks: [] });
}

/**
 * Writes a new generation atomically, keeping the previous ones as `.bak1..3`. Only an intact
 * live header is kept as `.bak1`: a damaged one would push an intact generation out.
 */
export async function writeHeader(dataDir: string, body: Omit<HeaderBody, 'generation'>, previous: VaultHeader | null): Promise<VaultHeader> {
  const header = sealHeader({ ...body, generation: (previous?.generation ?? 0) + 1 } as HeaderBody);
  // Only a change of keys (slots, a rotation) makes a generation worth keeping: a queued failure
  // must not push an intact earlier generation out (three mistyped passwords would otherwise
  // leave only copies of whatever the live header is).
  if (previous && keysOf(previous) !== keysOf(header)) {
    const liveText = await readIfExists(path.join(dataDir, HEADER_FILE));
    if (liveText !== null && parseHeader(liveText)) {
      for (let n = HEADER_BACKUPS; n > 1; n--) {
        await fs.rename(path.join(dataDir, backupName(n - 1)), path.join(dataDir, backupName(n))).catch(ignoreMissing);
      }
      await writeFileAtomic(path.join(dataDir, backupName(1)), liveText);
    }
  }
  await writeFileAtomic(path.join(dataDir, HEADER_FILE), headerText(header));
  return header;
}

function keysOf(header: VaultHeader): string {
  const { failedUnlocks: _failures, generation: _generation, checksum: _checksum, ...keys } = header;
  return canonicalJson(keys as unknown as Json);
}

/** The file a replaced live header is kept in (for inspection), when recovery adopts another. */
export const REPLACED_HEADER_FILE = `${HEADER_FILE}.replaced`;

/**
 * Makes a header that was proven to open the database the live one, as it is (its generation
 * kept). The header it replaces is kept beside as `vault.keys.replaced`.
 */
export async function adoptHeader(dataDir: string, header: VaultHeader): Promise<void> {
  const live = path.join(dataDir, HEADER_FILE);
  await fs.rename(live, path.join(dataDir, REPLACED_HEADER_FILE)).catch(ignoreMissing);
  await writeFileAtomic(live, headerText(header));
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
