import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../shared/ipc/errors';
import { MIN_ACCEPTED_LEVEL, passwordStrength } from '../../shared/passwords/strength';
import type { GlobalRole } from '../ipc/session';
import type { Logger } from '../runtime/log';
import { type AccountSlot, type VaultHeader, makeAccountSlot, rewrapAccountSlot } from './keys/header';
import { readHeader, writeHeader } from './keys/header-store';
import { rewrapNoteKeyOnPasswordChange } from './note-key';
import { formatRecoveryKey } from './keys/recovery-key';
import { type RotationHooks, RotationPendingError, prepareRotation, runRotation } from './rotation';
import { MIN_PASSWORD_LENGTH, type UnlockedVault, type VaultDeps, VaultError, unlockWithRecoveryKey } from './vault';
import { databaseKeyOf } from './key-material';

function requireAdmin(vault: UnlockedVault): void {
  if (!vault.account?.roles.includes('admin')) throw new VaultError('forbidden', 'Only an admin may do this', 'admin_only');
}

/** `field`: the input key the new password came in (`newPassword` when changing one's own). */
function checkNewPassword(password: string, context: readonly string[], field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new VaultError('bad_setup', `The password needs at least ${MIN_PASSWORD_LENGTH} characters`, { reason: 'password_too_short', field });
  if (passwordStrength(password, context).level < MIN_ACCEPTED_LEVEL) throw new VaultError('bad_setup', 'The password is too easy to guess', { reason: 'password_too_weak', field });
}

/** Slots change in both generations during a prepared rotation, which cannot be done here: it waits. */
function refuseWhileRotating(header: VaultHeader): void {
  if (header.rotation?.state === 'prepared') throw new RotationPendingError('A key rotation is waiting to be finished: finish it (or lock and unlock, which finishes it) first');
}

async function replaceSlots(dataDir: string, logger: Logger, change: (header: VaultHeader) => VaultHeader['slots']): Promise<VaultHeader> {
  const current = await readHeader(dataDir, logger);
  refuseWhileRotating(current);
  const { checksum: _c, generation: _g, ...body } = current;
  return writeHeader(dataDir, { ...body, slots: change(current) }, current);
}

/** A one-time password: 16 characters from a 32-letter alphabet (80 bits), to be changed at first login. */
export function oneTimePassword(): string {
  const letters = formatRecoveryKey(randomBytes(32)).replace(/-/g, '').slice(0, 16).toLowerCase();
  return letters.match(/.{4}/g)?.join('-') ?? letters;
}

export interface NewAccount {
  readonly username: string;
  readonly displayName: string;
  readonly organisationId: string;
  readonly roles: readonly GlobalRole[];
}

/** An admin adds an account; it gets a one-time password that must be changed at the first login. */
export async function addAccount(vault: UnlockedVault, dataDir: string, logger: Logger, account: NewAccount): Promise<{ accountId: string; oneTimePassword: string }> {
  requireAdmin(vault);
  if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(account.username)) throw new VaultError('bad_setup', 'The username may hold letters, digits and . _ - (2-64)', { reason: 'username_format', field: 'username' });
  const exists = vault.db.prepare('SELECT 1 FROM accounts WHERE username = ?').get(account.username);
  if (exists) throw new VaultError('exists', 'That username is taken', { reason: 'username_taken', field: 'username' });
  const accountId = randomUUID();
  const password = oneTimePassword();
  const header = await readHeader(dataDir, logger);
  refuseWhileRotating(header);
  const slot = await makeAccountSlot(header.vaultId, accountId, account.username, 1, header.kdf, password, databaseKeyOf(vault));
  vault.db.transaction(() => {
    vault.db
      .prepare(
        'INSERT INTO accounts (id, username, display_name, organisation_id, is_admin, is_psychologist, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)',
      )
      .run(accountId, account.username, account.displayName, account.organisationId, account.roles.includes('admin') ? 1 : 0, account.roles.includes('psychologist') ? 1 : 0, vault.now().toISOString());
    vault.audit('account.added', { accountId, admin: account.roles.includes('admin'), psychologist: account.roles.includes('psychologist') });
  })();
  await replaceSlots(dataDir, logger, (current) => [...current.slots, slot]);
  return { accountId, oneTimePassword: password };
}

/** The signed-in account changes its own password: one slot is re-wrapped, nothing else changes. */
export async function changePassword(vault: UnlockedVault, dataDir: string, logger: Logger, oldPassword: string, newPassword: string): Promise<void> {
  const account = vault.account;
  if (!account) throw new AppError('unauthenticated', 'Sign in first');
  checkNewPassword(newPassword, [account.username, account.displayName], 'newPassword');
  const header = await readHeader(dataDir, logger);
  refuseWhileRotating(header);
  const slot = header.slots.find((s): s is AccountSlot => s.kind === 'account' && s.accountId === account.id);
  const changed = slot ? await rewrapAccountSlot(header, slot, oldPassword, newPassword, await vault.calibratedKdf()) : null;
  if (!changed) throw new VaultError('bad_credentials', 'The current password is wrong');
  let handedOver = false;
  try {
    await replaceSlots(dataDir, logger, (current) => current.slots.map((s) => (s.kind === 'account' && s.accountId === account.id ? changed.slot : s)));
    // The header now holds the new slot. A crash before the next transaction leaves the private
    // notes wrapped to the old password, which still opens them (or the personal code does).
    vault.db.transaction(() => {
      vault.db.prepare('UPDATE accounts SET must_change_password = 0 WHERE id = ?').run(account.id);
      rewrapNoteKeyOnPasswordChange(vault, changed.noteSecret);
      handedOver = true;
      vault.audit('account.password-changed', { accountId: account.id });
    })();
  } finally {
    if (!handedOver) changed.noteSecret.secret.fill(0);
  }
  vault.reloadAccount();
}

