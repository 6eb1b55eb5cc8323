import type { Clock } from '../../runtime/clock';
import type { Logger } from '../../runtime/log';
import type { Db } from '../db/open-vault';
import type { UnlockedVault } from '../vault';
import { cachedStatement } from '../db/statements';
import { asStorageError } from '../storage-errors';
import {
  type AcceptedBreak,
  type AuditHead,
  type AuditVerdict,
  GENESIS_HASH,
  auditAnchor,
  auditChainStart,
  auditHead,
  purgeableAt,
  verifyAudit,
  verifyAuditRange,
  verifyAuditSince,
} from './audit-log';
import { type WalkRecord, type WitnessAlarm, readWitnessSync, writeWitnessSync } from './witness';

export interface WitnessDeps {
  /** This PC's witness folder: `defaultWitnessDir()` (TEAMVALV_WITNESS_DIR) unless a test says otherwise. */
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface WitnessOpenOptions {
  /**
   * With no head witnessed on this PC yet: 'now' walks the whole chain inside `open` (the CLI,
   * the lock screen's recovery); 'background' (the app's unlock) leaves it to the full walk after
   * unlock, which hands the head it verified to `firstWalkVerified` — until then nothing moves.
   */
  readonly firstWalk?: 'now' | 'background';
}

/** What a check found wrong with the chain. */
export interface ChainBreak {
  readonly reason: string;
  readonly firstBrokenSeq: number | null;
  /** The stored row the chain broke at, if one is to blame (an acknowledgement accepts it as it stands). */
  readonly brokenRow: AcceptedBreak | null;
}

export type AlarmSource = 'unlock' | 'full-check' | 'close';

/** The head this PC last trusted: what the witness file holds beside any alarm. */
interface GoodHead {
  readonly head: AuditHead;
  readonly at: Date;
  readonly anchor: AuditHead | null;
}

/**
 * One process's dealings with this PC's witness of a vault — the app's and every CLI command's
 * alike. `open` (right after unlock) walks every row since the witnessed head and, if they
 * verify, moves the witness there; `advance` (at lock or close, after the process's last audit
 * row) walks the rows written since and moves it again. The witness only ever moves to a head
 * that verified from the last one.
 *
 * When the chain does not extend the witness (or a full walk finds a break), the alarm is
 * written into the witness beside the last good head, which stays where it was: every later
 * unlock alarms again, whatever the chain says by then, until an admin acknowledges it
 * (`acknowledge`, audited), which moves the witness to the head of that moment.
 */
export class WitnessSession {
  readonly #vault: UnlockedVault;
  readonly #deps: WitnessDeps;
  #good: GoodHead;
  /** The head this session verified last, from which `advance` walks; null once alarmed. */
  #verified: AuditHead | null = null;
  #alarm: WitnessAlarm | null;
  #accepted: readonly AcceptedBreak[];
  /** The full walk's pass as this PC last recorded it (see `WalkRecord`). */
  #walk: WalkRecord | null;
  /** No head is witnessed on this PC yet and the background walk has still to verify one. */
  #firstWalk = false;

  private constructor(vault: UnlockedVault, deps: WitnessDeps, good: GoodHead, alarm: WitnessAlarm | null, accepted: readonly AcceptedBreak[], walk: WalkRecord | null) {
    this.#vault = vault;
    this.#deps = deps;
    this.#good = good;
    this.#alarm = alarm;
    this.#accepted = accepted;
    this.#walk = walk;
  }

