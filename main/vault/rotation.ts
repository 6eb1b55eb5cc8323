import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../runtime/atomic-file';
import { fsyncDirSync, fsyncFileSync } from '../runtime/fsync';
import type { Logger } from '../runtime/log';
import { listBackups, removeLeftoverBackupFolders } from './backups';
import { StorageError, asStorageError } from './storage-errors';
import { DATABASE_FILE, databaseFileChecks, databaseFileOpensWith, rekeyDatabaseFile, rekeyVault } from './db/open-vault';
import { type Rotation, type VaultHeader, makeRecoverySlot, openRotationSecret, resealAccountSlot, sealRotationSecret } from './keys/header';
import { HEADER_FILE, headerForBackup, headerText, readHeader, writeHeader } from './keys/header-store';
import { newRecoveryKey } from './keys/recovery-key';
import type { VaultCore } from './vault-types';
import { EXPORT_FOLDERS, KEY_ROTATION_ROLLED_BACK, deleteSetting, readSetting, setSetting } from './settings';
import { databaseKeyOf } from './key-material';

/**
 * Key rotation as a protocol that a crash at any line leaves recoverable (docs/architecture.md,
 * "Key rotation"). At every instant exactly one database key opens `vault.db`, and the header
 * on disk holds that key for every remaining account:
 *
 * 1. `prepared`: the header gets the new generation beside the current one (the new key sealed
 *    to every remaining account and to a new recovery key; the old key and the new recovery
 *    key's text wrapped under the new key). The new recovery key is shown now (the CLI prints it).
 * 2. The database is re-encrypted (`PRAGMA rekey`, one transaction).
 * 3. `rekeyed`: the new generation becomes the header's slots.
 * 4. Each backup is re-encrypted beside itself, verified, renamed over; then its header copy.
 * 5. The audit row, then `done`: the new recovery key waits (wrapped) until an admin confirms
 *    it was stored.
 *
 * At unlock, a vault that does not open with the header's current key is tried with the pending
 * one, and an interrupted rotation is finished — or, when only the old recovery key was at hand
 * and the database was not yet re-encrypted, rolled back — and the user is told which.
 */
export type RotationStep =
  | 'header-prepared'
  | 'recovery-key-shown'
  | 'start-audited'
  | 'rekey-committed'
  | 'rekeyed'
  | 'header-committed'
  | `backup-temp:${string}`
  | `backup-db:${string}`
  | `backup-done:${string}`
  | 'backups-done'
  | 'audited'
  | 'done';

export interface RotationHooks {
  /** Called after each step; crash tests stop the process here. */
  readonly at?: (step: RotationStep) => void | Promise<void>;
  /** Shows the new recovery key before the old one stops working (the CLI prints it here). */
  readonly showRecoveryKey?: (text: string) => void | Promise<void>;
}

export interface RotationResult {
  readonly rotationId: string;
  readonly recoveryKey: string;
  readonly backupsReencrypted: number;
  readonly backupsDeleted: number;
}

/** A rotation undone at an unlock and not yet done again: when it had started (for admins), or null. */
export function rolledBackRotation(vault: VaultCore): { startedAt: string } | null {
  // A damaged marker reads as none (as before): it only asks admins to rotate again.
  const read = readSetting(vault.db, KEY_ROTATION_ROLLED_BACK);
  return read.state === 'set' ? { startedAt: read.value.startedAt } : null;
}

/** The temporary name a backup's re-encrypted database is written under before it replaces the old one. */
export const REKEY_TEMP_FILE = `${DATABASE_FILE}.rekey-tmp`;

type HeaderBodyOf = Omit<VaultHeader, 'checksum' | 'generation'>;

function bodyOf(header: VaultHeader): HeaderBodyOf {
  const { checksum: _checksum, generation: _generation, ...body } = header;
  return body;
}

function withRotation(header: VaultHeader, rotation: Rotation | null, slots = header.slots): HeaderBodyOf {
  const { rotation: _old, ...body } = bodyOf(header);
  return rotation ? { ...body, slots, rotation } : { ...body, slots };
}

