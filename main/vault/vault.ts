import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseOrganisationsnummer } from '../../shared/identifiers/organisationsnummer';
import { MIN_ACCEPTED_LEVEL, passwordStrength } from '../../shared/passwords/strength';
import type { GlobalRole } from '../ipc/session';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/log';
import { appendAudit } from './audit/audit-log';
import { createBackup } from './backups';
import { DATABASE_FILE, type Db, openVault, pendingMigrations, runMigrations } from './db/open-vault';
import { type AccountSlot, type VaultHeader, makeAccountSlot, makeRecoverySlot, newVaultId, openAccountSlotSecrets, openRecoverySlot, usernameTag } from './keys/header';
import { PrivateSecrets } from './keys/private-secrets';
import { HEADER_FILE, readHeader, writeHeader } from './keys/header-store';
import { type KdfParams, calibrateKdf, measureKdf } from './keys/kdf';
import { newRecoveryKey, parseRecoveryKey } from './keys/recovery-key';

export interface VaultDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Fixed KDF parameters (tests); the product calibrates at setup. */
  readonly kdf?: KdfParams;
}

export interface VaultSetup {
  readonly orgName: string;
  readonly orgNumber: string;
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

export class VaultError extends Error {
  override name = 'VaultError';
  constructor(
    readonly code: 'exists' | 'not_found' | 'bad_setup' | 'bad_credentials' | 'forbidden' | 'migration_needs_admin' | 'migration_needs_confirmation',
    message: string,
  ) {
    super(message);
  }
}

export const MIN_PASSWORD_LENGTH = 12;

export function vaultExists(dataDir: string): boolean {
  return existsSync(path.join(dataDir, DATABASE_FILE)) || existsSync(path.join(dataDir, HEADER_FILE));
}

/** An open vault: the database, who opened it, and the key (zeroed on close). */
export class UnlockedVault {
  #account: AccountInfo | null;

  constructor(
    readonly db: Db,
    readonly header: VaultHeader,
    account: AccountInfo | null,
    readonly key: Buffer,
    private readonly deps: VaultDeps,
    /** What the password opened for private notes; empty for a recovery-key unlock. */
    readonly secrets: PrivateSecrets = new PrivateSecrets(null),
  ) {
    this.#account = account;
  }

