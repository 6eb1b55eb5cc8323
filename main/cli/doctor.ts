import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../runtime/log';
import { readWitness } from '../vault/audit/witness';
import { ChainWalk, type WitnessSession } from '../vault/audit/witness-check';
import type { Db } from '../vault/db/open-vault';
import { leftoverBackupFolders, listBackups } from '../vault/backups';
import { DATABASE_FILE } from '../vault/db/open-vault';
import { type VaultHeader, parseHeader } from '../vault/keys/header';
import { HEADER_BACKUPS, HEADER_FILE, REPLACED_HEADER_FILE } from '../vault/keys/header-store';
import { REKEY_TEMP_FILE } from '../vault/rotation';

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
  if (header) findings.push(rotationFinding(header));
  if (existsSync(path.join(dataDir, REPLACED_HEADER_FILE))) {
    findings.push({ check: 'replaced header', ok: true, detail: `${REPLACED_HEADER_FILE}: a damaged or wrong header was replaced at an unlock by a copy that opens the database; kept for inspection` });
  }
  const rekeyLeftovers = listBackups(dataDir).filter((backup) => existsSync(path.join(backup.dir, REKEY_TEMP_FILE)));
  if (rekeyLeftovers.length) {
    findings.push({ check: 'backup re-encryption', ok: false, detail: `an interrupted re-encryption left ${REKEY_TEMP_FILE} in ${rekeyLeftovers.map((b) => b.name).join(', ')}; the next unlock finishes it` });
  }
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

/** A key rotation that was interrupted, or whose new recovery key no admin has confirmed. */
function rotationFinding(header: VaultHeader): Finding {
  const rotation = header.rotation;
  if (!rotation) return { check: 'key rotation', ok: true, detail: 'none in progress' };
  switch (rotation.state) {
    case 'prepared':
    case 'rekeyed':
      return {
        check: 'key rotation',
        ok: false,
        detail: `a key rotation started ${rotation.startedAt} was interrupted (${rotation.state === 'prepared' ? 'before or during the re-encryption' : 'after the re-encryption, during the backups'}); nothing is lost — the next unlock (app or command) finishes it`,
      };
    case 'done':
      return { check: 'key rotation', ok: true, detail: `finished ${rotation.completedAt ?? rotation.startedAt}; an admin has still to confirm in the app that the new recovery key is stored` };
  }
}

const WITNESS_CHECK = 'audit witness (this PC)';

const shortHash = (hash: string): string => `${hash.slice(0, 16)}…`;

/** Without a login: whether this PC keeps a witness of the vault, its head, and any alarm standing. */
export async function checkWitnessFile(dataDir: string, witnessDir: string): Promise<Finding> {
  const headerText = await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8').catch(() => null);
  const header = headerText === null ? null : parseHeader(headerText);
  if (!header) return { check: WITNESS_CHECK, ok: false, detail: 'cannot tell: the key-slot header names the vault, and it is missing or damaged' };
  const witnessed = await readWitness(witnessDir, header.vaultId);
  if (!witnessed) return { check: WITNESS_CHECK, ok: true, detail: `none for vault ${header.vaultId} in ${witnessDir} (the first unlock on this PC checks the whole chain)` };
  const seen = `last good head ${witnessed.seq}:${shortHash(witnessed.hash)}, seen ${witnessed.at.toISOString()}`;
  if (witnessed.alarm) return { check: WITNESS_CHECK, ok: false, detail: alarmText(witnessed.alarm, seen) };
  const walk = witnessed.walk;
  if (witnessed.seq === 0) {
    const at = walk ? `; the app's first walk of the chain is at row ${walk.through.seq} of ${walk.target.seq}` : '';
    return { check: WITNESS_CHECK, ok: true, detail: `no head verified yet for vault ${header.vaultId}${at} (the next unlock goes on with it)` };
  }
  return { check: WITNESS_CHECK, ok: true, detail: `${seen}; log in (--user) to check the chain against it` };
}

const alarmText = (alarm: { readonly reason: string; readonly at: Date }, seen: string): string =>
  `ALARM standing since ${alarm.at.toISOString()}: ${alarm.reason} (${seen}); an admin must look into it and acknowledge it in the Teamvalv app`;

/** With a login: what the unlock check against this PC's witness found (the session already ran it). */
export function witnessFinding(session: WitnessSession | null, before: { readonly seq: number } | null): Finding {
  if (!session) return { check: WITNESS_CHECK, ok: false, detail: 'the witness folder could not be read or written' };
  const head = session.witnessed;
  if (session.alarm) return { check: WITNESS_CHECK, ok: false, detail: alarmText(session.alarm, `last good head ${head.seq}:${shortHash(head.hash)}`) };
  return {
    check: WITNESS_CHECK,
    ok: true,
    detail: before && before.seq > 0 ? `the chain extends the head this PC saw (row ${before.seq}); witness now at ${head.seq}` : `none before; the whole chain verified and is witnessed now at ${head.seq}`,
  };
}

/** With a login: the whole chain walked (breaks acknowledged on this PC pass as they stand, and are named). */
export function chainFinding(db: Db, session: WitnessSession | null): Finding {
  const accepted = session?.accepted ?? [];
  const walked = new ChainWalk(db, () => accepted).run();
  if (!walked.ok) return { check: 'audit chain', ok: false, detail: walked.reason };
  const note = accepted.length > 0 ? `; acknowledged on this PC: a break at row ${accepted.map((a) => a.seq).join(', ')}` : '';
  return { check: 'audit chain', ok: true, detail: `head ${walked.head.seq}${note}` };
}
