import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../runtime/atomic-file';
import type { Logger } from '../../runtime/log';
import { StorageError } from '../storage-errors';
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
 * Reads the key-slot header. A damaged header (bad JSON, failed schema or checksum) is replaced
 * by the newest intact backup generation, and the repair is logged.
 */
export async function readHeader(dataDir: string, logger: Logger): Promise<VaultHeader> {
  const main = await readIfExists(path.join(dataDir, HEADER_FILE));
  if (main !== null) {
    const header = parseHeader(main);
    if (header) return header;
  }
  for (let n = 1; n <= HEADER_BACKUPS; n++) {
    const text = await readIfExists(path.join(dataDir, backupName(n)));
    const header = text === null ? null : parseHeader(text);
    if (!header) continue;
    logger.log('warn', 'readHeader', 'key-slot header damaged or missing; restored from backup', { generation: header.generation, backup: n });
    await writeFileAtomic(path.join(dataDir, HEADER_FILE), `${JSON.stringify(header, null, 2)}\n`);
    return header;
  }
  if (main === null) throw new HeaderMissingError(`No key-slot header in ${dataDir}`);
  throw new HeaderDamagedError('The key-slot header and all its backups are damaged');
}

/** Writes a new generation atomically, keeping the previous ones as `.bak1..3`. */
export async function writeHeader(dataDir: string, body: Omit<HeaderBody, 'generation'>, previous: VaultHeader | null): Promise<VaultHeader> {
  const header = sealHeader({ ...body, generation: (previous?.generation ?? 0) + 1 } as HeaderBody);
  if (previous) {
    for (let n = HEADER_BACKUPS; n > 1; n--) {
      await fs.rename(path.join(dataDir, backupName(n - 1)), path.join(dataDir, backupName(n))).catch(ignoreMissing);
    }
    await fs.copyFile(path.join(dataDir, HEADER_FILE), path.join(dataDir, backupName(1))).catch(ignoreMissing);
    await fs.chmod(path.join(dataDir, backupName(1)), 0o600).catch(ignoreMissing);
  }
  await writeFileAtomic(path.join(dataDir, HEADER_FILE), `${JSON.stringify(header, null, 2)}\n`);
  return header;
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