/**
 * Starts and finishes a rotation from an open vault (its key is the current one) — the CLI's
 * way: the new recovery key is shown through `hooks.showRecoveryKey` before the database is
 * re-encrypted. `removesAccountId`: the account this rotation removes.
 */
export async function runRotation(
  vault: VaultCore,
  dataDir: string,
  logger: Logger,
  reason: string,
  options: { readonly removesAccountId?: string; readonly hooks?: RotationHooks } = {},
): Promise<RotationResult> {
  const { rotationId, recoveryKey } = await prepareRotation(vault, dataDir, logger, reason, options);
  const finished = await completeRotation(vault, dataDir, logger, rotationId, options.hooks);
  return { rotationId, recoveryKey, ...finished };
}

/**
 * The first half: the new generation sealed into the header beside the current one, the new
 * recovery key shown (`hooks.showRecoveryKey`, or `shownByCaller`: the app, whose answer carries
 * the key to the admin's screen), the start audited — the account being removed marked removed
 * in the same transaction. The database is still under the current key; the new and old keys
 * stay with the open vault for `completeRotation`. Should the session end first, the next unlock
 * finishes the rotation (the key was shown) — the database is never left without its key.
 */
export async function prepareRotation(
  vault: VaultCore,
  dataDir: string,
  logger: Logger,
  reason: string,
  options: { readonly removesAccountId?: string; readonly hooks?: RotationHooks; readonly shownByCaller?: boolean } = {},
): Promise<{ rotationId: string; recoveryKey: string }> {
  const hooks = options.hooks ?? {};
  const header = await readHeader(dataDir, logger);
  if (header.rotation && header.rotation.state !== 'done') throw new RotationPendingError('A key rotation is already in progress: finish it first');
  const removed = new Set((vault.db.prepare('SELECT id FROM accounts WHERE removed_at IS NOT NULL').all() as { id: string }[]).map((r) => r.id));
  if (options.removesAccountId) removed.add(options.removesAccountId);
  const rotationId = randomUUID();
  const newKey = randomBytes(32);
  const previousKey = Buffer.from(databaseKeyOf(vault));
  const recovery = newRecoveryKey();
  const recoveryText = Buffer.from(recovery.text, 'utf8');
  try {
    const newSlots = header.slots.flatMap((slot) => {
      if (slot.kind === 'recovery') return [makeRecoverySlot(header.vaultId, slot.slotVersion + 1, recovery.bytes, newKey)];
      if (removed.has(slot.accountId)) return [];
      return [resealAccountSlot(header.vaultId, slot, newKey)];
    });
    const rotation: Rotation = {
      id: rotationId,
      reason,
      startedAt: vault.now().toISOString(),
      state: 'prepared',
      ...(options.removesAccountId ? { removesAccountId: options.removesAccountId } : {}),
      newSlots,
      previousKey: sealRotationSecret(header.vaultId, rotationId, 'previous-key', newKey, previousKey),
      recoveryKey: sealRotationSecret(header.vaultId, rotationId, 'recovery-key', newKey, recoveryText),
    };
    // The account being removed leaves the current generation at once (the key stays until the
    // re-encryption; a copy of an older header is never tried for a name this one lacks).
    const slots = header.slots.filter((slot) => !(slot.kind === 'account' && slot.accountId === options.removesAccountId));
    const prepared = await writeHeader(dataDir, withRotation(header, rotation, slots), header);
    await hooks.at?.('header-prepared');
    if (hooks.showRecoveryKey || options.shownByCaller) {
      // Recorded before it is shown: a crash between leaves a rotation that is finished (the new key
      // stays readable for admins until one confirms it), never a printed key that was undone.
      await writeHeader(dataDir, withRotation(prepared, { ...rotation, recoveryKeyShown: true }, slots), prepared);
      await hooks.at?.('recovery-key-shown');
      await hooks.showRecoveryKey?.(recovery.text);
    }
    vault.db.transaction(() => {
      if (options.removesAccountId) markRemoved(vault, options.removesAccountId);
      vault.audit('vault.key-rotation-started', { rotationId, reason });
    })();
    await hooks.at?.('start-audited');
    vault.holdRotationKeys(rotationId, newKey, previousKey);
    return { rotationId, recoveryKey: recovery.text };
  } finally {
    newKey.fill(0);
    previousKey.fill(0);
    recovery.bytes.fill(0);
    recoveryText.fill(0);
  }
}

