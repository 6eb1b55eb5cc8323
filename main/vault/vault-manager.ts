import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/log';
import type { AuditHead } from './audit/audit-log';
import { defaultWitnessDir } from './audit/witness';
import { ChainWalk, WitnessSession } from './audit/witness-check';
import { recoverAdminAccess } from './accounts';
import { BackupSupersededError, type ThreadedBackup, autoBackup, autoBackupDue, noteBackupState, pruneAutoBackups, startThreadedBackup } from './backups';
import { type Holder, type ReleaseRequest, acquireHolder, assertNotHeld, checkFence, clearReleaseRequest, readReleaseRequest, releaseHolder, requestRelease } from './holder-lock';
import { failureTag, scrubbedFailures } from './keys/header';
import { readHeaderOrNull } from './keys/header-store';
import type { KdfParams } from './keys/kdf';
import { nextUnlockAllowedAt } from './unlock-delay';
import { type AccountInfo, type UnlockedVault, type VaultNotice, type VaultSetup, VaultError, createVault, unlockVault, vaultExists } from './vault';

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
   * never holds what it just purged). It runs after the unlock has returned, as the first step of
   * the housekeeping (see `housekeeping`), never after a lock. A failure is logged; it never keeps
   * the user out.
   */
  readonly afterUnlock?: (vault: UnlockedVault, checks: { readonly auditAlarm: string | null }) => void;
  /**
   * The housekeeping after unlock: `afterUnlock`, then the automatic backup when one is due. Each
   * step is put off (default `setImmediate`; tests step by hand) and joins the host's queue
   * (`setSerializer`). The backup's `VACUUM INTO` runs in a thread of its own (`inThread`, default
   * on; off: in the step, as the lock's backup); the queue waits only while the database file is
   * copied. `lockWaitMs`: how long a lock waits for a running backup thread (default 10 minutes).
   */
  readonly housekeeping?: { readonly defer?: (step: () => void) => void; readonly inThread?: boolean; readonly lockWaitMs?: number; readonly blockCopy?: boolean };
  /** Told when the automatic backup after unlock starts and how it ended (the page shows it). */
  readonly onHousekeeping?: (job: 'backup', state: HousekeepingState) => void;
  /** Told when the full walk of the chain after unlock raises the audit alarm (the page shows it). */
  readonly onAuditAlarm?: (reason: string) => void;
  /**
   * The full walk of the audit chain after unlock: rows per step, and how the next step is put
   * off (default `setImmediate`, so the host's messages get in between; tests step by hand).
   */
  readonly fullCheck?: { readonly chunkRows?: number; readonly defer?: (step: () => void) => void; readonly checkpointRows?: number };
}

/** Where the full walk of the chain after unlock stands. */
export type FullCheckState = 'running' | 'passed' | 'failed' | 'stopped';

/** How far the pass of the full walk has come: rows verified from the chain's start (earlier sessions' included) of those it walks. */
export interface FullCheckProgress {
  readonly verified: number;
  readonly total: number;
}

/** Rows between the walk's checkpoints in the witness (≈ 0.5–1 s of walking; a crash loses at most that). */
export const WALK_CHECKPOINT_ROWS = 100_000;

export type PendingLockReason = 'idle' | 'suspend' | 'os-lock';

/** How a step of the housekeeping after unlock stands; `cancelled`: overtaken (the lock backs up instead). */
export type HousekeepingState = 'running' | 'done' | 'failed' | 'cancelled';

/** One unlock's housekeeping: its vault, the backup thread while one runs, and who waits for its end. */
interface Housekeeping {
  readonly vault: UnlockedVault;
  backup: ThreadedBackup | null;
  ended: boolean;
  readonly idle: Promise<void>;
  readonly resolveIdle: () => void;
}

