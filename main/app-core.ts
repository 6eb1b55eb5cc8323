import fs from 'node:fs/promises';
import type { HostKind } from '../shared/ipc/contract';
import type { IpcResult } from '../shared/ipc/errors';
import { HandlerRegistry } from './ipc/registry';
import { createRouter, type Router } from './ipc/router';
import type { Clock } from './runtime/clock';
import type { Logger } from './runtime/log';
import { appHandlers } from './services/app/handlers';
import { settingsHandlers } from './services/settings/handlers';
import { SettingsStore } from './services/settings/settings-store';
import { accountHandlers } from './services/accounts/handlers';
import { auditHandlers } from './services/audit/handlers';
import { fileHandlers } from './services/files/handlers';
import { vaultHandlers } from './services/vault/handlers';
import { rosterHandlers } from './services/roster/handlers';
import { caseHandlers } from './services/cases/handlers';
import { meetingHandlers } from './services/meetings/handlers';
import { presentHandlers } from './services/present/handlers';
import { followUpHandlers } from './services/followup/handlers';
import { retentionHandlers } from './services/retention/handlers';
import { retryBackupReplacement } from './retention/early-gallring';
import { runScheduledPurge, scheduledPurgeDue } from './retention/schedule';
import { readCaps, writeCaps } from './capabilities/caps';
import { gallringBackups } from './vault/gallring-backups';
import { handoverHandlers } from './services/handover/handlers';
import { keyHandlers } from './services/keys/handlers';
import { guardHandlers } from './services/guard/handlers';
import { searchHandlers } from './services/search/handlers';
import { registerHandlers } from './services/register/handlers';
import { supervisionHandlers } from './services/supervision/handlers';
import { VaultManager, type VaultManagerOptions } from './vault/vault-manager';
import { storageAppError, storageFailure } from './vault/storage-failure';
import { referenceAppError } from './vault/db/constraint-error';
import { EventHub } from './ipc/event-hub';
import type { CallerSession } from './ipc/session';
import type { KdfParams } from './vault/keys/kdf';
import type { HostChannelHandlers } from './core/host-channels';
import { APP_VERSION } from './version';

export interface CoreOptions {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly nodeVersion?: string;
  /** Where the export folder browser starts (machine policy). */
  readonly exportDir?: string;
  /** Idle time before the vault locks (machine policy; default 5 minutes). */
  readonly idleLockMs?: number;
  /** How long an unasked-for lock waits for the page to flush its drafts (hosts: 1.5 s; 0: at once). */
  readonly flushWaitMs?: number;
  /** The longest a chair may lengthen it for a meeting (machine policy; default 30 minutes). */
  readonly maxIdleLockMs?: number;
  /** The demo vault is open: the page shows a permanent banner; exports of packets are refused. */
  readonly demo?: boolean;
  /** Fixed KDF cost instead of calibration (tests only; the product calibrates at setup). */
  readonly kdf?: KdfParams;
  /** The full audit walk after unlock driven by hand, and this PC's witness folder (tests only). */
  readonly fullCheck?: VaultManagerOptions['fullCheck'];
  /** The housekeeping after unlock (gallring, automatic backup) stepped by hand (tests only). */
  readonly housekeeping?: VaultManagerOptions['housekeeping'];
  readonly witnessDir?: string;
  /** The host does the window work of the host channels (Electron: the projector window). */
  readonly hostChannels?: HostChannelHandlers;
}

export interface AppCore {
  readonly router: Router;
  readonly settings: SettingsStore;
  readonly vault: VaultManager;
  readonly events: EventHub;
  readonly dataDir: string;
  /** The caller behind a transport session: the vault's signed-in account, if unlocked. */
  sessionFor(sessionId: string): CallerSession;
  /**
   * One call from a page, as both transports make it: any call but a status poll counts as
   * activity for the idle lock; then the router validates, checks permission and answers.
   */
  call(channel: string, input: unknown, sessionId: string): Promise<IpcResult<unknown>>;
}