/**
 * A rotation cannot start, or an account's slot change, while another rotation is prepared
 * (`rotation_pending`); or there is none of this session's to finish (`already_done`: finished or
 * rolled back at an unlock since).
 */
export class RotationPendingError extends Error {
  override name = 'RotationPendingError';
  constructor(
    message: string,
    readonly reason: 'rotation_pending' | 'already_done' = 'rotation_pending',
  ) {
    super(message);
  }
}

/** The second half, by the process that prepared it: re-encrypt, commit, backups, audit. */
export async function completeRotation(
  vault: VaultCore,
  dataDir: string,
  logger: Logger,
  rotationId: string,
  hooks: RotationHooks = {},
): Promise<{ backupsReencrypted: number; backupsDeleted: number }> {
  const header = await readHeader(dataDir, logger);
  const keys = vault.takeRotationKeys(rotationId);
  if (!keys || header.rotation?.id !== rotationId || header.rotation.state !== 'prepared') {
    keys?.newKey.fill(0);
    keys?.previousKey.fill(0);
    throw new RotationPendingError('No key rotation of this session is waiting to be finished', 'already_done');
  }
  try {
    return await finishRotation(vault, dataDir, logger, header, { newKey: keys.newKey, previousKey: keys.previousKey, databaseIsNew: false, atUnlock: false }, hooks);
  } finally {
    keys.newKey.fill(0);
    keys.previousKey.fill(0);
  }
}

function markRemoved(vault: VaultCore, accountId: string): void {
  const changed = vault.db.prepare('UPDATE accounts SET removed_at = ? WHERE id = ? AND removed_at IS NULL').run(vault.now().toISOString(), accountId);
  // The folders the account last exported to (main/services/files) go with it: folder names can say a lot.
  deleteSetting(vault.db, EXPORT_FOLDERS.of(accountId));
  if (changed.changes > 0) vault.audit('account.removed', { accountId });
}

/**
 * Finishes a rotation that is `prepared` or `rekeyed`, from wherever it stopped. Every step is
 * idempotent: re-running it after a crash at any point reaches the same end.
 */
export async function finishRotation(
  vault: VaultCore,
  dataDir: string,
  logger: Logger,
  header: VaultHeader,
  keys: { readonly newKey: Buffer; readonly previousKey: Buffer; readonly databaseIsNew: boolean; readonly atUnlock: boolean },
  hooks: RotationHooks = {},
): Promise<{ backupsReencrypted: number; backupsDeleted: number }> {
  let current = header;
  const rotation = current.rotation;
  if (!rotation || rotation.state === 'done') throw new Error('no rotation to finish');
  if (rotation.state === 'prepared') {
    if (!rotation.newSlots) throw new Error('a prepared rotation without its new slots');
    if (!keys.databaseIsNew) {
      rekeyVault(vault.db, keys.newKey);
      // Committed in the WAL, page 1 of the file still under the old key until the checkpoint.
      await hooks.at?.('rekey-committed');
      vault.db.pragma('wal_checkpoint(TRUNCATE)');
      await hooks.at?.('rekeyed');
    }
    keys.newKey.copy(databaseKeyOf(vault));
    const { newSlots, ...rest } = rotation;
    current = await writeHeader(dataDir, withRotation(current, { ...rest, state: 'rekeyed' }, newSlots), current);
    await hooks.at?.('header-committed');
  }
  if (rotation.removesAccountId) vault.db.transaction(() => markRemoved(vault, rotation.removesAccountId as string))();
  // Half-made backups are copies under the old key too: gone before the others are re-encrypted.
  removeLeftoverBackupFolders(dataDir);
  const backups = await reencryptBackups(vault, dataDir, keys.previousKey, keys.newKey, current, logger, hooks);
  await hooks.at?.('backups-done');
  if (!rotationAudited(vault, rotation.id)) {
    deleteSetting(vault.db, KEY_ROTATION_ROLLED_BACK);
    vault.audit('vault.key-rotated', {
      rotationId: rotation.id,
      reason: rotation.reason,
      backupsReencrypted: backups.backupsReencrypted,
      backupsDeleted: backups.backupsDeleted,
      completedAtUnlock: keys.atUnlock,
    });
  }
  await hooks.at?.('audited');
  const { previousKey: _previous, newSlots: _slots, ...kept } = rotation;
  await writeHeader(dataDir, withRotation(current, { ...kept, state: 'done', completedAt: vault.now().toISOString(), completedAtUnlock: keys.atUnlock }), current);
  await hooks.at?.('done');
  logger.log('info', 'finishRotation', 'key rotation finished', { atUnlock: keys.atUnlock, ...backups });
  return backups;
}

