import { createHash } from 'node:crypto';
import type { AuditAction } from '../../../shared/audit/events';
import { type Json, canonicalJson } from '../../../shared/canonical-json';
import type { Clock } from '../../runtime/clock';
import type { Db } from '../db/open-vault';
import { cachedStatement } from '../db/statements';
import { connectionKey } from '../handles';
import { AUDIT_ANCHOR, readSetting, setSetting } from '../settings';
import { RETENTION_MINIMUM, cutoffDate } from '../../../shared/retention/model';
import { stockholmDate } from '../../../shared/time/zone';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  readonly accountId: string | null;
  readonly organisationId: string | null;
  readonly action: AuditAction;
  readonly caseCode?: string | null;
  /** Counts, ids and kinds only — never note text. */
  readonly detail?: Readonly<Record<string, Json>>;
}

interface AuditRow {
  seq: number;
  at: string;
  account_id: string | null;
  organisation_id: string | null;
  action: string;
  case_code: string | null;
  detail: string;
  prev_hash: string;
  row_hash: string;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** row_hash = SHA-256(prev_hash ‖ canonical row), the row being every column but the hashes. */
function rowHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'row_hash'>): string {
  const canonical = canonicalJson({
    seq: row.seq,
    at: row.at,
    accountId: row.account_id,
    organisationId: row.organisation_id,
    action: row.action,
    caseCode: row.case_code,
    detail: row.detail,
  });
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** Where the kept chain starts after old rows were purged: the last purged row's seq, hash and time. */
export interface AuditAnchor extends AuditHead {
  readonly at: string;
}

type AnchorRead = { readonly anchor: AuditAnchor | null; readonly corrupt: boolean };

function readAnchor(db: Db): AnchorRead {
  // An unreadable anchor is reported by the checks, never thrown at the caller.
  const read = readSetting(db, AUDIT_ANCHOR);
  return read.state === 'set' ? { anchor: read.value, corrupt: false } : { anchor: null, corrupt: read.state === 'damaged' };
}

/** The anchor after purges of old rows (`vault_meta`), or null (none, or unreadable — which `verifyAudit` reports). */
export function auditAnchor(db: Db): AuditAnchor | null {
  return readAnchor(db).anchor;
}

/** The audit-log rule's queries (a retention purge's plan, main/retention/purge.ts): the oldest unbroken run, through the index `audit_log_at`. */
export const AUDIT_DUE_SQL = {
  auditFirst: 'SELECT seq, at FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log)',
  auditNewest: 'SELECT max(seq) AS seq FROM audit_log',
  /** Rows written before the cut-off: how many and the last (the index `audit_log_at`, covering). */
  auditBefore: 'SELECT count(*) AS n, max(seq) AS last FROM audit_log WHERE at < ?',
  /** Only when those rows are not one run from the start (a clock set back): the first row from the cut-off on. */
  auditFirstFrom: 'SELECT seq FROM audit_log WHERE seq > ? AND at >= ? ORDER BY seq LIMIT 1',
} as const;

/**
 * Retention of the audit log itself: deletes rows 1…`throughSeq` (never the newest) and records
 * the last deleted row's seq, hash and time as the anchor the kept chain starts from. The caller
 * appends the purge row naming the anchor in the same transaction, so the anchor is chained like
 * any row and witnessed with the head. The caller checks first that the chain verifies (the
 * purge's plan does, in the same synchronous run): a purge never erases the evidence of a break.
 */
export function purgeAuditThrough(db: Db, throughSeq: number): AuditAnchor {
  const last = db.prepare('SELECT seq, row_hash, at FROM audit_log WHERE seq = ?').get(throughSeq) as { seq: number; row_hash: string; at: string } | undefined;
  if (!last || throughSeq >= auditHead(db).seq) throw new RangeError('only rows older than the newest can be purged');
  db.prepare('DELETE FROM audit_reviews WHERE seq <= ?').run(throughSeq);
  db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(throughSeq);
  const anchor = { seq: last.seq, hash: last.row_hash, at: last.at };
  setSetting(db, AUDIT_ANCHOR, anchor);
  rebaseVerified(db, { seq: anchor.seq, hash: anchor.hash });
  return anchor;
}

/** The newest purge row's anchor and the purge row's own time: the anchor in `vault_meta` must be the one the chain records. */
function chainedAnchor(db: Db): { anchor: AuditAnchor; purgedAt: string } | null {
  for (const row of db.prepare("SELECT at, detail FROM audit_log WHERE action = 'retention.purged' ORDER BY seq DESC").iterate() as IterableIterator<{ at: string; detail: string }>) {
    let detail: { auditAnchorSeq?: unknown; auditAnchorHash?: unknown; auditAnchorAt?: unknown };
    try {
      detail = JSON.parse(row.detail) as typeof detail;
    } catch {
      continue;
    }
    if (typeof detail.auditAnchorSeq === 'number' && typeof detail.auditAnchorHash === 'string' && typeof detail.auditAnchorAt === 'string') {
      return { anchor: { seq: detail.auditAnchorSeq, hash: detail.auditAnchorHash, at: detail.auditAnchorAt }, purgedAt: row.at };
    }
  }
  return null;
}

/**
 * The anchor must be the one the newest purge row names, and old enough to have been purged then:
 * its row older than the audit log's minimum retention (five years — a fixed floor, not the rule a
 * key holder could rewrite in the vault) before the purge.
 */
function anchorProblem(db: Db): string | null {
  const { anchor, corrupt } = readAnchor(db);
  if (corrupt) return "the record of where the chain starts is unreadable";
  if (!anchor) return null;
  const chained = chainedAnchor(db);
  if (!chained || chained.anchor.seq !== anchor.seq || chained.anchor.hash !== anchor.hash || chained.anchor.at !== anchor.at) {
    return `the chain's start (row ${anchor.seq}) is not the one its purge recorded`;
  }
  if (!purgeableAt(anchor.at, new Date(chained.purgedAt))) return `row ${anchor.seq} was purged before the audit log's retention allowed`;
  return null;
}

/** Whether an audit row written at `at` may have been purged by a purge at `purgedAt` (older than the five-year floor, in Stockholm dates). */
export function purgeableAt(at: string, purgedAt: Date): boolean {
  const when = new Date(at);
  if (Number.isNaN(when.getTime()) || Number.isNaN(purgedAt.getTime())) return false;
  return stockholmDate(when) < cutoffDate(stockholmDate(purgedAt), RETENTION_MINIMUM['audit-log']);
}

export function auditHead(db: Db): AuditHead {
  const row = cachedStatement(db, 'SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; row_hash: string } | undefined;
  return row ? { seq: row.seq, hash: row.row_hash } : { seq: 0, hash: GENESIS_HASH };
}

/** Appends one entry to the chain (inside the caller's transaction when there is one). */
export function appendAudit(db: Db, clock: Clock, entry: AuditEntry, at: Date = clock.now()): AuditHead {
  const head = auditHead(db);
  const row = {
    seq: head.seq + 1,
    at: at.toISOString(),
    account_id: entry.accountId,
    organisation_id: entry.organisationId,
    action: entry.action,
    case_code: entry.caseCode ?? null,
    detail: canonicalJson((entry.detail ?? {}) as Json),
  };
  const hash = rowHash(head.hash, row);
  cachedStatement(
    db,
    `INSERT INTO audit_log (seq, at, account_id, organisation_id, action, case_code, detail, prev_hash, row_hash)
     VALUES (@seq, @at, @account_id, @organisation_id, @action, @case_code, @detail, @prev_hash, @row_hash)`,
  ).run({ ...row, prev_hash: head.hash, row_hash: hash });
  return { seq: row.seq, hash };
}

/** What the unlock check knows about purges from this PC's witness. */
export interface PurgeAllowance {
  /** The chain start this PC saw last time: it may only move forward. */
  readonly witnessedAnchor?: AuditHead | null;
  /** The witness was written before the audit log's minimum retention (five years) ago, so its row may have been purged. */
  readonly witnessOlderThanRetention?: boolean;
  /** Breaks an admin acknowledged on this PC (see `AcceptedBreak`). */
  readonly accepted?: readonly AcceptedBreak[];
}

export type AuditVerdict =
  | { readonly ok: true; readonly head: AuditHead }
  | {
      readonly ok: false;
      readonly firstBrokenSeq: number | null;
      readonly reason: string;
      readonly head: AuditHead;
      /** The expected head is at or before the chain's anchor: purged (the kept chain verified) — by retention only if it was witnessed five years before `purgedAt`. */
      readonly headPurged?: AuditAnchor & { readonly purgedAt: string };
      /** The stored row where the chain broke, as it stands (what an admin's acknowledgement accepts); null when no row is to blame. */
      readonly brokenRow?: AcceptedBreak | null;
    };

/**
 * What this connection has walked of the chain and found intact, as runs of rows (issue 16): a
 * purge's plan must know the whole chain verifies, and a second walk of a million rows (the full
 * check after unlock has just done one) is what made the gallring preview take seconds.
 *
 * Sound because nothing else can change those rows while the connection is open: it holds the
 * vault's exclusive lock (no other connection reads or writes; `data_version` would show one
 * that did, and then nothing walked before counts), and the app never updates an audit row — it
 * appends (`appendAudit`) and deletes the oldest ones (`purgeAuditThrough`, which moves the runs'
 * start to its anchor). Runs are noted only outside a transaction (a rollback cannot take back
 * rows a run vouches for) and only when no acknowledged break was let through; a run is used only
 * while its last row still holds the hash that was walked.
 */
interface VerifiedRun {
  from: AuditHead;
  through: AuditHead;
}
/** Per connection (`connectionKey`: its read-only handle shares it), the runs of the chain found intact. */
const verifiedRuns = new WeakMap<object, { readonly dataVersion: number; runs: VerifiedRun[] }>();
const MAX_RUNS = 8;

const dataVersion = (db: Db): number => (cachedStatement(db, 'PRAGMA data_version').get() as { data_version: number }).data_version;

function noteVerified(db: Db, from: AuditHead, through: AuditHead): void {
  if (db.inTransaction || through.seq <= from.seq) return;
  const version = dataVersion(db);
  const known = verifiedRuns.get(connectionKey(db));
  const runs = known && known.dataVersion === version ? known.runs : [];
  runs.push({ from, through });
  runs.sort((a, b) => a.from.seq - b.from.seq);
  // A run that starts inside another (or where it ends, on the same hash) continues it: the rows are the ones walked.
  const merged: VerifiedRun[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && (run.from.seq < last.through.seq || (run.from.seq === last.through.seq && run.from.hash === last.through.hash))) {
      if (run.through.seq > last.through.seq) last.through = run.through;
    } else {
      merged.push({ ...run });
    }
  }
  verifiedRuns.set(connectionKey(db), { dataVersion: version, runs: merged.slice(-MAX_RUNS) });
}

/** A walk that found a break: nothing walked before is trusted any more (the next purge walks the chain again). */
function forgetVerified<T>(db: Db, verdict: T): T {
  verifiedRuns.delete(connectionKey(db));
  return verdict;
}

/** How far this connection has found the chain intact from `start` (the chain's start), or null. */
function verifiedFrom(db: Db, start: AuditHead): AuditHead | null {
  const known = verifiedRuns.get(connectionKey(db));
  if (!known || known.dataVersion !== dataVersion(db)) return null;
  const run = known.runs.find((r) => r.from.seq === start.seq && r.from.hash === start.hash);
  if (!run) return null;
  const row = cachedStatement(db, 'SELECT row_hash FROM audit_log WHERE seq = ?').get(run.through.seq) as { row_hash: string } | undefined;
  return row?.row_hash === run.through.hash ? run.through : null;
}

/** After a purge of rows 1…`anchor.seq`: runs through the anchor now start from it; runs before it went with their rows. */
function rebaseVerified(db: Db, anchor: AuditHead): void {
  const known = verifiedRuns.get(connectionKey(db));
  if (!known) return;
  known.runs = known.runs.filter((r) => r.through.seq > anchor.seq).map((r) => (r.from.seq < anchor.seq ? { from: anchor, through: r.through } : r));
}

/**
 * Whether the whole chain verifies — what `verifyAudit(db).ok` says — walking only the rows this
 * connection has not yet found intact (after the full check that follows unlock, the few since).
 * A purge of audit rows asks this first: it must never erase the evidence of a break.
 */
export function auditChainIntact(db: Db): boolean {
  const start = auditChainStart(db);
  if (!start.ok) return false;
  // Rows at or before the anchor must be gone (`verifyAudit` finds them out of place).
  if (cachedStatement(db, 'SELECT 1 FROM audit_log WHERE seq <= ? LIMIT 1').get(start.start.seq)) return false;
  const walked = verifyAuditRange(db, verifiedFrom(db, start.start) ?? start.start);
  return walked.ok;
}

/**
 * Walks the chain. With `expected` (a head witnessed outside the vault) it also catches deleted
 * newest rows and a fully recomputed chain: the witnessed row must still be there with that hash.
 */
export function verifyAudit(db: Db, expected?: AuditHead): AuditVerdict {
  // After a retention purge the chain starts from its anchor: the last purged row's hash.
  const anchor = auditAnchor(db);
  let prev = anchor?.hash ?? GENESIS_HASH;
  let seq = anchor?.seq ?? 0;
  const problem = anchorProblem(db);
  if (problem) return forgetVerified(db, { ok: false, firstBrokenSeq: seq + 1, reason: problem, head: auditHead(db) });
  let witnessSeen = !expected || expected.seq === 0;
  let expectedPurged = false;
  if (expected && anchor && expected.seq <= anchor.seq) {
    if (expected.seq === anchor.seq && expected.hash !== anchor.hash) {
      return { ok: false, firstBrokenSeq: expected.seq, reason: `row ${expected.seq} differs from the witnessed head`, head: auditHead(db) };
    }
    // Checked below against the kept chain; reported as purged (not broken) if that verifies — the
    // caller decides from when it was witnessed whether it was due (the anchor itself included).
    expectedPurged = true;
    witnessSeen = true;
  }
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    const head = { seq, hash: prev };
    if (row.seq !== seq + 1) return forgetVerified(db, { ok: false, firstBrokenSeq: row.seq, reason: `row ${seq + 1} is missing`, head });
    if (row.prev_hash !== prev || rowHash(prev, row) !== row.row_hash) {
      return forgetVerified(db, { ok: false, firstBrokenSeq: row.seq, reason: `row ${row.seq} does not match the chain`, head });
    }
    if (expected && row.seq === expected.seq) {
      if (row.row_hash !== expected.hash) {
        return { ok: false, firstBrokenSeq: row.seq, reason: `row ${row.seq} differs from the witnessed head`, head };
      }
      witnessSeen = true;
    }
    prev = row.row_hash;
    seq = row.seq;
  }
  const head = { seq, hash: prev };
  if (!witnessSeen) return { ok: false, firstBrokenSeq: seq + 1, reason: `the witnessed row ${expected?.seq} is gone`, head };
  noteVerified(db, anchor ? { seq: anchor.seq, hash: anchor.hash } : { seq: 0, hash: GENESIS_HASH }, head);
  const chained = expectedPurged ? chainedAnchor(db) : null;
  if (expectedPurged && anchor && chained) {
    return {
      ok: false,
      firstBrokenSeq: null,
      reason: `row ${expected?.seq} was purged (the kept chain starts after row ${anchor.seq} and verifies)`,
      head,
      headPurged: { ...anchor, purgedAt: chained.purgedAt },
    };
  }
  return { ok: true, head };
}

