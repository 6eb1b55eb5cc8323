import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseOrganisationsnummer } from '../../shared/identifiers/organisationsnummer';
import { MIN_ACCEPTED_LEVEL, passwordStrength } from '../../shared/passwords/strength';
import type { OrganisationKind } from '../../shared/roster/model';
import type { GlobalRole } from '../ipc/session';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/log';
import { appendAudit } from './audit/audit-log';
import { createBackup } from './backups';
import { DATABASE_FILE, type Db, WrongKeyError, openVault, pendingMigrations, runMigrations } from './db/open-vault';
import { type HeaderSource, headerCandidates, scrubFailedUnlockNames } from './header-recovery';
import {
  type AccountSlot,
  type Slot,
  type VaultHeader,
  failureTag,
  makeAccountSlot,
  makeRecoverySlot,
  newVaultId,
  openAccountKeys,
  openPendingRecoverySlot,
  openRecoverySlot,
  scrubbedFailures,
  usernameTag,
} from './keys/header';
import { PrivateSecrets } from './keys/private-secrets';
import { HEADER_FILE, HeaderDamagedError, HeaderMissingError, adoptHeader, readHeader, writeHeader } from './keys/header-store';
import { finishRotation, rollBackRotation, rotationPreviousKey } from './rotation';
import { VAULT_ID, setSetting } from './settings';
import type { AuditAction } from '../../shared/audit/events';
import type { ErrorReason, RefusalDetail } from '../../shared/ipc/errors';
import { StorageError, type StorageErrorKind, asStorageError } from './storage-errors';
import { type KdfParams, calibrateKdf, deriveKey, measureKdf } from './keys/kdf';
import { newRecoveryKey, parseRecoveryKey } from './keys/recovery-key';
import { hexBuffer } from './keys/hex-buffer';
import { databaseKeyOf, holdDatabaseKey } from './key-material';
import type { VaultCore } from './vault-types';

export interface VaultDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Fixed KDF parameters (tests); the product calibrates at setup. */
  readonly kdf?: KdfParams;
}

export interface VaultSetup {
  readonly orgName: string;
  readonly orgNumber: string;
  /** Asked at setup; `other` when not given. */
  readonly orgKind?: OrganisationKind;
  readonly admin: { readonly username: string; readonly displayName: string; readonly password: string };
}

export interface AccountInfo {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationId: string;
  readonly roles: readonly GlobalRole[];
  readonly mustChangePassword: boolean;
}

export type VaultErrorCode = 'exists' | 'not_found' | 'bad_setup' | 'bad_credentials' | 'forbidden' | 'migration_needs_admin' | 'migration_needs_confirmation';
/** The codes answered as `conflict`, `invalid_input` or `forbidden`: each says why or which input (shared/ipc/errors.ts). */
export type VaultRefusalCode = 'exists' | 'bad_setup' | 'forbidden' | 'migration_needs_admin';

export class VaultError extends Error {
  override name = 'VaultError';
  readonly code: VaultErrorCode;
  /** Why, or which input, for the page's own sentence (`own_account`, the field `password`); always set for a refusal code. */
  readonly detail: RefusalDetail | undefined;
  constructor(code: VaultRefusalCode, message: string, detail: ErrorReason | RefusalDetail);
  constructor(code: Exclude<VaultErrorCode, VaultRefusalCode>, message: string);
  constructor(code: VaultErrorCode, message: string, detail?: ErrorReason | RefusalDetail) {
    super(message);
    this.code = code;
    this.detail = typeof detail === 'string' ? { reason: detail } : detail;
  }

  /** The reason alone (`own_account`), if one was given. */
  get reason(): ErrorReason | undefined {
    return this.detail?.reason;
  }
}

/** The key-slot header opens, but no key in it (or in any earlier copy) opens the database. */
export class HeaderMismatchError extends WrongKeyError {
  override name = 'HeaderMismatchError';
}

/** What an unlock did besides opening: told to the user (and audited). */
export type VaultNotice =
  | { readonly kind: 'header-recovered'; readonly source: HeaderSource; readonly generation: number }
  | { readonly kind: 'rotation-completed'; readonly startedAt: string }
  | { readonly kind: 'rotation-rolled-back'; readonly startedAt: string }
  | { readonly kind: 'rotation-unfinished'; readonly startedAt: string; readonly problem: StorageErrorKind | 'error' };