function rotationAudited(vault: VaultCore, rotationId: string): boolean {
  // The id is a UUID written by us: the LIKE pattern holds no wildcard from outside.
  return vault.db.prepare("SELECT 1 FROM audit_log WHERE action = 'vault.key-rotated' AND detail LIKE ? LIMIT 1").get(`%"rotationId":"${rotationId}"%`) !== undefined;
}

/**
 * Re-encrypts every backup still under the previous key, one at a time and each atomically: the
 * copy is re-keyed beside it, synced, verified with the new key, renamed over the old file, and
 * then the backup gets the new header (its slots only). A backup already under the new key just
 * gets the header; one that opens with neither key is deleted rather than left openable by an
 * older key. A disk error stops the run (the rotation stays `rekeyed` and is finished later).
 */
async function reencryptBackups(
  vault: VaultCore,
  dataDir: string,
  previousKey: Buffer,
  newKey: Buffer,
  header: VaultHeader,
  logger: Logger,
  hooks: RotationHooks,
): Promise<{ backupsReencrypted: number; backupsDeleted: number }> {
  let backupsReencrypted = 0;
  let backupsDeleted = 0;
  const copyText = headerText(headerForBackup(header));
  for (const backup of listBackups(dataDir)) {
    const file = path.join(backup.dir, DATABASE_FILE);
    const temp = path.join(backup.dir, REKEY_TEMP_FILE);
    await removeTemp(temp);
    if (databaseFileOpensWith(file, newKey)) {
      await writeFileAtomic(path.join(backup.dir, HEADER_FILE), copyText);
      backupsReencrypted++;
      continue;
    }
    const deleteUnreadable = async (why: string): Promise<void> => {
      await fs.rm(backup.dir, { recursive: true, force: true });
      vault.audit('backup.deleted', { name: backup.name, why });
      backupsDeleted++;
    };
    let opensWithPrevious: boolean;
    try {
      opensWithPrevious = databaseFileOpensWith(file, previousKey);
    } catch (error) {
      if (!(error instanceof StorageError && error.kind === 'corrupt')) throw error;
      await deleteUnreadable('damaged');
      continue;
    }
    if (!opensWithPrevious) {
      // Under a key older than this rotation's: nobody's slot opens it any more.
      await deleteUnreadable('older-key');
      continue;
    }
    await fs.copyFile(file, temp);
    try {
      rekeyDatabaseFile(temp, previousKey, newKey);
    } catch (error) {
      await removeTemp(temp);
      // A damaged page cannot be re-encrypted: the backup cannot be kept under the old key either.
      if (asStorageError(error)?.kind !== 'corrupt' && (error as { code?: string }).code?.startsWith('SQLITE_CORRUPT') !== true) throw error;
      await deleteUnreadable('damaged');
      continue;
    }
    fsyncFileSync(temp);
    if (!databaseFileChecks(temp, newKey)) {
      await removeTemp(temp);
      await deleteUnreadable('damaged');
      continue;
    }
    await hooks.at?.(`backup-temp:${backup.name}`);
    await fs.rename(temp, file);
    fsyncDirSync(backup.dir);
    await hooks.at?.(`backup-db:${backup.name}`);
    await writeFileAtomic(path.join(backup.dir, HEADER_FILE), copyText);
    await hooks.at?.(`backup-done:${backup.name}`);
    backupsReencrypted++;
  }
  logger.log('info', 'reencryptBackups', 'backups under the new key', { backupsReencrypted, backupsDeleted });
  return { backupsReencrypted, backupsDeleted };
}

