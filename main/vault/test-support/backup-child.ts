import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { type BackupStep, createBackup } from '../backups';
import { unlockVault } from '../vault';
import { FLOOR_KDF } from './fast-kdf';

/**
 * Child process for the backup kill tests: unlocks the vault (clock fixed at AT), says "ready",
 * makes one backup and says "done", then holds the vault open until it is killed. With KILL_AT (a
 * step of createBackup) it kills itself with SIGKILL right after that step: a crash exactly there.
 */
const [dataDir, user, password, at, killAt] = process.argv.slice(2);
const clock = new ManualClock(String(at));
const vault = await unlockVault(String(dataDir), String(user), String(password), { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
process.stdout.write('ready\n');
createBackup(vault, String(dataDir), clock, 'manual', {
  onStep: (step: BackupStep) => {
    if (step === killAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('done\n');
setInterval(() => undefined, 60_000);