const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;

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
  /** This session's dealings with the PC's witness (unlock check, alarm, advance at lock). */
  #witness: WitnessSession | null = null;
  #fullCheck: FullCheckState | null = null;
  #fullCheckProgress: FullCheckProgress | null = null;
  #holder: Holder | null = null;
  #seenRequestAt: string | null = null;
  /** A chair's longer idle lock for the meeting in progress; gone at the next lock. */
  #idleOverrideMs: number | null = null;
  #pending: { reason: PendingLockReason; timer: ReturnType<typeof setTimeout> } | null = null;
  /** How timer work joins the calls (the core worker queues it behind the call in progress, and waits for a promise it returns). */
  #serialize: (work: () => void | Promise<void>) => void = (work) => void work();
  #housekeeping: Housekeeping | null = null;

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
    // A damaged header holds no failures to count: the unlock itself tries the earlier copies.
    const header = await readHeaderOrNull(this.#options.dataDir);
    const allowedAt = header ? nextUnlockAllowedAt(scrubbedFailures(header), failureTag(header, { username })) : null;
    if (allowedAt && allowedAt.getTime() > this.#options.clock.now().getTime()) throw new TooManyAttemptsError(allowedAt);
    // Held by another PC: said before any password work, and nothing is written. A takeover happens
    // only once the password has opened a slot — a wrong password never disturbs the holder.
    if (!options.takeover) assertNotHeld(this.#options.dataDir);
    let acquired: Holder | null = null;
    let vault: UnlockedVault;
    try {
      vault = await unlockVault(this.#options.dataDir, username, password, this.#options, {
        migrate: options.migrate === true,
        beforeOpen: async () => {
          acquired = await acquireHolder(this.#options.dataDir, username, this.#options.clock.now(), options);
        },
      });
    } catch (error) {
      if (acquired) releaseHolder(this.#options.dataDir, acquired);
      throw error;
    }
    const holder: Holder | null = acquired;
    if (!holder) {
      vault.close();
      throw new Error('the vault opened without its holder lock');
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
    this.#checkWitness(vault);
    this.#startHousekeeping(vault);
    this.#startFullCheck(vault);
    return vault.account as AccountInfo;
  }

  /** Forgotten admin password: the recovery key gives a one-time password (same delay rules as unlock). */
  async recover(recoveryKey: string, username: string): Promise<{ oneTimePassword: string }> {
    if (this.#vault) this.lock('user');
    const header = await readHeaderOrNull(this.#options.dataDir);
    const allowedAt = header ? nextUnlockAllowedAt(scrubbedFailures(header), 'recovery') : null;
    if (allowedAt && allowedAt.getTime() > this.#options.clock.now().getTime()) throw new TooManyAttemptsError(allowedAt);
    // Its rows (the recovery, the one-time password) are witnessed like any session's.
    return recoverAdminAccess(this.#options.dataDir, recoveryKey, username, this.#options, (vault) => {
      let witness: WitnessSession | null = null;
      try {
        witness = WitnessSession.open(vault, this.#witnessDeps());
      } catch (error) {
        this.#options.logger.log('error', 'VaultManager.recover', 'could not check the audit witness', { kind: error instanceof Error ? error.name : 'error' });
      }
      return {
        close: () => {
          try {
            witness?.advance();
          } catch (error) {
            this.#options.logger.log('error', 'VaultManager.recover', 'could not advance the audit witness', { kind: error instanceof Error ? error.name : 'error' });
          } finally {
            vault.close();
          }
        },
      };
    });
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
  setSerializer(serialize: (work: () => void | Promise<void>) => void): void {
    this.#serialize = serialize;
  }

  /** Why a lock has begun and waits for the page to flush its drafts; null when none has. */
  get pendingLockReason(): PendingLockReason | null {
    return this.#pending?.reason ?? null;
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

  /** A failed backup must not keep the team out of its vault (or in it): logged, retried next time. False: it failed. */
  #autoBackup(vault: UnlockedVault, reason: 'unlock' | 'lock'): boolean {
    try {
      autoBackup(vault, this.#options.dataDir, this.#options.clock, this.#options.logger, reason);
      return true;
    } catch (error) {
      this.#options.logger.log('error', 'VaultManager.autoBackup', 'automatic backup failed', { reason, kind: error instanceof Error ? error.name : 'error' });
      return false;
    }
  }

  /**
   * The housekeeping after unlock (see the `housekeeping` option): the scheduled gallring first, so
   * the backup never holds what it just purged, then the automatic backup when one is due. Nothing
   * of it runs once the vault is locked; a lock while the backup thread runs waits for it and
   * finishes that backup (`#settleHousekeeping`). A failure is logged and told; it never locks.
   */
  #startHousekeeping(vault: UnlockedVault): void {
    let resolveIdle!: () => void;
    const idle = new Promise<void>((resolve) => (resolveIdle = resolve));
    const job: Housekeeping = { vault, backup: null, ended: false, idle, resolveIdle };
    this.#housekeeping = job;
    const defer = this.#options.housekeeping?.defer ?? ((step: () => void) => void setImmediate(step).unref());
    const current = (): boolean => this.#vault === vault && this.#housekeeping === job && vault.db.open;
    const gallring = (): void => {
      if (!current()) return this.#endHousekeeping(job);
      try {
        this.#options.afterUnlock?.(vault, { auditAlarm: this.auditAlarm });
      } catch (error) {
        this.#options.logger.log('error', 'VaultManager.afterUnlock', 'work due at unlock failed', { kind: error instanceof Error ? error.name : 'error' });
      }
      defer(() => this.#serialize(backup));
    };
    const backup = (): Promise<void> | undefined => {
      if (!current()) {
        this.#endHousekeeping(job);
        return undefined;
      }
      const { dataDir, clock } = this.#options;
      try {
        if (!autoBackupDue(vault, dataDir, clock, 'unlock')) {
          this.#endHousekeeping(job);
          return undefined;
        }
      } catch (error) {
        this.#backupFailed(error);
        this.#endHousekeeping(job);
        return undefined;
      }
      this.#options.onHousekeeping?.('backup', 'running');
      if (this.#options.housekeeping?.inThread === false) {
        this.#options.onHousekeeping?.('backup', this.#autoBackup(vault, 'unlock') ? 'done' : 'failed');
        this.#endHousekeeping(job);
        return undefined;
      }
      let started: ThreadedBackup;
      try {
        const blockCopy = this.#options.housekeeping?.blockCopy;
        started = startThreadedBackup(vault, dataDir, clock, 'unlock', blockCopy !== undefined ? { blockCopy } : {});
      } catch (error) {
        this.#backupFailed(error);
        this.#endHousekeeping(job);
        return undefined;
      }
      job.backup = started;
      void started.done.then((ok) => this.#serialize(() => this.#finishBackup(job, ok)));
      // The queue waits for the copy of the database file: nothing writes it meanwhile.
      return started.copied;
    };
    defer(() => this.#serialize(gallring));
  }

  /** The backup thread is done: the backup is finished (header, rename, audit) in the core's queue. */
  #finishBackup(job: Housekeeping, ok: boolean): void {
    const backup = job.backup;
    if (!backup) return; // the lock finished it already
    job.backup = null;
    if (this.#vault !== job.vault || !job.vault.db.open) {
      backup.abort();
      this.#options.onHousekeeping?.('backup', 'cancelled');
    } else this.#completeBackup(job.vault, backup, ok);
    this.#endHousekeeping(job);
  }

  #completeBackup(vault: UnlockedVault, backup: ThreadedBackup, ok: boolean): void {
    if (!ok) {
      backup.abort();
      this.#backupFailed(new Error('the backup thread failed'));
      return;
    }
    try {
      backup.finish();
    } catch (error) {
      if (error instanceof BackupSupersededError) {
        this.#options.logger.log('info', 'VaultManager.autoBackup', 'automatic backup overtaken; the lock backs up', {});
        this.#options.onHousekeeping?.('backup', 'cancelled');
      } else this.#backupFailed(error);
      return;
    }
    try {
      pruneAutoBackups(vault, this.#options.dataDir, this.#options.clock, this.#options.logger);
    } catch (error) {
      this.#options.logger.log('error', 'VaultManager.autoBackup', 'old backups could not be removed', { kind: error instanceof Error ? error.name : 'error' });
    }
    this.#options.onHousekeeping?.('backup', 'done');
  }

  #backupFailed(error: unknown): void {
    this.#options.logger.log('error', 'VaultManager.autoBackup', 'automatic backup failed', { reason: 'unlock', kind: error instanceof Error ? error.name : 'error' });
    this.#options.onHousekeeping?.('backup', 'failed');
  }

  #endHousekeeping(job: Housekeeping): void {
    if (job.ended) return;
    job.ended = true;
    if (this.#housekeeping === job) this.#housekeeping = null;
    job.resolveIdle();
  }

  /**
   * At lock, before its own backup: housekeeping not started yet never runs; a backup thread that
   * runs is waited for (synchronously: the lock may run while the process quits) and its backup
   * finished — or, failed or not done in time, its temporary folder removed. Either way the lock's
   * backup follows by the usual rule.
   */
  #settleHousekeeping(reason: LockReason): void {
    const job = this.#housekeeping;
    if (!job) return;
    const backup = job.backup;
    job.backup = null;
    if (backup && reason === 'taken-over') {
      // No longer ours: no backup is finished beside the vault; the thread's folder goes.
      try {
        backup.abort();
      } catch (error) {
        this.#options.logger.log('error', 'VaultManager.lock', 'the unfinished backup folder could not be removed', { kind: error instanceof Error ? error.name : 'error' });
      }
      this.#options.onHousekeeping?.('backup', 'cancelled');
    } else if (backup) {
      const ok = backup.waitSync(this.#options.housekeeping?.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
      if (ok === null) {
        this.#options.logger.log('error', 'VaultManager.lock', 'the backup thread did not end in time: its folder is removed', {});
        try {
          backup.abort();
        } catch (error) {
          this.#options.logger.log('error', 'VaultManager.lock', 'the unfinished backup folder could not be removed', { kind: error instanceof Error ? error.name : 'error' });
        }
        this.#options.onHousekeeping?.('backup', 'failed');
      } else this.#completeBackup(job.vault, backup, ok);
    }
    this.#endHousekeeping(job);
  }

  /** Resolves when the housekeeping of the last unlock has ended (or there is none): tests, the bench. */
  housekeepingIdle(): Promise<void> {
    const idle = this.#housekeeping?.idle;
    if (!idle) return Promise.resolve();
    // The housekeeping's steps and its backup thread do not hold the process open (a quitting app
    // must not wait for them); someone awaiting them does, or Node would end with the wait unsettled.
    const hold = setInterval(() => undefined, 60_000);
    return idle.finally(() => clearInterval(hold));
  }

  /** What this session's unlock did besides opening (a header recovered, a rotation finished or undone). */
  get notices(): readonly VaultNotice[] {
    return this.#vault?.notices ?? [];
  }

  /**
   * Set when the audit chain no longer extends what this PC saw last time, or the full walk found
   * a break: someone rewrote history. It stands (in the witness) until an admin acknowledges it.
   */
  get auditAlarm(): string | null {
    return this.#witness?.alarm?.reason ?? null;
  }

  /** Where the full walk of the chain started at the last unlock stands ('stopped': locked before it ended). */
  get fullCheck(): FullCheckState | null {
    return this.#fullCheck;
  }

  /** The rows the full walk's pass has verified of those it walks (null before any walk). */
  get fullCheckProgress(): FullCheckProgress | null {
    return this.#fullCheckProgress;
  }

  /**
   * An admin acknowledges the standing alarm: audited (reason and heads), then the witness moves
   * to the head now. The caller checks the role; throws `RangeError` when no alarm stands.
   */
  acknowledgeAuditAlarm(): { readonly head: AuditHead } {
    const witness = this.#witness;
    if (!this.#vault || !witness) throw new VaultError('not_found', 'The vault is locked');
    const { head } = witness.acknowledge();
    return { head };
  }

  #witnessDeps() {
    return { dir: this.#options.witnessDir ?? defaultWitnessDir(), clock: this.#options.clock, logger: this.#options.logger };
  }

  #checkWitness(vault: UnlockedVault): void {
    this.#witness = null;
    try {
      // The first unlock on this PC walks nothing here: the full walk after unlock verifies the chain.
      this.#witness = WitnessSession.open(vault, this.#witnessDeps(), { firstWalk: 'background' });
    } catch (error) {
      // The witness folder could not be read or written: logged; the team still gets in.
      this.#options.logger.log('error', 'VaultManager.checkWitness', 'could not check the audit witness', { kind: error instanceof Error ? error.name : 'error' });
    }
  }

  /**
   * The full walk of the chain, after unlock, in the core worker: one chunk per turn of the
   * host's queue (`setSerializer`), each put off (`setImmediate`) so the page's calls get in
   * between. It stops at lock; a break raises the same standing alarm.
   *
   * The pass resumes across sessions: where it stands is recorded in this PC's witness (at each
   * checkpoint and at lock), and the next unlock goes on from that row once the row is found with
   * the hash recorded (`ChainWalk`); after a finished pass the next starts from the chain's start
   * again, so a row edited with its stored hashes left as they were is found within a pass. On
   * the first unlock on a PC the witness holds no head yet: the walk's end is the first head it
   * takes (`firstWalkVerified`), never an earlier one.
   */
  #startFullCheck(vault: UnlockedVault): void {
    const witness = this.#witness;
    this.#fullCheckProgress = null;
    if (!witness) return;
    const defer = this.#options.fullCheck?.defer ?? ((step: () => void) => void setImmediate(step).unref());
    const checkpointRows = this.#options.fullCheck?.checkpointRows ?? WALK_CHECKPOINT_ROWS;
    const recorded = witness.walk;
    // A record written before `targetAt` was kept: its `at` (written at or after the target was set) stands in.
    const resume = recorded && !recorded.done ? { through: recorded.through, target: recorded.target, targetAt: recorded.targetAt ?? recorded.at } : null;
    let walk: ChainWalk | null = null;
    try {
      // Made now (one read of the head) so the page sees how many rows the pass has; no row is hashed here.
      walk = new ChainWalk(vault.db, () => witness.accepted, this.#options.fullCheck?.chunkRows, resume, this.#options.clock);
      this.#fullCheckProgress = walk.progress;
    } catch {
      // The first step tries again, and reports what fails.
    }
    let sinceCheckpoint = 0;
    this.#fullCheck = 'running';
    const step = (): void => {
      if (this.#vault !== vault || this.#witness !== witness || !vault.db.open) return; // locked since: stop
      let result: ReturnType<ChainWalk['step']>;
      const before = walk?.rowsWalked ?? 0;
      try {
        walk ??= new ChainWalk(vault.db, () => witness.accepted, this.#options.fullCheck?.chunkRows, resume, this.#options.clock);
        result = walk.step();
      } catch (error) {
        result = { done: true, ok: false, reason: `the audit log could not be checked (${error instanceof Error ? error.name : 'error'})`, firstBrokenSeq: null, brokenRow: null };
      }
      if (walk) this.#fullCheckProgress = walk.progress;
      if (!result.done) {
        sinceCheckpoint += (walk?.rowsWalked ?? 0) - before;
        const through = walk?.through;
        if (walk && through) {
          const now = this.#options.clock.now();
          witness.recordWalk({ through, target: walk.target, targetAt: walk.targetAt ?? now, done: false, at: now }, sinceCheckpoint >= checkpointRows);
          if (sinceCheckpoint >= checkpointRows) sinceCheckpoint = 0;
        }
        defer(() => this.#serialize(step));
        return;
      }
      this.#fullCheck = result.ok ? 'passed' : 'failed';
      try {
        if (result.ok) {
          // The pass is through: recorded (the next starts from the chain's start again), and on a
          // PC with no head witnessed yet, its end is the first head the witness takes.
          const now = this.#options.clock.now();
          witness.recordWalk({ through: result.head, target: result.head, targetAt: now, done: true, at: now }, !witness.firstWalkPending);
          witness.firstWalkVerified(result.head);
          return;
        }
        if (witness.raise(result, 'full-check')) this.#options.onAuditAlarm?.(result.reason);
      } catch (error) {
        this.#options.logger.log('error', 'VaultManager.fullCheck', 'could not record the audit walk', { kind: error instanceof Error ? error.name : 'error' });
      }
    };
    defer(() => this.#serialize(step));
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
    const witness = this.#witness;
    this.#witness = null;
    if (this.#fullCheck === 'running') this.#fullCheck = 'stopped';
    // The housekeeping after unlock ends first: a running backup thread is waited for and finished.
    this.#settleHousekeeping(reason);
    // The daily backup, or one because something was committed since the last (before the lock's
    // audit row, which is no work). None when taken over: this PC may no longer write beside the vault.
    if (reason !== 'taken-over') this.#autoBackup(vault, 'lock');
    try {
      vault.audit('vault.locked', { reason });
      // After the session's last row; sync on purpose: lock may run while the process is quitting.
      witness?.advance();
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