  /**
   * The unlock check. Never throws for what it finds: a chain that cannot even be read is an alarm.
   * A witness at row 0 is one written while the first walk on this PC was under way (its progress
   * only): no head is witnessed yet.
   */
  static open(vault: UnlockedVault, deps: WitnessDeps, options: WitnessOpenOptions = {}): WitnessSession {
    const witnessed = readWitnessSync(deps.dir, vault.header.vaultId);
    const good: GoodHead = witnessed
      ? { head: { seq: witnessed.seq, hash: witnessed.hash }, at: witnessed.at, anchor: witnessed.anchor }
      : { head: { seq: 0, hash: GENESIS_HASH }, at: deps.clock.now(), anchor: null };
    const session = new WitnessSession(vault, deps, good, witnessed?.alarm ?? null, witnessed?.accepted ?? [], witnessed?.walk ?? null);
    const standing = session.#alarm;
    if (standing) {
      // Sticky: whatever the chain says now, the alarm stands until an admin acknowledges it.
      session.#auditAlarm(standing, 'unlock', true);
      return session;
    }
    if ((!witnessed || witnessed.seq === 0) && options.firstWalk === 'background') {
      // First unlock on this PC (or the first walk was interrupted): nothing is checked or
      // written now. The walk after unlock verifies the chain from its start and only then hands
      // over a head (`firstWalkVerified`); a lock before that keeps only the walk's progress.
      session.#firstWalk = true;
      return session;
    }
    let verdict: AuditVerdict;
    try {
      verdict = witnessed
        ? verifyAuditSince(vault.db, witnessed, {
            witnessedAnchor: witnessed.anchor,
            // Against the fixed five-year floor, not the rule stored in the vault (a key holder could rewrite that).
            witnessOlderThanRetention: purgeableAt(witnessed.at.toISOString(), deps.clock.now()),
            accepted: session.#accepted,
          })
        : verifyAudit(vault.db);
    } catch (error) {
      // Whatever makes the check itself fail (a damaged row or record) is an alarm, never a crash of the unlock.
      // A damaged page is said as such (restore a backup), not as rewritten history.
      const damaged = asStorageError(error)?.kind === 'corrupt';
      const reason = damaged
        ? 'a page of the audit log is damaged and cannot be read: restore the newest backup (the log could not be checked)'
        : `the audit log could not be checked (${error instanceof Error ? error.name : 'error'})`;
      verdict = { ok: false, firstBrokenSeq: null, reason, head: auditHead(vault.db) };
    }
    if (verdict.ok) session.#moveTo(verdict.head, auditAnchor(vault.db));
    else session.raise({ reason: verdict.reason, firstBrokenSeq: verdict.firstBrokenSeq, brokenRow: verdict.brokenRow ?? null }, 'unlock');
    return session;
  }

  /** The standing alarm, if any (raised now or at an earlier unlock on this PC). */
  get alarm(): WitnessAlarm | null {
    return this.#alarm;
  }

  /** Breaks admins acknowledged on this PC (the full walk lets those rows pass as they stand). */
  get accepted(): readonly AcceptedBreak[] {
    return this.#accepted;
  }

  /** The last good head the witness holds. */
  get witnessed(): AuditHead {
    return this.#good.head;
  }

  /** The full walk's pass as last recorded on this PC (what the walk after unlock resumes). */
  get walk(): WalkRecord | null {
    return this.#walk;
  }

  /** No head is witnessed on this PC yet: the walk after unlock has still to verify one. */
  get firstWalkPending(): boolean {
    return this.#firstWalk;
  }

