import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/log';
import { autoBackup } from './backups';
import { readHeader } from './keys/header-store';
import type { KdfParams } from './keys/kdf';
import { nextUnlockAllowedAt } from './unlock-delay';
import { type AccountInfo, type UnlockedVault, type VaultSetup, VaultError, createVault, unlockVault, vaultExists } from './vault';

export const DEFAULT_IDLE_LOCK_MS = 5 * 60_000;

export type LockReason = 'user' | 'idle' | 'page-closed' | 'suspend' | 'os-lock' | 'shutdown';
export type VaultState = 'absent' | 'locked' | 'unlocked';

export class TooManyAttemptsError extends Error {
  override name = 'TooManyAttemptsError';
  constructor(readonly retryAt: Date) {
    super('Too many failed attempts; wait before trying again');
  }
}

export interface VaultManagerOptions {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly idleLockMs?: number;
  readonly kdf?: KdfParams;
  /** Told after every lock, so the host can tell the page to drop its data. */
  readonly onLocked?: (reason: LockReason) => void;
}

/**
 * The one open vault of this process and its lock rules: unlock with a growing delay after
 * failures, lock on demand, on inactivity (checked by `tick()` against the injected clock), and on
 * whatever the host reports (page closed, suspend, OS lock). Locking closes the database and
 * zeroes the key.
 */
export class VaultManager {
  readonly #options: VaultManagerOptions;
  #vault: UnlockedVault | null = null;
  #lastActivity = 0;

  constructor(options: VaultManagerOptions) {
    this.#options = options;
  }

  get state(): VaultState {
    if (this.#vault) return 'unlocked';
    return vaultExists(this.#options.dataDir) ? 'locked' : 'absent';
  }

  get account(): AccountInfo | null {
    return this.#vault?.account ?? null;
  }

  /** The open vault, for services; throws `locked` otherwise. */
  get vault(): UnlockedVault {
    if (!this.#vault) throw new VaultError('not_found', 'The vault is locked');
    return this.#vault;
  }

  async setup(setup: VaultSetup): Promise<{ recoveryKey: string }> {
    const { recoveryKey } = await createVault(this.#options.dataDir, setup, this.#options);
    await this.unlock(setup.admin.username, setup.admin.password);
    return { recoveryKey };
  }

  async unlock(username: string, password: string): Promise<AccountInfo> {
    if (this.#vault) this.lock('user');
    const header = await readHeader(this.#options.dataDir, this.#options.logger);
    const allowedAt = nextUnlockAllowedAt(header.failedUnlocks);
    if (allowedAt && allowedAt.getTime() > this.#options.clock.now().getTime()) throw new TooManyAttemptsError(allowedAt);
    const vault = await unlockVault(this.#options.dataDir, username, password, this.#options);
    this.#vault = vault;
    this.touch();
    try {
      await autoBackup(vault, this.#options.dataDir, this.#options.clock, this.#options.logger, 'unlock');
    } catch (error) {
      // A failed backup must not keep the team out of its vault; it is logged and retried next time.
      this.#options.logger.log('error', 'VaultManager.unlock', 'automatic backup failed', { kind: error instanceof Error ? error.name : 'error' });
    }
    return vault.account as AccountInfo;
  }

  /** Any sign of life from the user postpones the idle lock. */
  touch(): void {
    this.#lastActivity = this.#options.clock.now().getTime();
  }

  /** Locks when the vault has been idle too long. Hosts call this on a timer; tests after moving the clock. */
  tick(): void {
    if (!this.#vault) return;
    const idle = this.#options.clock.now().getTime() - this.#lastActivity;
    if (idle >= (this.#options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS)) this.lock('idle');
  }

  lock(reason: LockReason): void {
    const vault = this.#vault;
    if (!vault) return;
    this.#vault = null;
    try {
      vault.audit('vault.locked', { reason });
    } finally {
      vault.close();
    }
    this.#options.logger.log('info', 'VaultManager.lock', 'vault locked', { reason });
    this.#options.onLocked?.(reason);
  }
}
