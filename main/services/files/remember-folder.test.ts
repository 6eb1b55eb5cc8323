import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testAppCore } from '../../test-support/app-core';
import { EXPORT_FOLDERS } from '../../vault/settings';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();
const PASSWORD = 'möte varje tisdag klockan nio';

describe('the export folder picker remembers the last folder per kind', () => {
  it('starts in the folder last used for the same kind, per account, kept in the vault across a lock', async () => {
    const exportDir = await tempDir();
    const core = await testAppCore(await tempDir(), { exportDir });
    const { call } = core;
    await call('vault:setup', { orgName: 'Ung Arena Lidköping', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim', password: PASSWORD });
    const minutes = path.join(await tempDir(), 'Protokoll');
    await fs.mkdir(minutes);
    expect((await call<{ path: string }>('files:folders', { kind: 'minutes' })).path).toBe(path.resolve(exportDir));
    await call('files:remember-folder', { kind: 'minutes', folder: minutes });
    expect((await call<{ path: string }>('files:folders', { kind: 'minutes' })).path).toBe(minutes);
    // Another kind, and a picker that names no kind, still start in the policy's folder.
    expect((await call<{ path: string }>('files:folders', { kind: 'roster' })).path).toBe(path.resolve(exportDir));
    expect((await call<{ path: string }>('files:folders', {})).path).toBe(path.resolve(exportDir));

    // Kept in the vault: still there after a lock and unlock; another account starts afresh.
    const added = await call<{ oneTimePassword: string; accountId: string }>('accounts:add', { username: 'sam', displayName: 'Sam', roles: [] });
    await call('vault:lock');
    await call('vault:unlock', { username: 'kim', password: PASSWORD });
    expect((await call<{ path: string }>('files:folders', { kind: 'minutes' })).path).toBe(minutes);
    await call('vault:lock');
    await call('vault:unlock', { username: 'sam', password: added.oneTimePassword });
    await call('vault:change-password', { oldPassword: added.oneTimePassword, newPassword: 'samma väg hem varje fredag kväll' });
    expect((await call<{ path: string }>('files:folders', { kind: 'minutes' })).path).toBe(path.resolve(exportDir));
    await call('files:remember-folder', { kind: 'minutes', folder: minutes });

    // A removed account's folders go with it.
    const { app } = core;
    expect(app.vault.vault.db.prepare('SELECT count(*) AS n FROM vault_meta WHERE key = ?').get(EXPORT_FOLDERS.of(added.accountId).key)).toEqual({ n: 1 });
    await call('vault:lock');
    await call('vault:unlock', { username: 'kim', password: PASSWORD });
    await call('accounts:remove', { accountId: added.accountId });
    expect(app.vault.vault.db.prepare('SELECT count(*) AS n FROM vault_meta WHERE key = ?').get(EXPORT_FOLDERS.of(added.accountId).key)).toEqual({ n: 0 });
  });

  it('a remembered folder that is gone falls back to where a new export starts', async () => {
    const exportDir = await tempDir();
    const { call } = await testAppCore(await tempDir(), { exportDir });
    await call('vault:setup', { orgName: 'Ung Arena Lidköping', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim', password: PASSWORD });
    const gone = path.join(await tempDir(), 'Borta');
    await fs.mkdir(gone);
    await call('files:remember-folder', { kind: 'audit', folder: gone });
    await fs.rmdir(gone);
    expect((await call<{ path: string }>('files:folders', { kind: 'audit' })).path).toBe(path.resolve(exportDir));
  });
});