export const MIN_PASSWORD_LENGTH = 12;

export function vaultExists(dataDir: string): boolean {
  return existsSync(path.join(dataDir, DATABASE_FILE)) || existsSync(path.join(dataDir, HEADER_FILE));
}

/**
 * An open vault: the database, who opened it, and the key (zeroed on close). The key is private:
 * only main/vault/ reaches it (key-material.ts, lint-enforced).
 */
export class UnlockedVault implements VaultCore {
  #account: AccountInfo | null;
  readonly #key: Buffer;

  constructor(
    readonly db: Db,
    readonly header: VaultHeader,
    account: AccountInfo | null,
    key: Buffer,
    private readonly deps: VaultDeps,
    /** What the password opened for private notes; empty for a recovery-key unlock. */
    readonly secrets: PrivateSecrets = new PrivateSecrets(null),
  ) {
    this.#account = account;
    this.#key = key;
    holdDatabaseKey(this, key);
  }

  /**
   * The same open database seen as another account (the seed signs in as the people who do the
   * work; tests): it shares this vault's connection and key, so closing either closes both. It
   * holds no private-note secrets (those are what one account's password opened).
   */
  as(account: AccountInfo | null): UnlockedVault {
    return new UnlockedVault(this.db, this.header, account, this.#key, this.deps);
  }

  get account(): AccountInfo | null {
    return this.#account;
  }

  /** What the unlock did besides opening (a header recovered, a rotation finished). */
  readonly notices: VaultNotice[] = [];

  /** A rotation this session prepared: its new and old keys until it is completed (zeroed on close). */
  #rotationKeys: { readonly id: string; readonly newKey: Buffer; readonly previousKey: Buffer } | null = null;

  holdRotationKeys(id: string, newKey: Buffer, previousKey: Buffer): void {
    this.#dropRotationKeys();
    this.#rotationKeys = { id, newKey: Buffer.from(newKey), previousKey: Buffer.from(previousKey) };
  }

  /** Hands the keys of the prepared rotation to its completion (the caller zeroes them), or null. */
  takeRotationKeys(id: string): { readonly newKey: Buffer; readonly previousKey: Buffer } | null {
    const keys = this.#rotationKeys;
    if (!keys || keys.id !== id) return null;
    this.#rotationKeys = null;
    return keys;
  }

  #dropRotationKeys(): void {
    this.#rotationKeys?.newKey.fill(0);
    this.#rotationKeys?.previousKey.fill(0);
    this.#rotationKeys = null;
  }

  /** SQLite's count of rows changed through this connection when its work was last backed up; null: not known to be. */
  #changesAtBackup: number | null = null;

  /** Everything committed so far is in a backup (called after a backup, and after an unlock that changed nothing worth one). */
  markBackedUp(): void {
    this.#changesAtBackup = this.#totalChanges();
  }

  /** Whether anything was committed since `markBackedUp` (or it was never called): the lock then backs up. */
  hasUnbackedChanges(): boolean {
    return this.#changesAtBackup === null || this.#totalChanges() > this.#changesAtBackup;
  }

  /** SQLite's count of rows changed through this connection so far (a threaded backup notes it at its copy). */
  changeCount(): number {
    return this.#totalChanges();
  }

