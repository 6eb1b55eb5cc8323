import { createHash } from 'node:crypto';
import { type Json, canonicalJson } from '../../../shared/canonical-json';
import type { Clock } from '../../runtime/clock';
import type { Db } from '../db/open-vault';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  readonly accountId: string | null;
  readonly organisationId: string | null;
  readonly action: string;
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

/** Where the kept chain starts after old rows were purged by retention (`vault_meta`), or null. */
export function auditAnchor(db: Db): AuditHead | null {
  const row = db.prepare("SELECT value FROM vault_meta WHERE key = 'audit_anchor'").get() as { value: string } | undefined;
  if (!row) return null;
  const parsed = JSON.parse(row.value) as { seq?: unknown; hash?: unknown };
  return typeof parsed.seq === 'number' && typeof parsed.hash === 'string' ? { seq: parsed.seq, hash: parsed.hash } : null;
}

/**
 * Retention of the audit log itself: deletes rows 1…`throughSeq` (never the newest) and records
 * the last deleted row's hash as the anchor the kept chain starts from. The caller appends the
 * purge row naming the anchor in the same transaction, so the anchor is chained like any row and
 * witnessed with the head.
 */
export function purgeAuditThrough(db: Db, throughSeq: number): AuditHead {
  const last = db.prepare('SELECT seq, row_hash FROM audit_log WHERE seq = ?').get(throughSeq) as { seq: number; row_hash: string } | undefined;
  if (!last || throughSeq >= auditHead(db).seq) throw new RangeError('only rows older than the newest can be purged');
  db.prepare('DELETE FROM audit_reviews WHERE seq <= ?').run(throughSeq);
  db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(throughSeq);
  const anchor = { seq: last.seq, hash: last.row_hash };
  db.prepare("INSERT INTO vault_meta (key, value) VALUES ('audit_anchor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(anchor));
  return anchor;
}

/** The newest purge row's anchor: the anchor in `vault_meta` must be the one the chain itself records. */
function chainedAnchor(db: Db): AuditHead | null {
  for (const row of db.prepare("SELECT detail FROM audit_log WHERE action = 'retention.purged' ORDER BY seq DESC").iterate() as IterableIterator<{ detail: string }>) {
    const detail = JSON.parse(row.detail) as { auditAnchorSeq?: unknown; auditAnchorHash?: unknown };
    if (typeof detail.auditAnchorSeq === 'number' && typeof detail.auditAnchorHash === 'string') return { seq: detail.auditAnchorSeq, hash: detail.auditAnchorHash };
  }
  return null;
}

function anchorProblem(db: Db): string | null {
  const anchor = auditAnchor(db);
  if (!anchor) return null;
  const chained = chainedAnchor(db);
  if (!chained || chained.seq !== anchor.seq || chained.hash !== anchor.hash) return `the chain's start (row ${anchor.seq}) is not the one its purge recorded`;
  return null;
}

export function auditHead(db: Db): AuditHead {
  const row = db.prepare('SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; row_hash: string } | undefined;
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
  db.prepare(
    `INSERT INTO audit_log (seq, at, account_id, organisation_id, action, case_code, detail, prev_hash, row_hash)
     VALUES (@seq, @at, @account_id, @organisation_id, @action, @case_code, @detail, @prev_hash, @row_hash)`,
  ).run({ ...row, prev_hash: head.hash, row_hash: hash });
  return { seq: row.seq, hash };
}

/** What the unlock check knows about purges from this PC's witness. */
export interface PurgeAllowance {
  /** The chain start this PC saw last time: it may only move forward. */
  readonly witnessedAnchor?: AuditHead | null;
  /** The witness was written before the audit log's retention cut-off, so its row may have been purged. */
  readonly witnessOlderThanRetention?: boolean;
}

export type AuditVerdict =
  | { readonly ok: true; readonly head: AuditHead }
  | { readonly ok: false; readonly firstBrokenSeq: number | null; readonly reason: string; readonly head: AuditHead };

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
  if (problem) return { ok: false, firstBrokenSeq: seq + 1, reason: problem, head: auditHead(db) };
  let witnessSeen = !expected || expected.seq === 0;
  if (expected && anchor && expected.seq <= anchor.seq) {
    if (expected.seq < anchor.seq || expected.hash !== anchor.hash) {
      return { ok: false, firstBrokenSeq: expected.seq, reason: `the witnessed row ${expected.seq} was purged (the chain now starts after row ${anchor.seq})`, head: auditHead(db) };
    }
    witnessSeen = true;
  }
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    const head = { seq, hash: prev };
    if (row.seq !== seq + 1) return { ok: false, firstBrokenSeq: row.seq, reason: `row ${seq + 1} is missing`, head };
    if (row.prev_hash !== prev || rowHash(prev, row) !== row.row_hash) {
      return { ok: false, firstBrokenSeq: row.seq, reason: `row ${row.seq} does not match the chain`, head };
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
    if (witnessed.seq < purgedThrough.seq && !purgeAllowed.witnessOlderThanRetention) {
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
  let prev = anchor.row_hash;
  let seq = anchor.seq;
  for (const row of db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq').iterate(witnessed.seq) as IterableIterator<AuditRow>) {
    if (row.seq !== seq + 1 || row.prev_hash !== prev || rowHash(prev, row) !== row.row_hash) {
      return { ok: false, firstBrokenSeq: row.seq === seq + 1 ? row.seq : seq + 1, reason: `row ${seq + 1} does not match the chain`, head: { seq, hash: prev } };
    }
    prev = row.row_hash;
    seq = row.seq;
  }
  return { ok: true, head: { seq, hash: prev } };
}
