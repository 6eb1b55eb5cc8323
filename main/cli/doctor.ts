import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../runtime/log';
import { leftoverBackupFolders, listBackups } from '../vault/backups';
import { DATABASE_FILE } from '../vault/db/open-vault';
import { parseHeader } from '../vault/keys/header';
import { HEADER_BACKUPS, HEADER_FILE } from '../vault/keys/header-store';

export interface Finding {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** What can be checked without a password: the header and its generations, the backup folders, and file modes. */
export async function checkFiles(dataDir: string, _logger: Logger): Promise<Finding[]> {
  const findings: Finding[] = [];
  const headerText = await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8').catch(() => null);
  const header = headerText === null ? null : parseHeader(headerText);
  findings.push({ check: 'key-slot header', ok: header !== null, detail: header ? `generation ${header.generation}, ${header.slots.length} slots` : 'missing or damaged' });
  let intactBackups = 0;
  for (let n = 1; n <= HEADER_BACKUPS; n++) {
    const text = await fs.readFile(path.join(dataDir, `${HEADER_FILE}.bak${n}`), 'utf8').catch(() => null);
    if (text !== null && parseHeader(text)) intactBackups++;
  }
  findings.push({ check: 'header backups', ok: true, detail: `${intactBackups} intact` });
  findings.push({ check: 'database file', ok: existsSync(path.join(dataDir, DATABASE_FILE)), detail: DATABASE_FILE });
  // A cut-off backup is never taken for a backup, but it takes room and may hold old data: the next backup removes it.
  const leftovers = leftoverBackupFolders(dataDir);
  findings.push({
    check: 'backup folders',
    ok: leftovers.length === 0,
    detail: leftovers.length
      ? `not backups (removed by the next backup): ${leftovers.map((l) => `${l.name} (${l.problem})`).join('; ')}`
      : `${listBackups(dataDir).length} backups`,
  });
  if (process.platform !== 'win32') {
    const dirMode = (await fs.stat(dataDir)).mode & 0o777;
    findings.push({ check: 'folder permissions', ok: (dirMode & 0o077) === 0, detail: dirMode.toString(8).padStart(4, '0') });
    for (const name of await fs.readdir(dataDir)) {
      if (!name.startsWith('vault.')) continue;
      const mode = (await fs.stat(path.join(dataDir, name))).mode & 0o777;
      findings.push({ check: `permissions ${name}`, ok: (mode & 0o077) === 0, detail: mode.toString(8).padStart(4, '0') });
    }
  }
  return findings;
}