/**
 * The unlock-time check: does the chain still pass through the head this PC witnessed, and does
 * every row since link on correctly? Cost grows with the rows added since, not with the log
 * (a full `verifyAudit` is ~10 µs per row — measured — and runs on demand: admin view, CLI).
 * A recomputed chain changes the witnessed row's hash, so it is caught here too.
 */
export function verifyAuditSince(db: Db, witnessed: AuditHead, purgeAllowed: PurgeAllowance = {}): AuditVerdict {
  if (witnessed.seq === 0) return verifyAudit(db);
  const purgedThrough = auditAnchor(db);
  const headNow = auditHead(db);
  if (purgeAllowed.witnessedAnchor && (!purgedThrough || purgedThrough.seq < purgeAllowed.witnessedAnchor.seq || (purgedThrough.seq === purgeAllowed.witnessedAnchor.seq && purgedThrough.hash !== purgeAllowed.witnessedAnchor.hash))) {
    return { ok: false, firstBrokenSeq: purgeAllowed.witnessedAnchor.seq, reason: 'the start of the chain differs from the one this PC witnessed', head: headNow };
  }
  if (purgedThrough && witnessed.seq <= purgedThrough.seq) {
    // This PC's witnessed row was purged since: right only if it was old enough to go by the
    // audit log's retention — the witness is written at each unlock and lock, so its row is as old as the witness.
    if (witnessed.seq === purgedThrough.seq && witnessed.hash !== purgedThrough.hash) {
      return { ok: false, firstBrokenSeq: witnessed.seq, reason: `row ${witnessed.seq} differs from the witnessed head`, head: headNow };
    }
    if (!purgeAllowed.witnessOlderThanRetention) {
      return { ok: false, firstBrokenSeq: witnessed.seq, reason: `the witnessed row ${witnessed.seq} was purged before the audit log's retention allowed`, head: headNow };
    }
    return verifyAudit(db);
  }
  const problem = anchorProblem(db);
  if (problem) return { ok: false, firstBrokenSeq: (purgedThrough?.seq ?? 0) + 1, reason: problem, head: headNow };
  const anchor = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(witnessed.seq) as AuditRow | undefined;
  if (!anchor) return { ok: false, firstBrokenSeq: witnessed.seq, reason: `the witnessed row ${witnessed.seq} is gone`, head: headNow };
  if (anchor.row_hash !== witnessed.hash || rowHash(anchor.prev_hash, anchor) !== anchor.row_hash) {
    return { ok: false, firstBrokenSeq: witnessed.seq, reason: `row ${witnessed.seq} differs from the witnessed head`, head: headNow };
  }
  const walked = verifyAuditRange(db, { seq: anchor.seq, hash: anchor.row_hash }, { accepted: purgeAllowed.accepted ?? [] });
  if (!walked.ok) return { ok: false, firstBrokenSeq: walked.firstBrokenSeq, reason: `row ${walked.firstBrokenSeq} does not match the chain`, head: walked.last, brokenRow: walked.brokenRow };
  return { ok: true, head: walked.last };
}