  get account(): AccountInfo | null {
    return this.#account;
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

  audit(action: string, detail: Record<string, string | number | boolean | null> = {}, caseCode?: string): void {
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
      this.key.fill(0);
      this.secrets.clear();
    }
  }
}

/** Creates a new vault: key, header with the admin's slot and a recovery slot, database, first audit row. */
export async function createVault(dataDir: string, setup: VaultSetup, deps: VaultDeps): Promise<{ recoveryKey: string; vaultId: string }> {
  const orgNumber = parseOrganisationsnummer(setup.orgNumber);
  if (!orgNumber) throw new VaultError('bad_setup', 'The organisationsnummer is not valid');
  if (!setup.orgName.trim()) throw new VaultError('bad_setup', 'The organisation needs a name');
  if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(setup.admin.username)) throw new VaultError('bad_setup', 'The username may hold letters, digits and . _ - (2-64)');
  if (setup.admin.password.length < MIN_PASSWORD_LENGTH) throw new VaultError('bad_setup', `The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (passwordStrength(setup.admin.password, [setup.orgName, setup.admin.username, setup.admin.displayName]).level < MIN_ACCEPTED_LEVEL) {
    throw new VaultError('bad_setup', 'The password is too easy to guess: use a longer passphrase of unrelated words');
  }
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (vaultExists(dataDir)) throw new VaultError('exists', `There is already a vault in ${dataDir}`);

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
      db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)').run('vault_id', vaultId);
      db.prepare('INSERT INTO organisations (id, name, org_number, is_own, created_at) VALUES (?, ?, ?, 1, ?)').run(organisationId, setup.orgName.trim(), orgNumber, now);
      db.prepare(
        'INSERT INTO accounts (id, username, display_name, organisation_id, is_admin, created_at) VALUES (?, ?, ?, ?, 1, ?)',
      ).run(accountId, setup.admin.username, setup.admin.displayName.trim(), organisationId, now);
      appendAudit(db, deps.clock, { accountId, organisationId, action: 'vault.created', detail: { kdfIterations: kdf.iterations, kdfMemoryKiB: kdf.memoryKiB } });
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
 */
export async function unlockVault(dataDir: string, username: string, password: string, deps: VaultDeps, options: { migrate?: boolean } = {}): Promise<UnlockedVault> {
  if (!vaultExists(dataDir)) throw new VaultError('not_found', `No vault in ${dataDir}`);
  const header = await readHeader(dataDir, deps.logger);
  const tag = usernameTag(header.vaultId, username);
  const slot = header.slots.find((s): s is AccountSlot => s.kind === 'account' && s.usernameTag === tag);
  const opened = slot ? await openAccountSlotSecrets(header, slot.accountId, password) : null;
  if (!slot || !opened) {
    await recordFailedUnlock(dataDir, header, username, deps);
    throw new VaultError('bad_credentials', 'Wrong username or password');
  }
  const key = opened.databaseKey;
  const secrets = new PrivateSecrets(opened.noteSecret);
  let db: Db;
  try {
    db = openWithKey(dataDir, key, true);
  } catch (error) {
    secrets.clear();
    throw error;
  }
  const account = loadAccount(db, slot.accountId);
  if (!account) {
    db.close();
    key.fill(0);
    secrets.clear();
    await recordFailedUnlock(dataDir, header, username, deps);
    throw new VaultError('bad_credentials', 'Wrong username or password');
  }
  const vault = await finishUnlock(dataDir, db, header, account, key, deps, 'password', secrets);
  if (pendingMigrations(db) > 0) migrateOnUnlock(vault, dataDir, options.migrate === true);
  return vault;
}

/**
 * A vault written by an older Teamvalv (possibly shared with PCs still running it) is updated
 * only when an admin confirms, and only after a backup of the old version.
 */
function migrateOnUnlock(vault: UnlockedVault, dataDir: string, confirmed: boolean): void {
  const refuse = (code: 'migration_needs_admin' | 'migration_needs_confirmation', message: string): never => {
    vault.close();
    throw new VaultError(code, message);
  };
  if (!vault.account?.roles.includes('admin')) refuse('migration_needs_admin', 'The vault must be updated to this version of Teamvalv; an admin must open it first');
  if (!confirmed) refuse('migration_needs_confirmation', 'The vault must be updated to this version of Teamvalv; confirm to update it (a backup is made first)');
  const from = vault.db.pragma('user_version', { simple: true }) as number;
  createBackup(vault, dataDir, { now: () => vault.now() }, 'manual');
  runMigrations(vault.db);
  vault.audit('vault.migrated', { from, to: vault.db.pragma('user_version', { simple: true }) as number });
}

/** Opens the database with an unwrapped key; the key is zeroed if that fails. */
function openWithKey(dataDir: string, key: Buffer, deferMigrations = false): Db {
  try {
    return openVault(path.join(dataDir, DATABASE_FILE), key, { deferMigrations });
  } catch (error) {
    key.fill(0);
    throw error;
  }
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
    opened.audit('vault.unlocked', { method });
    return new UnlockedVault(db, current, account, key, deps, secrets);
  } catch (error) {
    opened.close();
    throw error;
  }
}

/** Unlocks with the recovery key (no account: for restoring access, e.g. resetting an admin password). */
export async function unlockWithRecoveryKey(dataDir: string, recoveryKeyText: string, deps: VaultDeps): Promise<UnlockedVault> {
  const header = await readHeader(dataDir, deps.logger);
  const bytes = parseRecoveryKey(recoveryKeyText);
  const key = bytes ? openRecoverySlot(header, bytes) : null;
  bytes?.fill(0);
  if (!key) {
    await recordFailedUnlock(dataDir, header, '(recovery key)', deps);
    throw new VaultError('bad_credentials', 'The recovery key does not open this vault');
  }
  return finishUnlock(dataDir, openWithKey(dataDir, key), header, null, key, deps, 'recovery-key');
}

async function recordFailedUnlock(dataDir: string, header: VaultHeader, username: string, deps: VaultDeps): Promise<void> {
  const failedUnlocks = [...header.failedUnlocks, { at: deps.clock.now().toISOString(), username: username.slice(0, 200) }].slice(-1000);
  const { checksum: _checksum, generation: _generation, ...body } = header;
  await writeHeader(dataDir, { ...body, failedUnlocks }, header);
  deps.logger.log('warn', 'unlockVault', 'unlock failed', { queued: failedUnlocks.length });
}

async function drainFailedUnlocks(dataDir: string, vault: UnlockedVault, deps: VaultDeps): Promise<VaultHeader> {
  const header = vault.header;
  if (header.failedUnlocks.length === 0) return header;
  vault.db.transaction(() => {
    for (const failure of header.failedUnlocks) {
      appendAudit(vault.db, deps.clock, { accountId: null, organisationId: null, action: 'vault.unlock-failed', detail: { username: failure.username } }, new Date(failure.at));
    }
  })();
  const { checksum: _checksum, generation: _generation, ...body } = header;
  return writeHeader(dataDir, { ...body, failedUnlocks: [] }, header);
}

/** `export-key`: the raw database key as 64 hex characters, for an admin only, audited. */
export async function exportDatabaseKey(dataDir: string, username: string, password: string, deps: VaultDeps, options: { migrate?: boolean } = {}): Promise<string> {
  const vault = await unlockVault(dataDir, username, password, deps, options);
  try {
    if (!vault.account?.roles.includes('admin') || vault.account.mustChangePassword) {
      vault.audit('key.export-refused', {});
      throw new VaultError('forbidden', 'Only an admin who has chosen their own password may export the database key');
    }
    vault.audit('key.exported', {});
    return vault.key.toString('hex');
  } finally {
    vault.close();
  }
}
