import type { Clock } from '../../runtime/clock';
import type { Logger } from '../../runtime/log';
import type { Db } from '../db/open-vault';
import type { UnlockedVault } from '../vault';
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
import { type WitnessAlarm, readWitnessSync, writeWitnessSync } from './witness';

export interface WitnessDeps {
  /** This PC's witness folder: `defaultWitnessDir()` (TEAMVALV_WITNESS_DIR) unless a test says otherwise. */
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
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

  private constructor(vault: UnlockedVault, deps: WitnessDeps, good: GoodHead, alarm: WitnessAlarm | null, accepted: readonly AcceptedBreak[]) {
    this.#vault = vault;
    this.#deps = deps;
    this.#good = good;
    this.#alarm = alarm;
    this.#accepted = accepted;
  }

  /** The unlock check. Never throws for what it finds: a chain that cannot even be read is an alarm. */
  static open(vault: UnlockedVault, deps: WitnessDeps): WitnessSession {
    const witnessed = readWitnessSync(deps.dir, vault.header.vaultId);
    const good: GoodHead = witnessed
      ? { head: { seq: witnessed.seq, hash: witnessed.hash }, at: witnessed.at, anchor: witnessed.anchor }
      : { head: { seq: 0, hash: GENESIS_HASH }, at: deps.clock.now(), anchor: null };
    const session = new WitnessSession(vault, deps, good, witnessed?.alarm ?? null, witnessed?.accepted ?? []);
    const standing = session.#alarm;
    if (standing) {
      // Sticky: whatever the chain says now, the alarm stands until an admin acknowledges it.
      session.#auditAlarm(standing, 'unlock', true);
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
    if (!db.open || this.#alarm || !this.#verified) return;
    // Another session of this PC may have raised an alarm meanwhile (the file is the record).
    if (readWitnessSync(this.#deps.dir, this.#vault.header.vaultId)?.alarm) return;
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
    writeWitnessSync(this.#deps.dir, this.#vault.header.vaultId, this.#good.head, this.#good.at, this.#good.anchor, { alarm: this.#alarm, accepted: this.#accepted });
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

/**
 * The full walk of the chain, a chunk at a time (`step`), from the anchor (or the genesis) to the
 * head it had when the walk began; rows an admin acknowledged pass as they stand. Resumable by
 * construction: each step starts from the head the last one ended on.
 */
export class ChainWalk {
  readonly #db: Db;
  readonly #accepted: () => readonly AcceptedBreak[];
  readonly #chunkRows: number;
  readonly #target: number;
  #next: AuditHead | null = null;
  #rows = 0;

  constructor(db: Db, accepted: () => readonly AcceptedBreak[] = () => [], chunkRows = WALK_CHUNK_ROWS) {
    this.#db = db;
    this.#accepted = accepted;
    this.#chunkRows = Math.max(1, Math.floor(chunkRows));
    this.#target = auditHead(db).seq;
  }

  step(): WalkStep {
    if (!this.#next) {
      const start = auditChainStart(this.#db);
      if (!start.ok) return { done: true, ok: false, reason: start.reason, firstBrokenSeq: start.firstBrokenSeq, brokenRow: null };
      this.#next = start.start;
    }
    const walked = verifyAuditRange(this.#db, this.#next, { throughSeq: this.#target, limit: this.#chunkRows, accepted: this.#accepted() });
    if (!walked.ok) return { done: true, ok: false, reason: walked.reason, firstBrokenSeq: walked.firstBrokenSeq, brokenRow: walked.brokenRow };
    this.#next = walked.last;
    this.#rows += walked.rows;
    if (walked.rows < this.#chunkRows || walked.last.seq >= this.#target) return { done: true, ok: true, head: walked.last, rows: this.#rows };
    return { done: false, through: walked.last.seq };
  }

  /** All steps at once (doctor, tests). */
  run(): Exclude<WalkStep, { done: false }> {
    for (;;) {
      const result = this.step();
      if (result.done) return result;
    }
  }
}