  /**
   * The walk after unlock reports where it stands; kept for the next write of the witness (at
   * lock), and written now when `persist` (a checkpoint against a crash, and the end of a pass).
   * The checkpoint is left out while an alarm stands or when another session of this PC moved the
   * witness meanwhile: the file is the record, and a checkpoint must never move its head back.
   */
  recordWalk(walk: WalkRecord, persist: boolean): void {
    this.#walk = walk;
    if (!persist || this.#alarm || !this.#vault.db.open) return;
    const file = readWitnessSync(this.#deps.dir, this.#vault.header.vaultId);
    if (file?.alarm) return;
    if (file ? file.seq !== this.#good.head.seq || file.hash !== this.#good.head.hash : !this.#firstWalk) return;
    this.#write();
  }

  /**
   * The first walk on this PC reached its target: every row from the chain's start to `head`
   * verified (this session, or in earlier ones resumed from a row found unchanged). The witness
   * takes that head; `advance` walks on from it at lock.
   */
  firstWalkVerified(head: AuditHead): void {
    if (!this.#firstWalk || this.#alarm) return;
    if (readWitnessSync(this.#deps.dir, this.#vault.header.vaultId)?.alarm) return;
    this.#firstWalk = false;
    this.#moveTo(head, auditAnchor(this.#vault.db));
  }

  /**
   * Records an alarm in the witness, keeping the last good head; audited. An alarm already
   * standing is kept as it was (the first one is the one to explain). True if this one is new.
   */
  raise(problem: ChainBreak, source: AlarmSource): boolean {
    if (this.#alarm) return false;
    const alarm: WitnessAlarm = { ...problem, at: this.#deps.clock.now(), head: this.#headNow() };
    this.#alarm = alarm;
    this.#verified = null;
    // The witness first: the alarm must hold even if the vault refuses the log row (taken over, disk full).
    this.#write();
    this.#auditAlarm(alarm, source, false);
    return true;
  }

  /**
   * At lock or close, after the process's last audit row: the rows written since the last
   * verified head are walked and the witness moves to the new head. With an alarm standing
   * nothing moves.
   */
  advance(): void {
    const db = this.#vault.db;
    if (!db.open || this.#alarm) return;
    if (!this.#verified && !this.#firstWalk) return;
    // Another session of this PC may have raised an alarm meanwhile (the file is the record).
    const file = readWitnessSync(this.#deps.dir, this.#vault.header.vaultId);
    if (file?.alarm) return;
    if (!this.#verified) {
      // The first walk on this PC is not through: no head is verified, so none is witnessed (the
      // file keeps row 0) — unless another session verified one meanwhile (then its file stands).
      // The walk's progress is kept for the next unlock to resume, with its target moved on to the
      // head now, after this session's last row: the resumed walk must end there, with the hash
      // seen now, so rows this session wrote cannot be deleted unseen before the walk is through.
      if (file && file.seq !== 0) return;
      const through = this.#walk && !this.#walk.done ? this.#walk.through : { seq: 0, hash: GENESIS_HASH };
      const now = this.#deps.clock.now();
      this.#walk = { through, target: auditHead(db), targetAt: now, done: false, at: now };
      this.#write();
      return;
    }
    const verdict = verifyAuditSince(db, this.#verified, { witnessedAnchor: this.#good.anchor, accepted: this.#accepted });
    if (verdict.ok) this.#moveTo(verdict.head, auditAnchor(db));
    else this.raise({ reason: verdict.reason, firstBrokenSeq: verdict.firstBrokenSeq, brokenRow: verdict.brokenRow ?? null }, 'close');
  }

  /**
   * An admin has looked at the alarm: the acknowledgement is audited (the reason, the last good
   * head and the head now), then the witness moves to the head after that row, and the broken
   * row, if one was named, is accepted as it stands. Throws if no alarm stands.
   */
  acknowledge(): { readonly head: AuditHead; readonly alarm: WitnessAlarm } {
    const alarm = this.#alarm;
    if (!alarm) throw new RangeError('no audit alarm stands');
    const db = this.#vault.db;
    const before = this.#headNow();
    this.#vault.audit('audit.alarm-acknowledged', {
      reason: alarm.reason.slice(0, 500),
      raisedAt: alarm.at.toISOString(),
      firstBrokenSeq: alarm.firstBrokenSeq,
      witnessedSeq: this.#good.head.seq,
      witnessedHash: this.#good.head.hash,
      headSeq: before.seq,
      headHash: before.hash,
    });
    const broken = alarm.brokenRow;
    if (broken) this.#accepted = [...this.#accepted.filter((a) => a.seq !== broken.seq), broken];
    this.#alarm = null;
    // The next pass starts afresh from the chain's start (the one recorded may resume from a row that changed).
    this.#walk = null;
    this.#firstWalk = false;
    const head = auditHead(db);
    this.#moveTo(head, auditAnchor(db));
    this.#deps.logger.log('warn', 'WitnessSession.acknowledge', 'audit alarm acknowledged; the witness moved to the head now', { headSeq: head.seq });
    return { head, alarm };
  }

  #headNow(): AuditHead {
    try {
      return auditHead(this.#vault.db);
    } catch {
      return { seq: 0, hash: GENESIS_HASH };
    }
  }

  #moveTo(head: AuditHead, anchor: AuditHead | null): void {
    this.#good = { head, at: this.#deps.clock.now(), anchor: anchor ? { seq: anchor.seq, hash: anchor.hash } : null };
    this.#verified = head;
    this.#write();
  }

  #write(): void {
    writeWitnessSync(this.#deps.dir, this.#vault.header.vaultId, this.#good.head, this.#good.at, this.#good.anchor, { alarm: this.#alarm, accepted: this.#accepted, walk: this.#walk });
  }

  #auditAlarm(alarm: WitnessAlarm, source: AlarmSource, standing: boolean): void {
    this.#deps.logger.log('error', 'WitnessSession', standing ? 'an audit alarm stands on this PC until an admin acknowledges it' : 'audit chain does not extend the witnessed head', {
      source,
      witnessedSeq: this.#good.head.seq,
      firstBrokenSeq: alarm.firstBrokenSeq ?? -1,
    });
    try {
      this.#vault.audit('audit.chain-alarm', { firstBrokenSeq: alarm.firstBrokenSeq, witnessedSeq: this.#good.head.seq, source, standing });
    } catch (error) {
      this.#deps.logger.log('error', 'WitnessSession', 'could not record the audit alarm in the log', { kind: error instanceof Error ? error.name : 'error' });
    }
  }
}

export type WalkStep = { readonly done: false; readonly through: number } | { readonly done: true; readonly ok: true; readonly head: AuditHead; readonly rows: number } | ({ readonly done: true; readonly ok: false } & ChainBreak);

/** Rows per step of the background walk: ≈ 8–16 ms of hashing (measured, `npm run bench`), the longest a call waits behind it. */
export const WALK_CHUNK_ROWS = 2_000;

/** Where an earlier pass of the walk stopped: the last row it verified, and the head it was walking to. */
export interface WalkResume {
  readonly through: AuditHead;
  readonly target: AuditHead;
  /**
   * When this PC set that target, on its own clock (`WalkRecord.targetAt`, or the record's `at`
   * for a record written before it was kept); absent or null: unknown, and the target may never
   * have been purged.
   */
  readonly targetAt?: Date | null;
}

/**
 * The full walk of the chain, a chunk at a time (`step`), from the anchor (or the genesis) to the
 * head it had when the walk began; rows an admin acknowledged pass as they stand. Each step starts
 * from the row the last one ended on, so a pass can also span sessions (`resume`):
 *
 * - It goes on from the recorded row only once that row is found with the hash recorded: every
 *   row before it verified then and each row's hash covers its predecessor's, so an unchanged
 *   row means the rows before it are as they were — unless one was edited with its stored hashes
 *   left as they were, which the next pass (from the start again) finds. A changed hash is a
 *   break: history was rewritten since the walk passed it.
 * - It ends at the recorded target, which must be found with the hash this PC saw when the pass
 *   began: rows between the resume point and the target recomputed since are caught there.
 * - Rows purged meanwhile by the audit log's retention are skipped: the walk goes on from the
 *   chain's new start (the anchor, checked against its purge row like any walk's start).
 * - A target purged meanwhile (the chain's start moved to or past it) is a break unless this PC
 *   set that target longer ago than the audit log's minimum retention (`purgeableAt` against the
 *   fixed five-year floor, on this PC's clock — never the purge row's date, which a key holder
 *   writes): then a fresh pass to the head now. Without this, a key holder could purge the rows a
 *   session wrote while the first walk on a PC was unfinished (no head witnessed yet), naming a
 *   forged purge row dated years ahead, and the resumed walk would take the forged head quietly.
 */
export class ChainWalk {
  readonly #db: Db;
  readonly #accepted: () => readonly AcceptedBreak[];
  readonly #chunkRows: number;
  readonly #resume: WalkResume | null;
  readonly #clock: Clock | null;
  #target: AuditHead;
  /** When this PC set the target (its own clock), null if unknown (then it cannot have been purged in time). */
  #targetAt: Date | null;
  #start = 0;
  #next: AuditHead | null = null;
  #rows = 0;

  /** `clock`: this PC's, to tell whether a target purged meanwhile was due (without one it never was). */
  constructor(db: Db, accepted: () => readonly AcceptedBreak[] = () => [], chunkRows = WALK_CHUNK_ROWS, resume: WalkResume | null = null, clock: Clock | null = null) {
    this.#db = db;
    this.#accepted = accepted;
    this.#chunkRows = Math.max(1, Math.floor(chunkRows));
    this.#resume = resume;
    this.#clock = clock;
    this.#target = resume?.target ?? auditHead(db);
    this.#targetAt = resume ? (resume.targetAt ?? null) : (clock?.now() ?? null);
  }

  /** The head this pass walks to. */
  get target(): AuditHead {
    return this.#target;
  }

  /** When this PC set the target, on its clock (null if unknown or no clock was given). */
  get targetAt(): Date | null {
    return this.#targetAt;
  }

  /** The last row verified (the chain's start before any), null before the first step. */
  get through(): AuditHead | null {
    return this.#next;
  }

  /** Rows verified this pass (earlier sessions' included) and the rows it has in all, from the chain's start. */
  get progress(): { readonly verified: number; readonly total: number } {
    const total = Math.max(0, this.#target.seq - this.#start);
    const at = this.#next ?? this.#resume?.through ?? null;
    return { verified: at ? Math.min(total, Math.max(0, at.seq - this.#start)) : 0, total };
  }

  /** Rows hashed by this walk object (not the ones an earlier session verified). */
  get rowsWalked(): number {
    return this.#rows;
  }

  step(): WalkStep {
    if (!this.#next) {
      const start = auditChainStart(this.#db);
      if (!start.ok) return { done: true, ok: false, reason: start.reason, firstBrokenSeq: start.firstBrokenSeq, brokenRow: null };
      const first = this.#begin(start.start);
      if (first) return first;
    } else {
      // Old rows purged meanwhile (the retention of the audit log): the walk goes on from the new start.
      const anchor = auditAnchor(this.#db);
      if (anchor && anchor.seq > this.#next.seq) {
        const start = auditChainStart(this.#db);
        if (!start.ok) return { done: true, ok: false, reason: start.reason, firstBrokenSeq: start.firstBrokenSeq, brokenRow: null };
        this.#start = start.start.seq;
        if (this.#target.seq <= start.start.seq) {
          const purged = this.#targetPurged(start.start);
          if (purged) return purged;
        }
        this.#next = start.start;
      }
    }
    const from = this.#next;
    if (!from) throw new Error('the walk has no start');
    const target = this.#target;
    const walked = verifyAuditRange(this.#db, from, { throughSeq: target.seq, limit: this.#chunkRows, accepted: this.#accepted() });
    if (!walked.ok) return { done: true, ok: false, reason: walked.reason, firstBrokenSeq: walked.firstBrokenSeq, brokenRow: walked.brokenRow };
    this.#next = walked.last;
    this.#rows += walked.rows;
    if (walked.rows < this.#chunkRows || walked.last.seq >= target.seq) {
      if (walked.last.seq !== target.seq) {
        return { done: true, ok: false, reason: `row ${target.seq}, the head this walk set out for, is gone`, firstBrokenSeq: walked.last.seq + 1, brokenRow: null };
      }
      if (walked.last.hash !== target.hash) {
        return { done: true, ok: false, reason: `row ${target.seq} differs from the head this walk set out for`, firstBrokenSeq: target.seq, brokenRow: null };
      }
      return { done: true, ok: true, head: walked.last, rows: this.#rows };
    }
    return { done: false, through: walked.last.seq };
  }

  /** Where the first step starts: the chain's start, or an earlier pass's last row found unchanged. */
  #begin(start: AuditHead): WalkStep | null {
    this.#start = start.seq;
    const resume = this.#resume;
    if (resume && resume.target.seq <= start.seq) {
      // The resumed pass's target was purged since: a fresh pass to the head now, if that was due.
      const purged = this.#targetPurged(start);
      if (purged) return purged;
      this.#next = start;
      return null;
    }
    if (!resume) {
      this.#next = start;
      return null;
    }
    if (resume.through.seq <= start.seq) {
      // The rows it verified were purged since: the kept chain from its start.
      this.#next = start;
      return null;
    }
    const row = cachedStatement(this.#db, 'SELECT row_hash FROM audit_log WHERE seq = ?').get(resume.through.seq) as { row_hash: string } | undefined;
    if (!row || row.row_hash !== resume.through.hash) {
      return {
        done: true,
        ok: false,
        reason: row ? `row ${resume.through.seq} differs from the row this PC's walk verified` : `row ${resume.through.seq}, verified by this PC's walk, is gone`,
        firstBrokenSeq: resume.through.seq,
        brokenRow: null,
      };
    }
    this.#next = resume.through;
    return null;
  }

  /**
   * The chain's start (`start`) has moved to or past the target: a break unless this PC set the
   * target longer ago than the audit log's minimum retention (the fixed floor, on this PC's clock)
   * — then the target moves on to the head now.
   */
  #targetPurged(start: AuditHead): WalkStep | null {
    const target = this.#target;
    const now = this.#clock?.now() ?? null;
    const due = now !== null && this.#targetAt !== null && purgeableAt(this.#targetAt.toISOString(), now);
    if (!due) {
      return { done: true, ok: false, reason: `row ${target.seq}, the head this walk set out for, was purged before the audit log's retention allowed`, firstBrokenSeq: target.seq, brokenRow: null };
    }
    if (start.seq === target.seq && start.hash !== target.hash) {
      return { done: true, ok: false, reason: `row ${target.seq} differs from the head this walk set out for`, firstBrokenSeq: target.seq, brokenRow: null };
    }
    this.#target = auditHead(this.#db);
    this.#targetAt = now;
    return null;
  }

  /** All steps at once (doctor, tests). */
  run(): Exclude<WalkStep, { done: false }> {
    for (;;) {
      const result = this.step();
      if (result.done) return result;
    }
  }
}
