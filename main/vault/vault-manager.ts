import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/log';
import { type AuditVerdict, auditAnchor, auditHead, purgeableAt, verifyAudit, verifyAuditSince } from './audit/audit-log';
import { defaultWitnessDir, readWitness, writeWitness, writeWitnessSync } from './audit/witness';
import { recoverAdminAccess } from './accounts';
import { autoBackup, noteBackupState } from './backups';
import { type Holder, type ReleaseRequest, acquireHolder, checkFence, clearReleaseRequest, readReleaseRequest, releaseHolder, requestRelease } from './holder-lock';
import { readHeader } from './keys/header-store';
import type { KdfParams } from './keys/kdf';
import { nextUnlockAllowedAt } from './unlock-delay';
import { type AccountInfo, type UnlockedVault, type VaultSetup, VaultError, createVault, unlockVault, vaultExists } from './vault';

export const DEFAULT_IDLE_LOCK_MS = 5 * 60_000;

export type LockReason = 'user' | 'idle' | 'page-closed' | 'suspend' | 'os-lock' | 'shutdown' | 'taken-over';
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
  /** The longest a chair may lengthen the idle lock for a meeting (machine policy). */
  readonly maxIdleLockMs?: number;
  readonly kdf?: KdfParams;
  /** Where this PC keeps the audit head it last saw (outside the data folder). */
  readonly witnessDir?: string;
  /** Told after every lock, so the host can tell the page to drop its data. */
  readonly onLocked?: (reason: LockReason) => void;
  /** Told once per release request from another PC while this one holds the vault. */
  readonly onReleaseRequested?: (request: ReleaseRequest) => void;
  /**
   * The lock sequence of DESIGN.md: for a lock the user did not ask for (idle, suspend, OS lock),
   * the page is told first so it can blank the screen and flush its drafts, then calls
   * `finishPendingLock`; after `flushWaitMs` (real time) the vault locks anyway. 0 or absent:
   * lock at once (the CLI, unit tests).
   */
  readonly flushWaitMs?: number;
  readonly onLocking?: (reason: PendingLockReason) => void;
  /**
   * Work due at each unlock, before the automatic backup (the scheduled gallring, so the backup
   * never holds what it just purged). A failure is logged; it never keeps the user out.
   */
  readonly afterUnlock?: (vault: UnlockedVault, checks: { readonly auditAlarm: string | null }) => void;
}

