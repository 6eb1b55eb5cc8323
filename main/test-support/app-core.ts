import { type CoreOptions, createAppCore } from '../app-core';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { ensureDemoVault } from '../vault/demo';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';
import { SteppedHousekeeping } from '../vault/test-support/housekeeping';

/**
 * The app core as the browser host runs it, on a fresh data folder with a test clock, and `call`:
 * one page call that answers the value or throws an error carrying the typed error's `code`.
 * The housekeeping after unlock (scheduled gallring, automatic backup) runs only when the test
 * says so (`housekeeping()`), unless the options set it.
 */
export async function testAppCore(dataDir: string, options: Partial<Omit<CoreOptions, 'dataDir'>> = {}) {
  const clock = options.clock ?? new ManualClock('2026-11-23T09:00:00Z');
  const stepped = new SteppedHousekeeping();
  const app = await createAppCore({ host: 'browser', logger: new MemoryLogger(), kdf: FLOOR_KDF, housekeeping: { defer: stepped.defer }, ...options, clock, dataDir });
  const call = async <T = Record<string, unknown>>(channel: string, input: unknown = {}): Promise<T> => {
    const result = await app.call(channel, input, 'page');
    if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code} ${result.error.message}`), { code: result.error.code });
    return result.value as T;
  };
  /** Runs the housekeeping put off since the last unlock (the gallring, then the backup) to its end. */
  const housekeeping = (): Promise<void> => stepped.run(app.vault);
  return { app, call, housekeeping };
}

/**
 * The demo vault (made with the fast KDF) on a test clock, and a core on it: where the channel
 * tests of a journey start. `auditHead()` is the newest audit row's seq, to read what a call wrote.
 */
export async function demoAppCore(dataDir: string, at = '2026-11-23T09:00:00Z') {
  const clock = new ManualClock(at);
  await ensureDemoVault(dataDir, { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
  const core = await testAppCore(dataDir, { clock });
  const auditHead = (): number => (core.app.vault.vault.db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
  return { ...core, clock, auditHead };
}