/**
 * An admin resets another account's password: a new key pair and slot with a one-time password
 * that must be changed at the next login. (Private notes stay locked: their key is the owner's.)
 */
export async function adminResetPassword(vault: UnlockedVault, dataDir: string, logger: Logger, accountId: string): Promise<{ oneTimePassword: string }> {
  requireAdmin(vault);
  return resetSlot(vault, dataDir, logger, accountId, 'account.password-reset');
}

/** A new key pair and slot with a one-time password that must be changed at the next login. */
async function resetSlot(vault: UnlockedVault, dataDir: string, logger: Logger, accountId: string, action: 'account.password-reset' | 'account.recovered-with-recovery-key'): Promise<{ oneTimePassword: string }> {
  const row = vault.db.prepare('SELECT username FROM accounts WHERE id = ? AND removed_at IS NULL').get(accountId) as { username: string } | undefined;
  if (!row) throw new VaultError('not_found', 'No such account');
  const password = oneTimePassword();
  const header = await readHeader(dataDir, logger);
  refuseWhileRotating(header);
  const old = header.slots.find((s): s is AccountSlot => s.kind === 'account' && s.accountId === accountId);
  const slot = await makeAccountSlot(header.vaultId, accountId, row.username, (old?.slotVersion ?? 0) + 1, header.kdf, password, databaseKeyOf(vault));
  await replaceSlots(dataDir, logger, (current) => [...current.slots.filter((s) => !(s.kind === 'account' && s.accountId === accountId)), slot]);
  vault.db.prepare('UPDATE accounts SET must_change_password = 1 WHERE id = ?').run(accountId);
  vault.audit(action, { accountId });
  return { oneTimePassword: password };
}

/**
 * Forgotten admin password: the recovery key opens the vault and gives that admin account a
 * one-time password (to be changed at the next login). Only admin accounts are recovered this
 * way; admins then reset everyone else. Audited as a recovery.
 */
export async function recoverAdminAccess(
  dataDir: string,
  recoveryKey: string,
  username: string,
  deps: VaultDeps,
  /** Wraps the open vault for its session (the caller's audit witness: checked at open, advanced at close). */
  session: (vault: UnlockedVault) => { readonly close: () => void } = (vault) => ({ close: () => vault.close() }),
): Promise<{ oneTimePassword: string }> {
  const vault = await unlockWithRecoveryKey(dataDir, recoveryKey, deps);
  const open = session(vault);
  try {
    const row = vault.db.prepare('SELECT id, is_admin FROM accounts WHERE username = ? AND removed_at IS NULL').get(username) as { id: string; is_admin: number } | undefined;
    if (!row || row.is_admin !== 1) throw new VaultError('not_found', 'No admin account with that username');
    return await resetSlot(vault, dataDir, deps.logger, row.id, 'account.recovered-with-recovery-key');
  } finally {
    open.close();
  }
}

/**
 * Key rotation: a new database key (`PRAGMA rekey`), re-sealed to every remaining account, a new
 * recovery key, and every backup re-encrypted (or deleted) — each older backup, header copy and
 * recovery key would otherwise still open the data with the old key. Crash-safe: see rotation.ts.
 */
export async function rotateKey(vault: UnlockedVault, dataDir: string, logger: Logger, reason: string, hooks?: RotationHooks): Promise<{ recoveryKey: string }> {
  requireAdmin(vault);
  const { recoveryKey } = await runRotation(vault, dataDir, logger, reason, hooks ? { hooks } : {});
  return { recoveryKey };
}

/** Removing an account rotates the key: the removed person could otherwise still open a header copy. */
export async function removeAccount(vault: UnlockedVault, dataDir: string, logger: Logger, accountId: string, hooks?: RotationHooks): Promise<{ recoveryKey: string }> {
  requireAdmin(vault);
  if (accountId === vault.account?.id) throw new VaultError('forbidden', 'You cannot remove your own account', 'own_account');
  const exists = vault.db.prepare('SELECT 1 FROM accounts WHERE id = ? AND removed_at IS NULL').get(accountId);
  if (!exists) throw new VaultError('not_found', 'No such account');
  const { recoveryKey } = await runRotation(vault, dataDir, logger, 'account-removed', { removesAccountId: accountId, ...(hooks ? { hooks } : {}) });
  return { recoveryKey };
}

/**
 * The app's rotation, in two calls: this one seals the new key into the header and returns the new
 * recovery key to show; `completeRotation` (after the admin has written it down) re-encrypts.
 * Removing an account begins the same way, the account marked removed at once.
 */
export async function beginKeyRotation(vault: UnlockedVault, dataDir: string, logger: Logger, reason: string): Promise<{ rotationId: string; recoveryKey: string }> {
  requireAdmin(vault);
  return prepareRotation(vault, dataDir, logger, reason, { shownByCaller: true });
}

export async function beginAccountRemoval(vault: UnlockedVault, dataDir: string, logger: Logger, accountId: string): Promise<{ rotationId: string; recoveryKey: string }> {
  requireAdmin(vault);
  if (accountId === vault.account?.id) throw new VaultError('forbidden', 'You cannot remove your own account', 'own_account');
  const exists = vault.db.prepare('SELECT 1 FROM accounts WHERE id = ? AND removed_at IS NULL').get(accountId);
  if (!exists) throw new VaultError('not_found', 'No such account');
  return prepareRotation(vault, dataDir, logger, 'account-removed', { removesAccountId: accountId, shownByCaller: true });
}