export type PendingLockReason = 'idle' | 'suspend' | 'os-lock';

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
  #auditAlarm: string | null = null;
  #holder: Holder | null = null;
  #seenRequestAt: string | null = null;
  /** A chair's longer idle lock for the meeting in progress; gone at the next lock. */
  #idleOverrideMs: number | null = null;
  #pending: { reason: PendingLockReason; timer: ReturnType<typeof setTimeout> } | null = null;
  /** How timer work joins the calls (the core worker queues it behind the call in progress). */
  #serialize: (work: () => void) => void = (work) => work();

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

  /** Unlocks; `takeover` (after the user confirmed) takes the vault from another PC that holds it. */
  async unlock(username: string, password: string, options: { takeover?: boolean; migrate?: boolean } = {}): Promise<AccountInfo> {
    if (this.#vault) this.lock('user');
    const header = await readHeader(this.#options.dataDir, this.#options.logger);
    const allowedAt = nextUnlockAllowedAt(header.failedUnlocks);
    if (allowedAt && allowedAt.getTime() > this.#options.clock.now().getTime()) throw new TooManyAttemptsError(allowedAt);
    const holder = await acquireHolder(this.#options.dataDir, username, this.#options.clock.now(), options);
    let vault: UnlockedVault;
    try {
      vault = await unlockVault(this.#options.dataDir, username, password, this.#options, { migrate: options.migrate === true });
    } catch (error) {
      releaseHolder(this.#options.dataDir, holder);
      throw error;
    }
    vault.fence = () => checkFence(this.#options.dataDir, holder);
    this.#holder = holder;
    this.#vault = vault;
    this.touch();
    // From here on, anything committed (the scheduled gallring included) is backed up at lock.
    try {
      noteBackupState(vault, this.#options.dataDir);
    } catch (error) {
      this.#options.logger.log('warn', 'VaultManager.unlock', 'could not tell whether the newest backup is current', { kind: error instanceof Error ? error.name : 'error' });
    }
    await this.#checkWitness(vault);
    try {
      this.#options.afterUnlock?.(vault, { auditAlarm: this.#auditAlarm });
    } catch (error) {
      this.#options.logger.log('error', 'VaultManager.afterUnlock', 'work due at unlock failed', { kind: error instanceof Error ? error.name : 'error' });
    }
    this.#autoBackup(vault, 'unlock');
    return vault.account as AccountInfo;
  }

  /** Forgotten admin password: the recovery key gives a one-time password (same delay rules as unlock). */
  async recover(recoveryKey: string, username: string): Promise<{ oneTimePassword: string }> {
    if (this.#vault) this.lock('user');
    const header = await readHeader(this.#options.dataDir, this.#options.logger);
    const allowedAt = nextUnlockAllowedAt(header.failedUnlocks);
    if (allowedAt && allowedAt.getTime() > this.#options.clock.now().getTime()) throw new TooManyAttemptsError(allowedAt);
    return recoverAdminAccess(this.#options.dataDir, recoveryKey, username, this.#options);
  }

  /** Asks the PC holding the vault to lock it (its user sees the request). */
  async requestRelease(username: string): Promise<void> {
    await requestRelease(this.#options.dataDir, username, this.#options.clock.now());
  }

  /** Any sign of life from the user postpones the idle lock. */
  touch(): void {
    this.#lastActivity = this.#options.clock.now().getTime();
  }

  /** Locks when the vault has been idle too long, or was taken over. Hosts call this on a timer; tests after moving the clock. */
  tick(): void {
    if (!this.#vault) return;
    if (this.#holder) {
      try {
        checkFence(this.#options.dataDir, this.#holder);
      } catch {
        this.#holder = null; // no longer ours: do not touch the other holder's note
        this.lock('taken-over');
        return;
      }
      const request = readReleaseRequest(this.#options.dataDir);
      if (request && request.at > this.#holder.since && request.at !== this.#seenRequestAt) {
        this.#seenRequestAt = request.at;
        this.#options.onReleaseRequested?.(request);
      }
    }
    const idle = this.#options.clock.now().getTime() - this.#lastActivity;
    if (idle >= this.idleLockMs) this.beginLock('idle');
  }

  /**
   * A lock the user did not ask for: with a flush wait, the page is told first (blank, flush
   * drafts) and the lock follows when it reports back or the wait runs out; without, at once.
   */
  beginLock(reason: PendingLockReason): void {
    if (!this.#vault || this.#pending) return;
    const wait = this.#options.flushWaitMs ?? 0;
    if (wait <= 0 || !this.#options.onLocking) {
      this.lock(reason);
      return;
    }
    const timer = setTimeout(() => this.#serialize(() => this.finishPendingLock()), wait);
    timer.unref?.();
    this.#pending = { reason, timer };
    this.#options.onLocking(reason);
  }

  /**
   * Timer-driven work (the pending lock's fallback) must not land between the awaits of a call —
   * a lock there would close the database under an export before its audit entry. The core worker
   * passes its queue here.
   */
  setSerializer(serialize: (work: () => void) => void): void {
    this.#serialize = serialize;
  }

  /** The page has flushed its drafts (or the wait ran out): the pending lock happens now. */
  finishPendingLock(): void {
    const pending = this.#pending;
    if (!pending) return;
    this.lock(pending.reason);
  }

  /** The idle time after which the vault locks now: the policy's, or a chair's longer one for a meeting. */
  get idleLockMs(): number {
    return this.#idleOverrideMs ?? this.#options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS;
  }

  get defaultIdleLockMs(): number {
    return this.#options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS;
  }

  get maxIdleLockMs(): number {
    return Math.max(this.#options.maxIdleLockMs ?? 30 * 60_000, this.#options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS);
  }

  /**
   * A chair lengthens the idle lock for the meeting (within the policy's bound); it lasts until
   * the vault next locks. Shorter than the policy's default is refused too: the default is the floor.
   */
  lengthenIdleLock(ms: number): void {
    if (ms > this.maxIdleLockMs || ms < (this.#options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS)) throw new RangeError('outside the policy bound');
    this.#idleOverrideMs = ms;
  }

  /** A failed backup must not keep the team out of its vault (or in it): logged, retried next time. */
  #autoBackup(vault: UnlockedVault, reason: 'unlock' | 'lock'): void {
    try {
      autoBackup(vault, this.#options.dataDir, this.#options.clock, this.#options.logger, reason);
    } catch (error) {
      this.#options.logger.log('error', 'VaultManager.autoBackup', 'automatic backup failed', { reason, kind: error instanceof Error ? error.name : 'error' });
    }
  }

  /** Set when the audit chain no longer extends what this PC saw last time: someone rewrote history. */
  get auditAlarm(): string | null {
    return this.#auditAlarm;
  }

  async #checkWitness(vault: UnlockedVault): Promise<void> {
    const dir = this.#options.witnessDir ?? defaultWitnessDir();
    const witnessed = await readWitness(dir, vault.header.vaultId);
    // Only the rows since this PC's witness are walked at unlock; a full walk runs on demand.
    let verdict: AuditVerdict;
    try {
      verdict = witnessed
        ? verifyAuditSince(vault.db, witnessed, {
            witnessedAnchor: witnessed.anchor,
            // Against the fixed five-year floor, not the rule stored in the vault (a key holder could rewrite that).
            witnessOlderThanRetention: purgeableAt(witnessed.at.toISOString(), this.#options.clock.now()),
          })
        : verifyAudit(vault.db);
    } catch (error) {
      // Whatever makes the check itself fail (a damaged row or record) is an alarm, never a crash of the unlock.
      verdict = { ok: false, firstBrokenSeq: null, reason: `the audit log could not be checked (${error instanceof Error ? error.name : 'error'})`, head: auditHead(vault.db) };
    }
    this.#auditAlarm = verdict.ok ? null : verdict.reason;
    if (!verdict.ok) {
      vault.audit('audit.chain-alarm', { firstBrokenSeq: verdict.firstBrokenSeq, witnessedSeq: witnessed?.seq ?? null });
      this.#options.logger.log('error', 'VaultManager.checkWitness', 'audit chain does not extend the witnessed head', { witnessedSeq: witnessed?.seq ?? -1 });
    }
    await writeWitness(dir, vault.header.vaultId, auditHead(vault.db), this.#options.clock.now(), auditAnchor(vault.db));
  }

  lock(reason: LockReason): void {
    const vault = this.#vault;
    this.#idleOverrideMs = null;
    if (this.#pending) {
      clearTimeout(this.#pending.timer);
      this.#pending = null;
    }
    if (!vault) return;
    this.#vault = null;
    // The daily backup, or one because something was committed since the last (before the lock's
    // audit row, which is no work). None when taken over: this PC may no longer write beside the vault.
    if (reason !== 'taken-over') this.#autoBackup(vault, 'lock');
    try {
      vault.audit('vault.locked', { reason });
      // Sync write on purpose: lock may run while the process is quitting.
      writeWitnessSync(this.#options.witnessDir ?? defaultWitnessDir(), vault.header.vaultId, auditHead(vault.db), this.#options.clock.now(), auditAnchor(vault.db));
    } catch (error) {
      this.#options.logger.log('error', 'VaultManager.lock', 'could not record the audit witness', { kind: error instanceof Error ? error.name : 'error' });
    } finally {
      vault.close();
      if (this.#holder) {
        releaseHolder(this.#options.dataDir, this.#holder);
        clearReleaseRequest(this.#options.dataDir);
      }
      this.#holder = null;
    }
    this.#options.logger.log('info', 'VaultManager.lock', 'vault locked', { reason });
    this.#options.onLocked?.(reason);
  }
}
