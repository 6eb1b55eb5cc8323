import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { removeAccount, rotateKey } from '../accounts';
import type { RotationStep } from '../rotation';
import { unlockVault } from '../vault';

/**
 * Child process for the rotation crash tests: unlocks, rotates the key (or removes an account,
 * which rotates it), prints the new recovery key when the protocol shows it, and at the step
 * named `stopAt` says "stopped:<step>" and waits to be killed with SIGKILL.
 */
const [dataDir, username, password, stopAt, removeAccountId, at] = process.argv.slice(2).map(String);
const deps = { clock: new ManualClock(String(at)), logger: new MemoryLogger() };
const vault = await unlockVault(String(dataDir), String(username), String(password), deps);
const hooks = {
  at: async (step: RotationStep): Promise<void> => {
    if (step !== stopAt) return;
    process.stdout.write(`stopped:${step}\n`);
    setInterval(() => undefined, 60_000);
    await new Promise<never>(() => undefined);
  },
  showRecoveryKey: (text: string): void => {
    process.stdout.write(`recovery:${text}\n`);
  },
};
if (removeAccountId && removeAccountId !== '-') await removeAccount(vault, String(dataDir), deps.logger, removeAccountId, hooks);
else await rotateKey(vault, String(dataDir), deps.logger, 'crash-test', hooks);
vault.close();
process.stdout.write('finished\n');
