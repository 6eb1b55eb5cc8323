import { type CoreOptions, createAppCore } from '../app-core';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';

/**
 * The app core as the browser host runs it, on a fresh data folder with a test clock, and `call`:
 * one page call that answers the value or throws an error carrying the typed error's `code`.
 */
export async function testAppCore(dataDir: string, options: Partial<Omit<CoreOptions, 'dataDir'>> = {}) {
  const clock = options.clock ?? new ManualClock('2026-11-23T09:00:00Z');
  const app = await createAppCore({ host: 'browser', logger: new MemoryLogger(), kdf: FLOOR_KDF, ...options, clock, dataDir });
  const call = async <T = Record<string, unknown>>(channel: string, input: unknown = {}): Promise<T> => {
    const result = await app.call(channel, input, 'page');
    if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code} ${result.error.message}`), { code: result.error.code });
    return result.value as T;
  };
  return { app, call };
}
