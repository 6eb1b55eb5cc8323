import { parentPort, workerData } from 'node:worker_threads';
import { type AppCore, createAppCore } from '../app-core';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/log';
import { ensureDemoVault } from '../vault/demo';
import type { KdfParams } from '../vault/keys/kdf';
import { HostBridge } from './host-channels';
import type { CoreConfig } from './protocol';
import { serveCore } from './serve';

export interface WorkerSetup {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Fixed KDF cost (tests only). */
  readonly kdf?: KdfParams;
  /** Told the started core (the test worker hooks its clock here). */
  readonly onReady?: (app: AppCore) => void;
}

/**
 * Runs inside the core worker: builds the core from the host's config (the demo vault first, when
 * asked) and serves it. The database connection, the keys and all decrypted data live only in
 * this thread (and, while an automatic backup runs, in the backup thread it starts: the key's text
 * handed over, never copied, and zeroed there — vault/backup-thread.ts), so neither the Electron
 * window's thread nor the HTTP thread ever waits on SQLite, Argon2 or a backup.
 */
export async function runCoreWorker(setup: WorkerSetup): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runCoreWorker must run in a worker thread');
  const config = workerData as CoreConfig;
  const kdf = setup.kdf ? { kdf: setup.kdf } : {};
  try {
    if (config.demo) await ensureDemoVault(config.dataDir, { clock: setup.clock, logger: setup.logger, ...kdf });
    // The Electron host does the window work of the host channels; the router here checks them.
    const { hostChannels, ...options } = config;
    const bridge = hostChannels ? new HostBridge((message) => port.postMessage(message)) : undefined;
    const app = await createAppCore({ ...options, clock: setup.clock, logger: setup.logger, ...kdf, ...(bridge ? { hostChannels: bridge.handlers() } : {}) });
    serveCore(port, app, setup.logger, bridge);
    setup.onReady?.(app);
    port.postMessage({ kind: 'ready' });
  } catch (error) {
    setup.logger.log('error', 'runCoreWorker', 'core did not start', { kind: error instanceof Error ? error.name : typeof error });
    port.postMessage({ kind: 'start-failed', errorName: error instanceof Error ? error.name : typeof error });
  }
}