async function removeTemp(temp: string): Promise<void> {
  for (const suffix of ['', '-wal', '-journal', '-shm']) await fs.rm(`${temp}${suffix}`, { force: true });
}

/** The new recovery key a finished rotation keeps for admins until one confirms it was stored. */
export function pendingRecoveryKey(header: VaultHeader, databaseKey: Buffer): string | null {
  const rotation = header.rotation;
  if (!rotation?.recoveryKey || rotation.state === 'prepared') return null;
  const text = openRotationSecret(header.vaultId, rotation.id, 'recovery-key', databaseKey, rotation.recoveryKey);
  if (!text) return null;
  try {
    return text.toString('utf8');
  } finally {
    text.fill(0);
  }
}

/** A finished rotation whose new recovery key waits for an admin: when it finished, and whether at an unlock. */
export async function rotationAwaitingConfirmation(dataDir: string, logger: Logger): Promise<{ completedAt: string; completedAtUnlock: boolean } | null> {
  const rotation = (await readHeader(dataDir, logger)).rotation;
  if (rotation?.state !== 'done' || !rotation.recoveryKey) return null;
  return { completedAt: rotation.completedAt ?? rotation.startedAt, completedAtUnlock: rotation.completedAtUnlock === true };
}

/** The new recovery key, shown again to an admin (audited); null when none waits. The key bytes stay in here. */
export async function revealNewRecoveryKey(vault: VaultCore, dataDir: string, logger: Logger): Promise<string | null> {
  const header = await readHeader(dataDir, logger);
  const text = header.rotation?.state === 'done' ? pendingRecoveryKey(header, databaseKeyOf(vault)) : null;
  if (text && header.rotation) vault.audit('vault.recovery-key-shown', { rotationId: header.rotation.id });
  return text;
}

/** An admin confirms the new recovery key is stored: the header forgets it (and the finished rotation). */
export async function confirmRecoveryKey(vault: VaultCore, dataDir: string, logger: Logger): Promise<boolean> {
  const header = await readHeader(dataDir, logger);
  if (header.rotation?.state !== 'done') return false;
  await writeHeader(dataDir, withRotation(header, null), header);
  vault.audit('vault.recovery-key-confirmed', { rotationId: header.rotation.id });
  return true;
}

/**
 * A rotation that was prepared but whose database was never re-encrypted, when only the old
 * recovery key is at hand (the new key cannot be had) or the new recovery key was never shown:
 * the rotation is undone. The account it was
 * removing keeps no slot; the old recovery key keeps working; the admin is told to rotate again.
 */
export async function rollBackRotation(vault: VaultCore, dataDir: string, header: VaultHeader): Promise<void> {
  const rotation = header.rotation;
  if (rotation?.state !== 'prepared') throw new Error('only a prepared rotation can be rolled back');
  // The removal the admin asked for stands (marked removed first, then no slot); only its new key
  // is undone — and admins are told until a rotation completes.
  vault.db.transaction(() => {
    if (rotation.removesAccountId) markRemoved(vault, rotation.removesAccountId);
    // Set by a rollback, cleared by the next completed rotation: admins are told to rotate again.
    setSetting(vault.db, KEY_ROTATION_ROLLED_BACK, { startedAt: rotation.startedAt, reason: rotation.reason });
    vault.audit('vault.key-rotation-rolled-back', { rotationId: rotation.id, reason: rotation.reason });
  })();
  const slots = header.slots.filter((slot) => !(slot.kind === 'account' && slot.accountId === rotation.removesAccountId));
  await writeHeader(dataDir, withRotation(header, null, slots), header);
}

/** The old key a rotation in progress keeps wrapped under the new one. */
export function rotationPreviousKey(header: VaultHeader, newKey: Buffer): Buffer | null {
  const rotation = header.rotation;
  if (!rotation?.previousKey) return null;
  return openRotationSecret(header.vaultId, rotation.id, 'previous-key', newKey, rotation.previousKey);
}
