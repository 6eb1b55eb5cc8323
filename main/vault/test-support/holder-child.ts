import { systemClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { VaultManager } from '../vault-manager';

/** Child process for the two-process test: unlocks the vault, says "held", and keeps it open. */
const [dataDir, password, witnessDir] = process.argv.slice(2);
const manager = new VaultManager({ dataDir: String(dataDir), clock: systemClock, logger: new MemoryLogger(), witnessDir: String(witnessDir) });
await manager.unlock('admin', String(password));
process.stdout.write('held\n');
setInterval(() => manager.tick(), 60_000);
