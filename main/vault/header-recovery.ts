import path from 'node:path';
import { writeFileAtomic } from '../runtime/atomic-file';
import type { Logger } from '../runtime/log';
import { listBackups } from './backups';
import { type VaultHeader, scrubbedFailures, sealHeader } from './keys/header';
import { HEADER_BACKUPS, HEADER_FILE, REPLACED_HEADER_FILE, headerBackupFile, headerText, readHeaderFile } from './keys/header-store';

/** Where a header that opened the database came from. */
export type HeaderSource = { readonly kind: 'live' } | { readonly kind: 'generation'; readonly n: number } | { readonly kind: 'backup'; readonly name: string };

export interface HeaderCandidate {
  readonly header: VaultHeader;
  readonly source: Exclude<HeaderSource, { kind: 'live' }>;
}

/** How many backups' header copies are tried (newest first): enough for a week of daily backups. */
const BACKUP_HEADERS_TRIED = 10;

/**
 * Every other intact header in the folder that might open the database: the earlier generations
 * (`vault.keys.bak1` newest … `.bak3`), then each backup's copy, newest first — the same header
 * text only once, and never the live one again. Only a caller with a secret can tell which opens
 * the database; nothing here is trusted or written.
 */
export async function headerCandidates(dataDir: string, live: VaultHeader | null): Promise<HeaderCandidate[]> {
  const seen = new Set<string>(live ? [live.checksum] : []);
  const candidates: HeaderCandidate[] = [];
  const add = (header: VaultHeader | null, source: HeaderCandidate['source']): void => {
    if (!header || seen.has(header.checksum)) return;
    seen.add(header.checksum);
    candidates.push({ header, source });
  };
  for (let n = 1; n <= HEADER_BACKUPS; n++) add(await readHeaderFile(headerBackupFile(dataDir, n)), { kind: 'generation', n });
  for (const backup of listBackups(dataDir).slice(0, BACKUP_HEADERS_TRIED)) {
    add(await readHeaderFile(path.join(backup.dir, HEADER_FILE)), { kind: 'backup', name: backup.name });
  }
  return candidates;
}

/**
 * Earlier versions queued failed unlocks with the typed name in clear (people type passwords into
 * the username field), and the header's generations and backups' copies kept them. After a
 * successful unlock every such copy is rewritten with the names turned into tags (generations) or
 * without the queue (backups' copies, which never need it). Atomic per file; a damaged copy is left.
 */
export async function scrubFailedUnlockNames(dataDir: string, logger: Logger): Promise<number> {
  let scrubbed = 0;
  const rewrite = async (file: string, keepQueue: boolean): Promise<void> => {
    const header = await readHeaderFile(file);
    if (!header || !header.failedUnlocks.some((failure) => 'username' in failure)) return;
    const { checksum: _checksum, ...body } = header;
    const clean = sealHeader({ ...body, failedUnlocks: keepQueue ? scrubbedFailures(header) : [] });
    await writeFileAtomic(file, headerText(clean));
    scrubbed++;
  };
  for (let n = 1; n <= HEADER_BACKUPS; n++) await rewrite(headerBackupFile(dataDir, n), true);
  await rewrite(path.join(dataDir, REPLACED_HEADER_FILE), true);
  for (const backup of listBackups(dataDir)) await rewrite(path.join(backup.dir, HEADER_FILE), false);
  if (scrubbed) logger.log('info', 'scrubFailedUnlockNames', 'typed names removed from earlier header copies', { scrubbed });
  return scrubbed;
}