/** Everything both hosts share: the data folder, the services and the one router in front of them. */
export async function createAppCore(options: CoreOptions): Promise<AppCore> {
  // 0700: the folder will hold the vault and its key slots; other OS users have no business in it.
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const settings = new SettingsStore(options.dataDir, options.logger);
  const events = new EventHub();
  const vault = new VaultManager({
    dataDir: options.dataDir,
    clock: options.clock,
    logger: options.logger,
    ...(options.kdf ? { kdf: options.kdf } : {}),
    ...(options.fullCheck ? { fullCheck: options.fullCheck } : {}),
    ...(options.housekeeping ? { housekeeping: options.housekeeping } : {}),
    onHousekeeping: (job, state) => events.emit('vault:housekeeping', { job, state }),
    ...(options.witnessDir ? { witnessDir: options.witnessDir } : {}),
    onLocked: (reason) => events.emit('vault:locked', { reason }),
    onReleaseRequested: (request) => events.emit('vault:release-requested', request),
    onLocking: (reason) => events.emit('vault:locking', { reason }),
    onAuditAlarm: (reason) => events.emit('vault:audit-alarm', { reason: reason.slice(0, 1000) }),
    // Work due at unlock (the first step of the housekeeping after it), each on its own: one failing
    // (logged, and told in the app) never stops the other. A due scheduled gallring is announced
    // ('running') and its end told, so the page reloads the gallring notice.
    afterUnlock: (unlocked, checks) => {
      let due = false;
      const jobs: [string, () => void][] = [
        [
          'scheduled gallring',
          () => {
            due = scheduledPurgeDue(readCaps(unlocked));
            if (due) events.emit('vault:housekeeping', { job: 'gallring', state: 'running' });
            const ran = runScheduledPurge(writeCaps(unlocked), checks);
            // Due but not run: stopped (a pause, the clock, the alarm, damaged rules); the notice says why.
            if (due) events.emit('vault:housekeeping', { job: 'gallring', state: ran ? 'done' : 'failed' });
          },
        ],
        ['backups after an early gallring', () => retryBackupReplacement(writeCaps(unlocked), gallringBackups(unlocked, options.dataDir))],
      ];
      for (const [job, run] of jobs) {
        try {
          run();
        } catch (error) {
          options.logger.log('error', 'AppCore.afterUnlock', `${job} failed`, { kind: error instanceof Error ? error.name : 'error' });
          if (job === 'scheduled gallring' && due) events.emit('vault:housekeeping', { job: 'gallring', state: 'failed' });
        }
      }
    },
    ...(options.flushWaitMs ? { flushWaitMs: options.flushWaitMs } : {}),
    ...(options.idleLockMs ? { idleLockMs: options.idleLockMs } : {}),
    ...(options.maxIdleLockMs ? { maxIdleLockMs: options.maxIdleLockMs } : {}),
  });
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
    .register('settings', settingsHandlers(settings))
    .register('vault', vaultHandlers(vault, options.dataDir, options.logger, options.demo === true))
    .register('accounts', accountHandlers(vault, options.dataDir, options.logger))
    .register('audit', auditHandlers(vault))
    .register('files', fileHandlers(options.exportDir, vault))
    .register('roster', rosterHandlers(vault))
    .register('cases', caseHandlers(vault))
    .register('meetings', meetingHandlers(vault))
    .register('search', searchHandlers(vault))
    .register('guard', guardHandlers(vault))
    .register('supervision', supervisionHandlers(vault))
    .register('handover', handoverHandlers(vault))
    .register('keys', keyHandlers(vault))
    .register('followup', followUpHandlers(vault))
    .register('register', registerHandlers(vault))
    .register('retention', retentionHandlers(vault, options.dataDir))
    .register('present', presentHandlers(options.hostChannels));
  // A full disk or a damaged page met by any channel mid-session answers its own code, not
  // `internal`; so does an id that names nothing (a foreign-key failure: not_found).
  const router = createRouter(registry, options.logger, {
    explainFailure: (error) => {
      const storage = storageFailure(error, options.dataDir);
      return storage ? storageAppError(storage) : referenceAppError(error);
    },
  });
  const sessionFor = (sessionId: string): CallerSession => {
    const account = vault.account;
    return {
      host: options.host,
      sessionId,
      account: account ? { accountId: account.id, roles: account.roles, mustChangePassword: account.mustChangePassword } : null,
    };
  };
  return {
    router,
    settings,
    vault,
    events,
    dataDir: options.dataDir,
    sessionFor,
    call(channel, input, sessionId) {
      if (channel !== 'vault:status') vault.touch();
      return router.dispatch(channel, input, sessionFor(sessionId));
    },
  };
}