/**
 * A break an admin acknowledged on this PC: the stored row at `seq` exactly as it stood (its
 * digest covers every column, the hashes included). The chain walk lets that row pass — and
 * only while it stays as it was — so an acknowledged break does not alarm at every unlock.
 */
export interface AcceptedBreak {
  readonly seq: number;
  readonly digest: string;
}

/** SHA-256 over every stored column of a row, hashes included: which row, exactly as it stands. */
function rowDigest(row: AuditRow): string {
  return createHash('sha256')
    .update(canonicalJson({ seq: row.seq, at: row.at, accountId: row.account_id, organisationId: row.organisation_id, action: row.action, caseCode: row.case_code, detail: row.detail, prevHash: row.prev_hash, rowHash: row.row_hash }))
    .digest('hex');
}

export type RangeVerdict =
  | { readonly ok: true; readonly last: AuditHead; readonly rows: number }
  | { readonly ok: false; readonly firstBrokenSeq: number; readonly reason: string; readonly last: AuditHead; readonly brokenRow: AcceptedBreak };

/**
 * The resumable walk: verifies the rows after `from` (the previous row's seq and its hash) up to
 * `throughSeq`, at most `limit` of them, and says where it stopped, so a long chain can be
 * checked a chunk at a time (`last` is the next chunk's `from`). Rows an admin accepted as they
 * stand (`accepted`) pass. Rows deleted from the end are not its business: the witness catches those.
 */
