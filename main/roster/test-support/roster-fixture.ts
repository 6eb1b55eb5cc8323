import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { FLOOR_KDF } from '../../vault/test-support/fast-kdf';
import { type AccountInfo, type UnlockedVault, createVault, unlockVault } from '../../vault/vault';

export const ADMIN_PASSWORD = 'möte varje tisdag klockan nio';

/**
 * A real encrypted vault in a temp folder, opened by its admin, and a way to act as other accounts
 * on the same connection: `as(account)` is the vault as that account sees it (the same database,
 * another signed-in account) — the repositories' rules are what is under test, not the unlock.
 */
export async function rosterVault(now = '2026-11-23T09:00:00Z') {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-roster-'));
  const clock = new ManualClock(now);
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Anna Admin', password: ADMIN_PASSWORD } }, deps);
  const admin = await unlockVault(dataDir, 'admin', ADMIN_PASSWORD, deps);
  const ownOrganisationId = (admin.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;

  /** An account row (no key slot: it never unlocks by itself here) and the vault as it sees it. */
  const account = (username: string, roles: AccountInfo['roles'] = []): UnlockedVault => {
    const id = randomUUID();
    admin.db
      .prepare('INSERT INTO accounts (id, username, display_name, organisation_id, is_admin, is_psychologist, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, username, username, ownOrganisationId, roles.includes('admin') ? 1 : 0, roles.includes('psychologist') ? 1 : 0, clock.now().toISOString());
    const info: AccountInfo = { id, username, displayName: username, organisationId: ownOrganisationId, roles, mustChangePassword: false };
    return admin.as(info);
  };
  const close = async (): Promise<void> => {
    admin.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  return { dataDir, clock, deps, admin, ownOrganisationId, account, close };
}
