import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/log';
import { DEMO_PASSWORD } from '../../shared/demo';
import { addAccount, changePassword } from './accounts';
import { seedDemoLifecycle } from './demo-lifecycle';
import { seedDemoMeetings } from './demo-meetings';
import { seedDemoFacts } from './demo-facts';
import { seedDemoSentReport } from './demo-sent-report';
import { seedDemoRoster } from './demo-roster';
import { seedDemoSupervision } from './demo-supervision';
import { type DemoPartner, confirmDemoJustering, seedDemoOwnership, seedDemoPartner, seedDemoYear } from './demo-year';
import { DEMO, setSetting } from './settings';
import type { KdfParams } from './keys/kdf';
import { createVault, unlockVault, vaultExists } from './vault';

/**
 * The demo vault: invented people and an invented organisation, a known password, in a folder
 * of its own that is always local to this PC (never the configured data folder, which may be a
 * share). The app shows a permanent banner while it is open. Invented content for each area is
 * seeded here as the areas arrive (the roster: demo-roster.ts); packet export refuses demo vaults.
 */
export const DEMO_ACCOUNTS = [
  { username: 'demo', displayName: 'Demo Administratör', roles: ['admin'] as const },
  { username: 'ordforande', displayName: 'Alva Ordförande (påhittad)', roles: [] as const },
  { username: 'psykolog', displayName: 'Pelle Psykolog (påhittad)', roles: ['psychologist'] as const },
];

export function defaultDemoDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (env.TEAMVALV_DEMO_DIR) return path.resolve(env.TEAMVALV_DEMO_DIR);
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'), 'Teamvalv', 'demo');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Teamvalv Demo');
  return path.posix.join(env.XDG_DATA_HOME || path.posix.join(home, '.local', 'share'), 'teamvalv-demo');
}

/** Creates the demo vault on first use; afterwards it is just opened. */
export async function ensureDemoVault(dir: string, deps: { clock: Clock; logger: Logger; kdf?: KdfParams }): Promise<void> {
  if (vaultExists(dir)) return;
  const [admin, ...others] = DEMO_ACCOUNTS;
  if (!admin) return;
  await createVault(dir, { orgName: 'Demokommunens samverkansteam (påhittat)', orgNumber: '559900-0006', admin: { username: admin.username, displayName: admin.displayName, password: DEMO_PASSWORD } }, deps);
  const vault = await unlockVault(dir, admin.username, DEMO_PASSWORD, deps);
  const oneTime: { username: string; password: string }[] = [];
  let partner: DemoPartner | undefined;
  try {
    setSetting(vault.db, DEMO, '1');
    const own = vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string };
    const accountIds = new Map<string, string>();
    for (const account of others) {
      const { accountId, oneTimePassword } = await addAccount(vault, dir, deps.logger, { ...account, organisationId: own.id, roles: [...account.roles] });
      oneTime.push({ username: account.username, password: oneTimePassword });
      accountIds.set(account.username, accountId);
    }
    seedDemoRoster(vault, accountIds);
    seedDemoOwnership(vault);
    partner = await seedDemoPartner(vault);
  } finally {
    vault.close();
  }
  // Demo accounts get the known password straight away (no first-login change). One connection
  // at a time: the vault is opened exclusively.
  for (const { username, password } of oneTime) {
    const person = await unlockVault(dir, username, password, deps);
    try {
      await changePassword(person, dir, deps.logger, password, DEMO_PASSWORD);
      // Cases and meetings are the chair's to write: seeded as the demo chair.
      if (username === 'ordforande') seedDemoMeetings(person);
      if (username === 'ordforande' && partner) await seedDemoYear(person, partner);
      if (username === 'ordforande') seedDemoLifecycle(person);
      if (username === 'ordforande') seedDemoFacts(person);
      if (username === 'ordforande') await seedDemoSentReport(person);
      // Supervision after the meetings, as the psychologist (her private note needs her password).
      if (username === 'psykolog') seedDemoSupervision(person);
      if (username === 'psykolog') confirmDemoJustering(person);
    } finally {
      person.close();
    }
  }
}