export function verifyAuditRange(db: Db, from: AuditHead, options: { readonly throughSeq?: number; readonly limit?: number; readonly accepted?: readonly AcceptedBreak[] } = {}): RangeVerdict {
  const throughSeq = options.throughSeq ?? Number.MAX_SAFE_INTEGER;
  const limit = options.limit ?? -1; // SQLite: a negative LIMIT is no limit
  const accepted = options.accepted ?? [];
  let prev = from.hash;
  let seq = from.seq;
  let rows = 0;
  let passedAccepted = false;
  for (const row of db.prepare('SELECT * FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?').iterate(from.seq, throughSeq, limit) as IterableIterator<AuditRow>) {
    rows++;
    const problem = row.seq !== seq + 1 ? `row ${seq + 1} is missing` : row.prev_hash !== prev || rowHash(prev, row) !== row.row_hash ? `row ${row.seq} does not match the chain` : null;
    if (problem) {
      const digest = rowDigest(row);
      if (!accepted.some((a) => a.seq === row.seq && a.digest === digest)) {
        return forgetVerified(db, { ok: false, firstBrokenSeq: row.seq === seq + 1 ? row.seq : seq + 1, reason: problem, last: { seq, hash: prev }, brokenRow: { seq: row.seq, digest } });
      }
      passedAccepted = true;
    }
    prev = row.row_hash;
    seq = row.seq;
  }
  // Rows an admin accepted as they stand are not intact: such a walk vouches for nothing.
  if (!passedAccepted) noteVerified(db, from, { seq, hash: prev });
  return { ok: true, last: { seq, hash: prev }, rows };
}

/** Where a full walk starts: the anchor after purges (checked against its purge row) or the genesis. */
export function auditChainStart(db: Db): { readonly ok: true; readonly start: AuditHead } | { readonly ok: false; readonly firstBrokenSeq: number; readonly reason: string } {
  const anchor = auditAnchor(db);
  const problem = anchorProblem(db);
  if (problem) return { ok: false, firstBrokenSeq: (anchor?.seq ?? 0) + 1, reason: problem };
  return { ok: true, start: anchor ? { seq: anchor.seq, hash: anchor.hash } : { seq: 0, hash: GENESIS_HASH } };
}
