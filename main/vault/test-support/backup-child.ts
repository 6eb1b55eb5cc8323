import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { type BackupStep, createBackup, startThreadedBackup } from '../backups';
import { unlockVault } from '../vault';
import { FLOOR_KDF } from './fast-kdf';

/**
 * Child process for the backup kill tests: unlocks the vault (clock fixed at AT), says "ready",
 * makes one backup and says "done", then holds the vault open until it is killed. With KILL_AT (a
 * step of createBackup) it kills itself with SIGKILL right after that step: a crash exactly there.
 * MODE `thread`: the automatic backup after unlock (`startThreadedBackup`: VACUUM INTO in a thread
 * from a copy of the file, then finished in the process) instead of `createBackup`.
 */
const [dataDir, user, password, at, killAt, mode] = process.argv.slice(2);
const clock = new ManualClock(String(at));
const vault = await unlockVault(String(dataDir), String(user), String(password), { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
process.stdout.write('ready\n');
const onStep = (step: BackupStep): void => {
  if (step === killAt) process.kill(process.pid, 'SIGKILL');
};
if (mode === 'thread') {
  const backup = startThreadedBackup(vault, String(dataDir), clock, 'unlock', { onStep });
  if (!(await backup.done)) throw new Error('the backup thread failed');
  backup.finish();
} else createBackup(vault, String(dataDir), clock, 'manual', { onStep });
process.stdout.write('done\n');
setInterval(() => undefined, 60_000);
