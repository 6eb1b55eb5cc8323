import type { AppInfo, Health, HostKind } from '../../../shared/ipc/contract';
import type { DomainHandlers } from '../../ipc/registry';
import type { Clock } from '../../runtime/clock';
import { checkCrypto, checkDataDir, checkRuntime } from './health';

export interface AppContext {
  readonly host: HostKind;
  readonly version: string;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly startedAt: Date;
  readonly nodeVersion: string;
  readonly platform: string;
}

export function appHandlers(context: AppContext): DomainHandlers {
  return {
    'app:info': (): AppInfo => ({
      name: 'Teamvalv',
      version: context.version,
      host: context.host,
      platform: context.platform,
    }),
    'app:health': async (_input, session): Promise<Health> => {
      // The checks' details name no path ("writable", "not writable (EACCES)").
      const checks = [checkRuntime(context.nodeVersion), await checkDataDir(context.dataDir), checkCrypto()];
      const status = checks.every((check) => check.ok) ? 'ok' : 'degraded';
      // Before sign-in (the lock screen, the self-test): fit to run or not, nothing about where or since when.
      if (!session.account) return { status, version: context.version, host: context.host, nodeVersion: null, dataDir: null, startedAt: null, uptimeSeconds: null, checks };
      const uptimeMs = context.clock.now().getTime() - context.startedAt.getTime();
      return {
        status,
        version: context.version,
        host: context.host,
        nodeVersion: context.nodeVersion,
        dataDir: context.dataDir,
        startedAt: context.startedAt.toISOString(),
        uptimeSeconds: Math.max(0, Math.floor(uptimeMs / 1000)),
        checks,
      };
    },
  };
}