  #totalChanges(): number {
    return (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  /** Called before every audited change (so before every commit of a change): the fencing check. */
  fence: () => void = () => undefined;

  /** Re-reads the signed-in account after a change to it (password changed, roles). */
  reloadAccount(): void {
    if (this.#account) this.#account = loadAccount(this.db, this.#account.id);
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** This machine's Argon2id calibration now (tests fix it): a password set here is never wrapped weaker. */
  async calibratedKdf(): Promise<KdfParams> {
    return this.deps.kdf ?? calibrateKdf(measureKdf);
  }

  audit(action: AuditAction, detail: Record<string, string | number | boolean | null> = {}, caseCode?: string): void {
    this.fence();
    appendAudit(this.db, this.deps.clock, {
      accountId: this.account?.id ?? null,
      organisationId: this.account?.organisationId ?? null,
      action,
      caseCode: caseCode ?? null,
      detail,
    });
  }

  /**
   * Closes the database and zeroes the key, whatever happens: a checkpoint that fails (a full
   * disk) leaves the committed pages in the WAL, where the next open finds them — logged, and
   * the lock goes on, so no key stays in memory and no page keeps showing a locked vault.
   */
  close(): void {
    try {
      if (this.db.open) {
        try {
          this.db.pragma('wal_checkpoint(TRUNCATE)');
        } catch (error) {
          this.deps.logger.log('error', 'UnlockedVault.close', 'checkpoint failed; the WAL keeps the committed pages', { kind: error instanceof Error ? error.name : 'error', code: String((error as { code?: unknown }).code ?? '') });
        } finally {
          this.db.close();
        }
      }
    } finally {
      this.#key.fill(0);
      this.#dropRotationKeys();
      this.secrets.clear();
    }
  }
}

/** Creates a new vault: key, header with the admin's slot and a recovery slot, database, first audit row. */
export async function createVault(dataDir: string, setup: VaultSetup, deps: VaultDeps): Promise<{ recoveryKey: string; vaultId: string }> {
  const orgNumber = parseOrganisationsnummer(setup.orgNumber);
  if (!orgNumber) throw new VaultError('bad_setup', 'The organisationsnummer is not valid', { field: 'orgNumber' });
  if (!setup.orgName.trim()) throw new VaultError('bad_setup', 'The organisation needs a name', { field: 'orgName' });
  if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(setup.admin.username)) throw new VaultError('bad_setup', 'The username may hold letters, digits and . _ - (2-64)', { reason: 'username_format', field: 'adminUsername' });
  if (setup.admin.password.length < MIN_PASSWORD_LENGTH) throw new VaultError('bad_setup', `The password needs at least ${MIN_PASSWORD_LENGTH} characters`, { reason: 'password_too_short', field: 'password' });
  if (passwordStrength(setup.admin.password, [setup.orgName, setup.admin.username, setup.admin.displayName]).level < MIN_ACCEPTED_LEVEL) {
    throw new VaultError('bad_setup', 'The password is too easy to guess: use a longer passphrase of unrelated words', { reason: 'password_too_weak', field: 'password' });
  }
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (vaultExists(dataDir)) throw new VaultError('exists', `There is already a vault in ${dataDir}`, 'vault_exists');

  const kdf = deps.kdf ?? (await calibrateKdf(measureKdf));
  const vaultId = newVaultId();
  const accountId = randomUUID();
  const organisationId = randomUUID();
  const databaseKey = randomBytes(32);
  const recovery = newRecoveryKey();
  try {
    const slots = [
      await makeAccountSlot(vaultId, accountId, setup.admin.username, 1, kdf, setup.admin.password, databaseKey),
      makeRecoverySlot(vaultId, 1, recovery.bytes, databaseKey),
    ];
    const header = await writeHeader(dataDir, { format: 1, vaultId, kdf, slots, failedUnlocks: [] }, null);
    const file = path.join(dataDir, DATABASE_FILE);
    const db = openVault(file, databaseKey, { create: true });
    await fs.chmod(file, 0o600);
    const now = deps.clock.now().toISOString();
    const vault = new UnlockedVault(db, header, null, Buffer.from(databaseKey), deps);
    db.transaction(() => {
      setSetting(db, VAULT_ID, vaultId);
      db.prepare('INSERT INTO organisations (id, name, org_number, kind, kind_chosen_at, is_own, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)').run(
        organisationId,
        setup.orgName.trim(),
        orgNumber,
        setup.orgKind ?? 'other',
        setup.orgKind ? now : null,
        now,
      );
      db.prepare(
        'INSERT INTO accounts (id, username, display_name, organisation_id, is_admin, created_at) VALUES (?, ?, ?, ?, 1, ?)',
      ).run(accountId, setup.admin.username, setup.admin.displayName.trim(), organisationId, now);
      appendAudit(db, deps.clock, {
        accountId,
        organisationId,
        action: 'vault.created',
        // orgKind: the kind was chosen at setup (the first-run checklist counts "Annan" chosen there as chosen).
        detail: { kdfIterations: kdf.iterations, kdfMemoryKiB: kdf.memoryKiB, ...(setup.orgKind ? { orgKind: setup.orgKind } : {}) },
      });
    })();
    vault.close();
    deps.logger.log('info', 'createVault', 'vault created', { generation: header.generation });
    return { recoveryKey: recovery.text, vaultId };
  } finally {
    databaseKey.fill(0);
    recovery.bytes.fill(0);
  }
}

function loadAccount(db: Db, accountId: string): AccountInfo | null {
  const row = db
    .prepare('SELECT id, username, display_name, organisation_id, is_admin, is_psychologist, must_change_password FROM accounts WHERE id = ? AND removed_at IS NULL')
    .get(accountId) as
    | { id: string; username: string; display_name: string; organisation_id: string; is_admin: number; is_psychologist: number; must_change_password: number }
    | undefined;
  if (!row) return null;
  const roles: GlobalRole[] = [];
  if (row.is_admin) roles.push('admin');
  if (row.is_psychologist) roles.push('psychologist');
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    organisationId: row.organisation_id,
    roles,
    mustChangePassword: row.must_change_password === 1,
  };
}

/**
 * Unlocks with a username and password. A failure is queued in the header (the database stays
 * closed) and moved into the audit log at the next successful unlock. Nothing is ever wiped.
 * A damaged header, or one that does not open the database, is replaced by the first earlier
 * generation or backup copy that opens it with this password (header-recovery.ts); a key rotation
 * that was interrupted is finished here (rotation.ts). The vault's `notices` say what was done.
 */
export async function unlockVault(
  dataDir: string,
  username: string,
  password: string,
  deps: VaultDeps,
  /** `beforeOpen`: runs once the password has opened a slot, before the database is opened (the holder takeover). */
  options: { migrate?: boolean; beforeOpen?: () => Promise<void> } = {},
): Promise<UnlockedVault> {
  if (!vaultExists(dataDir)) throw new VaultError('not_found', `No vault in ${dataDir}`);
  const started = process.hrtime.bigint();
  // Time spent opening key slots (Argon2id at the header's cost, then the unwrap): the rest is the
  // unlock's own work. Logged at debug level for the bench (issue 16: unlock to a usable screen).
  let slotNs = 0n;
  const attempt = async (header: VaultHeader): Promise<Attempt> => {
    const slotStarted = process.hrtime.bigint();
    try {
      return await openSlotOf(header);
    } finally {
      slotNs += process.hrtime.bigint() - slotStarted;
    }
  };
  const openSlotOf = async (header: VaultHeader): Promise<Attempt> => {
    const tag = usernameTag(header.vaultId, username);
    const isUser = (s: Slot): s is AccountSlot => s.kind === 'account' && s.usernameTag === tag;
    const slot = header.slots.find(isUser) ?? header.rotation?.newSlots?.find(isUser);
    if (!slot) return { kind: 'no-slot' };
    const opened = await openAccountKeys(header, slot.accountId, password);
    if (!opened) return { kind: 'bad-secret' };
    return { kind: 'keys', current: opened.databaseKey, pending: opened.pendingKey, accountId: slot.accountId, secrets: new PrivateSecrets(opened.noteSecret) };
  };
  const found = await findOpeningHeader(dataDir, attempt, deps, { typed: { username }, tryOthersWithoutSlot: true, beforeOpen: options.beforeOpen });
  const { db, header, key, secrets } = found;
  const account = found.accountId ? loadAccount(db, found.accountId) : null;
  // A removed account, or one this rotation is removing (no slot in the new generation), is refused.
  const beingRemoved = header.rotation?.state === 'prepared' && found.pending === null;
  if (!account || beingRemoved) {
    db.close();
    key.fill(0);
    found.pending?.fill(0);
    secrets.clear();
    if (found.source.kind === 'live') await recordFailedUnlock(dataDir, header, { username }, deps);
    throw new VaultError('bad_credentials', 'Wrong username or password');
  }
  if (found.source.kind !== 'live') await adoptHeader(dataDir, header);
  const vault = await finishUnlock(dataDir, db, header, account, key, deps, 'password', secrets);
  try {
    if (found.source.kind !== 'live') noteHeaderRecovered(vault, found.source);
    await resumeRotation(vault, dataDir, deps, found);
  } catch (error) {
    vault.close();
    throw error;
  } finally {
    found.pending?.fill(0);
  }
  if (pendingMigrations(db) > 0) migrateOnUnlock(vault, dataDir, options.migrate === true);
  const ms = (ns: bigint): number => Math.round(Number(ns) / 1e4) / 100;
  deps.logger.log('debug', 'unlockVault', 'unlocked', { slotMs: ms(slotNs), totalMs: ms(process.hrtime.bigint() - started) });
  return vault;
}

type TypedSecret = { readonly username: string } | { readonly recovery: true };

/**
 * A name that has no slot costs what a wrong password costs (one Argon2id run at the header's
 * parameters), so the time of an answer does not tell which usernames exist.
 */
async function costOfASlot(header: VaultHeader, typed: TypedSecret): Promise<void> {
  if (!('username' in typed)) return;
  const kek = await deriveKey(typed.username, NO_SLOT_SALT, header.kdf);
  kek.fill(0);
}
const NO_SLOT_SALT = Buffer.alloc(16, 0x5a);

/** What a secret opens in one header: the current and pending database keys, or why not. */
type Attempt =
  | { readonly kind: 'no-slot' | 'bad-secret' }
  | { readonly kind: 'keys'; readonly current: Buffer | null; readonly pending: Buffer | null; readonly accountId: string | null; readonly secrets: PrivateSecrets };

interface FoundHeader {
  readonly db: Db;
  readonly header: VaultHeader;
  readonly source: HeaderSource;
  /** The key that opened the database (owned by the vault from here). */
  readonly key: Buffer;
  /** Which of the header's keys opened it. */
  readonly which: 'current' | 'pending' | 'previous';
  /** The new generation's key during a rotation, when the secret opened it. */
  readonly pending: Buffer | null;
  readonly accountId: string | null;
  readonly secrets: PrivateSecrets;
}

/**
 * Finds the header that opens the database with this secret: the live one, else (when the live
 * one is missing, damaged, does not hold the secret's slot, or holds a key that does not open the
 * database) each earlier generation and each backup's copy in turn. A wrong secret for an intact
 * live header is a wrong secret: older copies are never tried with it (an old password must not
 * open the vault). Nothing is written here.
 */
async function findOpeningHeader(
  dataDir: string,
  attempt: (header: VaultHeader) => Promise<Attempt>,
  deps: VaultDeps,
  failure: { readonly typed: TypedSecret; readonly tryOthersWithoutSlot: boolean; readonly beforeOpen?: (() => Promise<void>) | undefined },
): Promise<FoundHeader> {
  const live = await readLiveHeader(dataDir);
  let liveOpenedKeyButNotDatabase = false;
  // Once a secret has opened a slot (so never for a wrong password): e.g. taking the vault over from another PC.
  let proven = false;
  const prove = async (keys: Extract<Attempt, { kind: 'keys' }>): Promise<void> => {
    if (proven || !failure.beforeOpen) return;
    proven = true;
    try {
      await failure.beforeOpen();
    } catch (error) {
      keys.current?.fill(0);
      keys.pending?.fill(0);
      keys.secrets.clear();
      throw error;
    }
  };
  if (live.header) {
    const result = await attempt(live.header);
    if (result.kind === 'no-slot') await costOfASlot(live.header, failure.typed);
    if (result.kind === 'keys') {
      await prove(result);
      const opened = openDatabaseWith(dataDir, live.header, result);
      if (opened) return { ...opened, header: live.header, source: { kind: 'live' } };
      liveOpenedKeyButNotDatabase = true;
    } else if (result.kind === 'bad-secret' || !failure.tryOthersWithoutSlot) {
      await recordFailedUnlock(dataDir, live.header, failure.typed, deps);
      throw new VaultError('bad_credentials', 'Wrong username or password');
    }
  }
  let someSlotRefused = false;
  for (const candidate of await headerCandidates(dataDir, live.header)) {
    // An intact live header of this vault without the name's slot means no such account (or a
    // removed one): older copies of the same vault are not asked. Only when the live header is
    // another vault's are this vault's own copies tried for the name.
    if (live.header && !liveOpenedKeyButNotDatabase && candidate.header.vaultId === live.header.vaultId) continue;
    const result = await attempt(candidate.header);
    if (result.kind !== 'keys') {
      someSlotRefused ||= result.kind === 'bad-secret';
      continue;
    }
    await prove(result);
    const opened = openDatabaseWith(dataDir, candidate.header, result);
    if (opened) {
      deps.logger.log('warn', 'unlockVault', 'the live key-slot header did not open the vault; an earlier copy did', { source: candidate.source.kind });
      return { ...opened, header: candidate.header, source: candidate.source };
    }
  }
  if (liveOpenedKeyButNotDatabase && live.header?.rotation) {
    // The database was re-encrypted by the rotation in progress: this secret opened only the old
    // generation (an old recovery key). Nothing is damaged and no backup is needed.
    throw new VaultError('bad_credentials', 'A key rotation has replaced this key: sign in with a password, or use the new recovery key');
  }
  if (liveOpenedKeyButNotDatabase) throw new HeaderMismatchError('The key-slot header opened, but no key in it or in any earlier copy opens the database');
  if (live.header) {
    await recordFailedUnlock(dataDir, live.header, failure.typed, deps);
    throw new VaultError('bad_credentials', 'Wrong username or password');
  }
  if (someSlotRefused) throw new VaultError('bad_credentials', 'Wrong username or password');
  if (live.state === 'missing') throw new HeaderDamagedError('The key-slot header is missing, and no earlier copy opens the database');
  throw new HeaderDamagedError('The key-slot header is damaged, and no earlier copy opens the database');
}

async function readLiveHeader(dataDir: string): Promise<{ header: VaultHeader | null; state: 'ok' | 'missing' | 'damaged' }> {
  try {
    return { header: await readHeader(dataDir), state: 'ok' };
  } catch (error) {
    if (error instanceof HeaderMissingError) return { header: null, state: 'missing' };
    if (error instanceof HeaderDamagedError) return { header: null, state: 'damaged' };
    throw error;
  }
}

/**
 * Opens the database with the header's keys: the current one, then (during a rotation) the new
 * one, then the old one the rotation keeps wrapped under the new one (when only the new recovery
 * key was at hand and the database was not yet re-encrypted). Null when none opens it; unused keys
 * are zeroed. Any other failure (a disk error) is thrown.
 */
function openDatabaseWith(
  dataDir: string,
  header: VaultHeader,
  keys: Extract<Attempt, { kind: 'keys' }>,
): Omit<FoundHeader, 'header' | 'source'> | null {
  const previous = keys.pending ? rotationPreviousKey(header, keys.pending) : null;
  const tries: [FoundHeader['which'], Buffer | null][] = [
    ['current', keys.current],
    ['pending', keys.pending],
    ['previous', previous],
  ];
  const zeroAllBut = (kept: Buffer | null): void => {
    for (const [, key] of tries) if (key && key !== kept && key !== keys.pending) key.fill(0);
  };
  // A "damaged first page" for one key may be the other key's page 1 in the WAL (a rotation cut
  // between its re-encryption and the checkpoint): every key is tried before damage is reported.
  let damaged: StorageError | null = null;
  try {
    for (const [which, key] of tries) {
      if (!key) continue;
      try {
        const db = openVault(path.join(dataDir, DATABASE_FILE), key, { deferMigrations: true });
        zeroAllBut(key);
        // The pending key stays with the caller (to finish the rotation); the opening key goes to the vault.
        return { db, key: which === 'pending' ? Buffer.from(key) : key, which, pending: keys.pending, accountId: keys.accountId, secrets: keys.secrets };
      } catch (error) {
        if (error instanceof StorageError && error.kind === 'corrupt' && error.firstPage) damaged ??= error;
        else if (!(error instanceof WrongKeyError)) throw error;
      }
    }
    if (damaged) throw damaged;
  } catch (error) {
    zeroAllBut(null);
    keys.pending?.fill(0);
    keys.secrets.clear();
    throw error;
  }
  zeroAllBut(null);
  keys.pending?.fill(0);
  keys.secrets.clear();
  return null;
}

function noteHeaderRecovered(vault: UnlockedVault, source: HeaderSource): void {
  vault.audit('vault.header-recovered', { source: source.kind, name: source.kind === 'backup' ? source.name : source.kind === 'generation' ? `vault.keys.bak${source.n}` : null, generation: vault.header.generation });
  vault.notices.push({ kind: 'header-recovered', source, generation: vault.header.generation });
}

/**
 * An interrupted rotation, found at unlock: finished when the new key is at hand (any remaining
 * account, or the new recovery key), rolled back when only the old recovery key opened a database
 * that was never re-encrypted.
 */
async function resumeRotation(vault: UnlockedVault, dataDir: string, deps: VaultDeps, found: FoundHeader): Promise<void> {
  const header = await readHeader(dataDir, deps.logger);
  const rotation = header.rotation;
  if (!rotation || rotation.state === 'done') return;
  // Undone when the new key cannot be had (only the old recovery key opened), or when the database
  // is still under the old key and the new recovery key was printed nowhere (the old one stays valid).
  const databaseIsOld = found.which !== 'pending';
  if (rotation.state === 'prepared' && (!found.pending || (databaseIsOld && rotation.recoveryKeyShown !== true))) {
    await rollBackRotation(vault, dataDir, header);
    vault.notices.push({ kind: 'rotation-rolled-back', startedAt: rotation.startedAt });
    return;
  }
  // prepared: the new key is `pending`; rekeyed: the database is already under the vault's key.
  const newKey = rotation.state === 'prepared' ? (found.pending as Buffer) : databaseKeyOf(vault);
  const previousKey = found.which === 'pending' || rotation.state === 'rekeyed' ? rotationPreviousKey(header, newKey) : Buffer.from(databaseKeyOf(vault));
  if (!previousKey) throw new HeaderDamagedError('The key rotation in progress cannot be read with the new key');
  try {
    await finishRotation(vault, dataDir, deps.logger, header, { newKey, previousKey, databaseIsNew: found.which === 'pending' || rotation.state === 'rekeyed', atUnlock: true });
  } catch (error) {
    // Finishing is never a condition of getting in: a damaged page or a full disk leaves the
    // rotation where it stopped (a failed re-encryption rolls back; the connection keeps its key)
    // and the next unlock tries again. Only a connection that no longer reads is given up.
    vault.db.prepare('SELECT count(*) FROM sqlite_master').get();
    const kind = asStorageError(error)?.kind ?? 'error';
    deps.logger.log('error', 'resumeRotation', 'the interrupted key rotation could not be finished', { kind });
    vault.notices.push({ kind: 'rotation-unfinished', startedAt: rotation.startedAt, problem: kind });
    return;
  } finally {
    previousKey.fill(0);
  }
  vault.notices.push({ kind: 'rotation-completed', startedAt: rotation.startedAt });
}

/**
 * A vault written by an older Teamvalv (possibly shared with PCs still running it) is updated
 * only when an admin confirms, and only after a backup of the old version.
 */
function migrateOnUnlock(vault: UnlockedVault, dataDir: string, confirmed: boolean): void {
  const refuse = (error: VaultError): never => {
    vault.close();
    throw error;
  };
  if (!vault.account?.roles.includes('admin')) refuse(new VaultError('migration_needs_admin', 'The vault must be updated to this version of Teamvalv; an admin must open it first', 'migration_needs_admin'));
  if (!confirmed) refuse(new VaultError('migration_needs_confirmation', 'The vault must be updated to this version of Teamvalv; confirm to update it (a backup is made first)'));
  const from = vault.db.pragma('user_version', { simple: true }) as number;
  createBackup(vault, dataDir, { now: () => vault.now() }, 'manual');
  runMigrations(vault.db);
  vault.audit('vault.migrated', { from, to: vault.db.pragma('user_version', { simple: true }) as number });
}

/** Moves queued failures into the audit log, records the unlock, and hands out the open vault. */
async function finishUnlock(
  dataDir: string,
  db: Db,
  header: VaultHeader,
  account: AccountInfo | null,
  key: Buffer,
  deps: VaultDeps,
  method: 'password' | 'recovery-key',
  secrets = new PrivateSecrets(null),
): Promise<UnlockedVault> {
  const opened = new UnlockedVault(db, header, account, key, deps, secrets);
  try {
    const current = await drainFailedUnlocks(dataDir, opened, deps);
    await scrubFailedUnlockNames(dataDir, deps.logger);
    opened.audit('vault.unlocked', { method });
    return new UnlockedVault(db, current, account, key, deps, secrets);
  } catch (error) {
    opened.close();
    throw error;
  }
}

/** Unlocks with the recovery key (no account: for restoring access, e.g. resetting an admin password). */
export async function unlockWithRecoveryKey(dataDir: string, recoveryKeyText: string, deps: VaultDeps): Promise<UnlockedVault> {
  if (!vaultExists(dataDir)) throw new VaultError('not_found', `No vault in ${dataDir}`);
  const bytes = parseRecoveryKey(recoveryKeyText);
  const attempt = async (header: VaultHeader): Promise<Attempt> => {
    if (!bytes) return { kind: 'bad-secret' };
    const current = openRecoverySlot(header, bytes);
    const pending = openPendingRecoverySlot(header, bytes);
    if (!current && !pending) return { kind: 'bad-secret' };
    return { kind: 'keys', current, pending, accountId: null, secrets: new PrivateSecrets(null) };
  };
  let found: FoundHeader;
  try {
    found = await findOpeningHeader(dataDir, attempt, deps, { typed: { recovery: true }, tryOthersWithoutSlot: false });
  } catch (error) {
    if (error instanceof VaultError && error.code === 'bad_credentials' && error.message === 'Wrong username or password') throw new VaultError('bad_credentials', 'The recovery key does not open this vault');
    throw error;
  } finally {
    bytes?.fill(0);
  }
  if (found.source.kind !== 'live') await adoptHeader(dataDir, found.header);
  const vault = await finishUnlock(dataDir, found.db, found.header, null, found.key, deps, 'recovery-key');
  try {
    if (found.source.kind !== 'live') noteHeaderRecovered(vault, found.source);
    await resumeRotation(vault, dataDir, deps, found);
    if (pendingMigrations(vault.db) > 0) runMigrations(vault.db);
  } catch (error) {
    vault.close();
    throw error;
  } finally {
    found.pending?.fill(0);
  }
  return vault;
}

/** Queues a failure in the header: its time and whose (a tag already in the header, or null) — never what was typed. */
async function recordFailedUnlock(dataDir: string, header: VaultHeader, typed: TypedSecret, deps: VaultDeps): Promise<void> {
  const failedUnlocks = [...scrubbedFailures(header), { at: deps.clock.now().toISOString(), tag: failureTag(header, typed) }].slice(-1000);
  const { checksum: _checksum, generation: _generation, ...body } = header;
  await writeHeader(dataDir, { ...body, failedUnlocks }, header);
  deps.logger.log('warn', 'unlockVault', 'unlock failed', { queued: failedUnlocks.length });
}

async function drainFailedUnlocks(dataDir: string, vault: UnlockedVault, deps: VaultDeps): Promise<VaultHeader> {
  const header = vault.header;
  if (header.failedUnlocks.length === 0) return header;
  const accountOf = new Map([...header.slots, ...(header.rotation?.newSlots ?? [])].flatMap((slot) => (slot.kind === 'account' ? [[slot.usernameTag, slot.accountId] as const] : [])));
  vault.db.transaction(() => {
    for (const failure of scrubbedFailures(header)) {
      // Whose account was tried (the admin sees it in the log), or that the name was none's; never the name typed.
      const detail = { account: failure.tag && failure.tag !== 'recovery' ? (accountOf.get(failure.tag) ?? null) : null, recoveryKey: failure.tag === 'recovery' };
      appendAudit(vault.db, deps.clock, { accountId: null, organisationId: null, action: 'vault.unlock-failed', detail }, new Date(failure.at));
    }
  })();
  const { checksum: _checksum, generation: _generation, ...body } = header;
  return writeHeader(dataDir, { ...body, failedUnlocks: [] }, header);
}

/**
 * `export-key`: the raw database key as 64 hex characters (ASCII, between `frame`'s prefix and
 * suffix), for an admin only, audited. A Buffer, never a string: the caller zeroes it after use.
 */
export async function exportDatabaseKey(dataDir: string, username: string, password: string, deps: VaultDeps, options: { migrate?: boolean; frame?: KeyFrame } = {}): Promise<Buffer> {
  const vault = await unlockVault(dataDir, username, password, deps, options);
  try {
    return exportKeyOf(vault, options.frame);
  } finally {
    vault.close();
  }
}

/** Text around the exported hex (not secret): the CLI's JSON framing, say. */
export interface KeyFrame {
  readonly prefix: string;
  readonly suffix: string;
}

/** The same on a vault already open (the CLI opens it with this PC's witness): admin only, audited either way. */
export function exportKeyOf(vault: UnlockedVault, frame: KeyFrame = { prefix: '', suffix: '' }): Buffer {
  if (!vault.account?.roles.includes('admin') || vault.account.mustChangePassword) {
    vault.audit('key.export-refused', {});
    throw new VaultError('forbidden', 'Only an admin who has chosen their own password may export the database key', vault.account?.roles.includes('admin') ? 'change_password_first' : 'admin_only');
  }
  vault.audit('key.exported', {});
  return hexBuffer(databaseKeyOf(vault), frame.prefix, frame.suffix);
}
