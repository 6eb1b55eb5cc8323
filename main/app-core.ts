import fs from 'node:fs/promises';
import type { HostKind } from '../shared/ipc/contract';
import { HandlerRegistry } from './ipc/registry';
import { createRouter, type Router } from './ipc/router';
import type { Clock } from './runtime/clock';
import type { Logger } from './runtime/log';
import { appHandlers } from './services/app/handlers';
import { settingsHandlers } from './services/settings/handlers';
import { SettingsStore } from './services/settings/settings-store';
import { APP_VERSION } from './version';

export interface CoreOptions {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly nodeVersion?: string;
}

export interface AppCore {
  readonly router: Router;
  readonly settings: SettingsStore;
  readonly dataDir: string;
}

/** Everything both hosts share: the data folder, the services and the one router in front of them. */
export async function createAppCore(options: CoreOptions): Promise<AppCore> {
  // 0700: the folder will hold the vault and its key slots; other OS users have no business in it.
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const settings = new SettingsStore(options.dataDir, options.logger);
  const registry = new HandlerRegistry()
    .register(
      'app',
      appHandlers({
        host: options.host,
        version: APP_VERSION,
        dataDir: options.dataDir,
        clock: options.clock,
        startedAt: options.clock.now(),
        nodeVersion: options.nodeVersion ?? process.versions.node,
        platform: process.platform,
      }),
    )
    .register('settings', settingsHandlers(settings));
  return { router: createRouter(registry, options.logger), settings, dataDir: options.dataDir };
}
