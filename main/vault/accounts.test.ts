import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { addAccount, adminResetPassword, changePassword, recoverAdminAccess, removeAccount, rotateKey } from './accounts';
import { createBackup, listBackups } from './backups';
import { DATABASE_FILE, WrongKeyError, openVault } from './db/open-vault';
import { openAccountSlot, openRecoverySlot, parseHeader } from './keys/header';
import { HEADER_FILE } from './keys/header-store';
import { parseRecoveryKey } from './keys/recovery-key';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { VaultError, createVault, unlockVault, unlockWithRecoveryKey } from './vault';
import { databaseKeyOf } from './key-material';

const tempDir = useTempDirs();
const ADMIN_PASSWORD = 'korrekt häst batteri häftklammer';

async function vaultWithTwoAccounts() {
  const dataDir = await tempDir();
  const deps = { clock: new ManualClock('2026-11-23T08:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF };
  const { recoveryKey } = await createVault(dataDir, { orgName: 'Ungdomstorget', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada Admin', password: ADMIN_PASSWORD } }, deps);
  const admin = await unlockVault(dataDir, 'admin', ADMIN_PASSWORD, deps);
  const orgId = (admin.db.prepare('SELECT id FROM organisations').get() as { id: string }).id;
  admin.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('note', 'MARKER-kept-across-changes')").run();
  const { accountId, oneTimePassword } = await addAccount(admin, dataDir, deps.logger, { username: 'psykolog', displayName: 'Pia Psykolog', organisationId: orgId, roles: ['psychologist'] });
  return { dataDir, deps, admin, accountId, oneTimePassword, recoveryKey };
}

const note = (vault: { db: { prepare(sql: string): { get(): unknown } } }) => vault.db.prepare("SELECT value FROM vault_meta WHERE key = 'note'").get();

describe('accounts', () => {
  it('a new account logs in with its one-time password, must change it, and keeps all data after the change', async () => {
    const { dataDir, deps, admin, oneTimePassword } = await vaultWithTwoAccounts();
    admin.close();
    const pia = await unlockVault(dataDir, 'psykolog', oneTimePassword, deps);
    expect(pia.account).toMatchObject({ roles: ['psychologist'], mustChangePassword: true });
    await expect(changePassword(pia, dataDir, deps.logger, 'fel', 'ekorre sjösten gruvlampa kanelbulle')).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(changePassword(pia, dataDir, deps.logger, oneTimePassword, 'Sommar2026!')).rejects.toMatchObject({ code: 'bad_setup' });
    await changePassword(pia, dataDir, deps.logger, oneTimePassword, 'ekorre sjösten gruvlampa kanelbulle');
    pia.close();
    await expect(unlockVault(dataDir, 'psykolog', oneTimePassword, deps)).rejects.toBeInstanceOf(VaultError);
    const again = await unlockVault(dataDir, 'psykolog', 'ekorre sjösten gruvlampa kanelbulle', deps);
    expect(again.account?.mustChangePassword).toBe(false);
    expect(note(again)).toEqual({ value: 'MARKER-kept-across-changes' });
    again.close();
  });

  it('an admin reset gives a one-time password and keeps all data; only admins may reset', async () => {
    const { dataDir, deps, admin, accountId, oneTimePassword } = await vaultWithTwoAccounts();
    const { oneTimePassword: reset } = await adminResetPassword(admin, dataDir, deps.logger, accountId);
    admin.close();
    await expect(unlockVault(dataDir, 'psykolog', oneTimePassword, deps)).rejects.toBeInstanceOf(VaultError);
    const pia = await unlockVault(dataDir, 'psykolog', reset, deps);
    expect(pia.account?.mustChangePassword).toBe(true);
    expect(note(pia)).toEqual({ value: 'MARKER-kept-across-changes' });
    await expect(adminResetPassword(pia, dataDir, deps.logger, accountId)).rejects.toMatchObject({ code: 'forbidden' });
    pia.close();
  });

  it('after removing an account, a header copy taken before the removal no longer opens the vault', async () => {
    const { dataDir, deps, admin, accountId, oneTimePassword } = await vaultWithTwoAccounts();
    const before = parseHeader(await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8'));
    if (!before) throw new Error('no header');
    const oldKey = await openAccountSlot(before, accountId, oneTimePassword);
    expect(oldKey).not.toBeNull();
    await removeAccount(admin, dataDir, deps.logger, accountId);
    admin.close();
    expect(() => openVault(path.join(dataDir, DATABASE_FILE), oldKey as Buffer)).toThrow(WrongKeyError);
    await expect(unlockVault(dataDir, 'psykolog', oneTimePassword, deps)).rejects.toBeInstanceOf(VaultError);
    const stillAdmin = await unlockVault(dataDir, 'admin', ADMIN_PASSWORD, deps);
    expect(note(stillAdmin)).toEqual({ value: 'MARKER-kept-across-changes' });
    stillAdmin.close();
  });

  it('after a key rotation, the old recovery key, an old header copy and an old backup no longer open the vault', async () => {
    const { dataDir, deps, admin, recoveryKey } = await vaultWithTwoAccounts();
    const oldHeader = parseHeader(await fs.readFile(path.join(dataDir, HEADER_FILE), 'utf8'));
    if (!oldHeader) throw new Error('no header');
    const oldKeyFromRecovery = openRecoverySlot(oldHeader, parseRecoveryKey(recoveryKey) as Buffer) as Buffer;
    const backup = createBackup(admin, dataDir, deps.clock, 'manual');
    const { recoveryKey: newRecoveryKey } = await rotateKey(admin, dataDir, deps.logger, 'suspected-compromise');
    admin.close();

    await expect(unlockWithRecoveryKey(dataDir, recoveryKey, deps)).rejects.toBeInstanceOf(VaultError);
    expect(() => openVault(path.join(dataDir, DATABASE_FILE), oldKeyFromRecovery)).toThrow(WrongKeyError);
    // The backup from before was re-encrypted: the old key no longer opens it, the new one does.
    expect(listBackups(dataDir).map((b) => b.name)).toEqual([backup.name]);
    expect(() => openVault(path.join(backup.dir, DATABASE_FILE), oldKeyFromRecovery)).toThrow(WrongKeyError);
    const viaNewRecovery = await unlockWithRecoveryKey(dataDir, newRecoveryKey, deps);
    const backupDb = openVault(path.join(backup.dir, DATABASE_FILE), databaseKeyOf(viaNewRecovery));
    expect(backupDb.prepare("SELECT value FROM vault_meta WHERE key = 'note'").get()).toEqual({ value: 'MARKER-kept-across-changes' });
    backupDb.close();
    // Both accounts still log in without having been asked for their passwords.
    expect(note(viaNewRecovery)).toEqual({ value: 'MARKER-kept-across-changes' });
    viaNewRecovery.close();
    (await unlockVault(dataDir, 'admin', ADMIN_PASSWORD, deps)).close();
  });
});

describe('recoverAdminAccess', () => {
  it('gives an admin who forgot the password a one-time password through the recovery key; data kept', async () => {
    const { dataDir, deps, admin, recoveryKey } = await vaultWithTwoAccounts();
    admin.close();
    await expect(recoverAdminAccess(dataDir, recoveryKey, 'psykolog', deps)).rejects.toMatchObject({ code: 'not_found' });
    const { oneTimePassword } = await recoverAdminAccess(dataDir, recoveryKey, 'admin', deps);
    await expect(unlockVault(dataDir, 'admin', ADMIN_PASSWORD, deps)).rejects.toBeInstanceOf(VaultError);
    const back = await unlockVault(dataDir, 'admin', oneTimePassword, deps);
    expect(back.account).toMatchObject({ roles: ['admin'], mustChangePassword: true });
    expect(note(back)).toEqual({ value: 'MARKER-kept-across-changes' });
    expect((back.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'account.recovered-with-recovery-key'").get() as { n: number }).n).toBe(1);
    back.close();
    await expect(recoverAdminAccess(dataDir, 'AAAA-BBBB', 'admin', deps)).rejects.toMatchObject({ code: 'bad_credentials' });
  });
});
