import { createHash } from 'node:crypto';
import { AppError } from '../../shared/ipc/errors';
import { type PurgeCounts, type PurgeGroup, type PurgePreview, type PurgeResult, RETENTION_KINDS, type RetentionKind, cutoffDate } from '../../shared/retention/model';
import { stockholmDate, stockholmDayStart } from '../../shared/time/zone';
import { carryOutPurge, purgeSql } from '../records/purge';
import { type DueQuery, SUBJECT_TABLES, type TableDeclaration } from '../records/model';
import { RECORD_REGISTRY } from '../records/registry';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { requireAdmin } from '../roster/access';
import { retentionDecisions } from './ownership';
import { AUDIT_DUE_SQL, auditChainIntact, purgeAuditThrough } from '../vault/audit/audit-log';
import { cachedStatement } from '../vault/db/statements';
import { requireIntactRules } from '../vault/retention';
import { RETENTION_FAILED, RETENTION_LAST_RUN, RETENTION_NOTICE, deleteSetting, setSetting } from '../vault/settings';

/**
 * Gallring by the retention rules (DESIGN.md, "Data that must really go away"): rows are deleted
 * with their FTS entries, then `incremental_vacuum` frees the pages (zeroed by `secure_delete`)
 * and `wal_checkpoint(TRUNCATE)` empties the WAL, so no copy of the text is left in either file.
 *
 * What each rule measures from (all in Europe/Stockholm dates):
 * - minutes: the meeting's date — the whole meeting goes (finalised minutes only ever go this way);
 * - supervision: the session's date — with its shared records and the private notes about it;
 * - handovers: the handover's date; received packets by the day they came in;
 * - case records: the case's last entry (made, consents, items, actions, handovers, supervision,
 *   closed). A due case still named by minutes, sessions or handovers another rule keeps waits
 *   for them (counted as held back) — finalised minutes are never edited to let a case go;
 * - audit log: the oldest rows, as one unbroken run; the chain then starts from an anchor.
 *
 * Which tables a rule takes, what counts as a case's entry, what holds a case back and what goes
 * with what are each table's `purge` declaration in the record registry (its domain's records.ts,
 * main/records/purge.ts); this file names no table of those records. Its own bookkeeping is
 * `vault_meta` (the last run, a scheduled run's notice, a failure cleared).
 */

interface Plan {
  readonly asOf: string;
  readonly groups: readonly PurgeGroup[];
  /** Per root table (one with a due query, or the cases table), the ids going. */
  readonly going: ReadonlyMap<string, readonly string[]>;
  readonly auditThroughSeq: number | null;
}

const localDate = (value: string): string => (value.length === 10 ? value : stockholmDate(new Date(value)));
const byDate = (a: { date: string; id: string }, b: { date: string; id: string }): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The plan's queries (issue 16): each finds its rows through an index (migrations 010 and 011),
 * set-based — never a query per record, never a read of the whole audit log. Dates are
 * `YYYY-MM-DD` (compared as they are); instants are the ISO strings the app writes, due when
 * before the instant the cut-off day begins in Stockholm. `plan-shape.test.ts` holds them to their indexes.
 * The record queries are assembled from the record registry (each table's `purge`, main/records/purge.ts);
 * the audit log's are the vault's (main/vault/audit/audit-log.ts).
 */
function planSqlOf(registry: readonly TableDeclaration[]): Readonly<Record<DueQuery | 'caseLastEntries' | 'heldBack' | keyof typeof AUDIT_DUE_SQL, string>> {
  const sql = purgeSql(registry);
  const due = Object.fromEntries(sql.due.map((d) => [d.name, d.sql])) as Partial<Record<DueQuery, string>>;
  const named = (name: DueQuery): string => {
    const found = due[name];
    if (found === undefined) throw new Error(`the record registry declares no due query ${name}`);
    return found;
  };
  return { meetings: named('meetings'), sessions: named('sessions'), handovers: named('handovers'), packets: named('packets'), caseLastEntries: sql.caseLastEntries, heldBack: sql.heldBack, ...AUDIT_DUE_SQL };
}
export const PLAN_SQL = planSqlOf(RECORD_REGISTRY);

/** Ids (and the Stockholm date each is measured from) of rows dated before the cutoff, oldest first. */
function due(caps: ReadCaps, sql: string, cutoff: string, bound: string): { id: string; date: string }[] {
  return (cachedStatement(caps.db, sql).all(bound) as { id: string; at: string }[])
    .map((row) => ({ id: row.id, date: localDate(row.at) }))
    .filter((row) => row.date < cutoff)
    .sort(byDate);
}

function group(kind: RetentionKind, months: number, cutoff: string, rows: readonly { date: string }[], heldBack = 0): PurgeGroup {
  return { kind, months, cutoff, count: rows.length, oldest: rows[0]?.date ?? null, heldBack };
}

/**
 * The audit log's due rows: the oldest as one unbroken run, never the newest row — and none while
 * the chain does not verify (a purge must not erase the evidence of a break). What this
 * connection has already walked of the chain is not walked again (`auditChainIntact`).
 */
function auditDue(caps: ReadCaps, cutoff: string): { throughSeq: number; count: number; oldest: string } | null {
  const db = caps.db;
  const first = cachedStatement(db, AUDIT_DUE_SQL.auditFirst).get() as { seq: number; at: string } | undefined;
  if (!first || localDate(first.at) >= cutoff) return null;
  if (!auditChainIntact(db)) return null;
  const newest = (cachedStatement(db, AUDIT_DUE_SQL.auditNewest).get() as { seq: number }).seq;
  const boundary = stockholmDayStart(cutoff).toISOString();
  const before = cachedStatement(db, AUDIT_DUE_SQL.auditBefore).get(boundary) as { n: number; last: number | null };
  let end: number;
  if (before.last !== null && before.last - first.seq + 1 === before.n) {
    end = before.last;
  } else {
    const from = cachedStatement(db, AUDIT_DUE_SQL.auditFirstFrom).get(first.seq - 1, boundary) as { seq: number } | undefined;
    end = from ? from.seq - 1 : newest;
  }
  const throughSeq = Math.min(end, newest - 1);
  if (throughSeq < first.seq) return null;
  // A verified chain has no gaps: the run is every seq from the first through `throughSeq`.
  return { throughSeq, count: throughSeq - first.seq + 1, oldest: localDate(first.at) };
}

function plan(caps: ReadCaps, registry: readonly TableDeclaration[]): Plan {
  // Rules that cannot be read stop the preview and every purge, by hand or scheduled.
  const rules = requireIntactRules(caps);
  const asOf = caps.access.date;
  const cutoff = Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, cutoffDate(asOf, rules[kind])])) as Record<RetentionKind, string>;
  const sql = purgeSql(registry);

  // Each rule's own records, by the table's due query (a day, or the instant the cut-off day begins).
  const dueRows = sql.due.map((d) => ({ ...d, rows: due(caps, d.sql, cutoff[d.rule], d.bound === 'day' ? cutoff[d.rule] : stockholmDayStart(cutoff[d.rule]).toISOString()) }));

  // A case's last entry, over everything that records something about it.
  const dueCases = (cachedStatement(caps.db, sql.caseLastEntries).all({ cutoff: cutoff['case-records'] }) as { id: string; day: string | null; instant: string | null }[])
    .map((row) => {
      const fromInstant = row.instant === null ? null : localDate(row.instant);
      const date = row.day === null ? fromInstant : fromInstant === null || row.day > fromInstant ? row.day : fromInstant;
      return { id: row.id, date: date ?? '' };
    })
    .filter((row) => row.date !== '' && row.date < cutoff['case-records'])
    .sort(byDate);
  // Records kept by another rule that still name a due case hold it back.
  const ids = (rows: readonly { id: string }[]): string => JSON.stringify(rows.map((row) => row.id));
  const held = new Set(
    (cachedStatement(caps.db, sql.heldBack).all({ cases: ids(dueCases), ...Object.fromEntries(dueRows.map((d) => [d.name, ids(d.rows)])) }) as { id: string }[]).map((row) => row.id),
  );
  const cases = dueCases.filter((kase) => !held.has(kase.id));
  const heldBack = dueCases.length - cases.length;

  const audit = auditDue(caps, cutoff['audit-log']);
  const ruleRows = (kind: RetentionKind): { date: string; id: string }[] => dueRows.filter((d) => d.rule === kind).flatMap((d) => d.rows).sort(byDate);

  return {
    asOf,
    groups: RETENTION_KINDS.map((kind): PurgeGroup => {
      if (kind === 'case-records') return group(kind, rules[kind], cutoff[kind], cases, heldBack);
      if (kind === 'audit-log') return { kind, months: rules[kind], cutoff: cutoff[kind], count: audit?.count ?? 0, oldest: audit?.oldest ?? null, heldBack: 0 };
      return group(kind, rules[kind], cutoff[kind], ruleRows(kind));
    }),
    going: new Map([...dueRows.map((d) => [d.table, d.rows.map((row) => row.id)] as const), [SUBJECT_TABLES.case, cases.map((c) => c.id)] as const]),
    auditThroughSeq: audit?.throughSeq ?? null,
  };
}

/** A digest of exactly which records the plan takes: the confirmation is of these, not only of how many. */
function digestOf(plan: Omit<Plan, 'digest' | 'groups' | 'asOf'>): string {
  const hash = createHash('sha256');
  for (const [table, ids] of [...plan.going].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${table}:${[...ids].sort().join(',')}|`);
  hash.update(String(plan.auditThroughSeq));
  return hash.digest('hex');
}

const countsOf = (groups: readonly PurgeGroup[]): PurgeCounts => Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, groups.find((g) => g.kind === kind)?.count ?? 0])) as PurgeCounts;

/** What a purge would take now: per kind, how many, the oldest and the cut-off. Admin only. */
export function purgePreview(caps: ReadCaps, registry: readonly TableDeclaration[] = RECORD_REGISTRY): PurgePreview {
  requireAdmin(caps.access.actor);
  const planned = plan(caps, registry);
  const { asOf, groups } = planned;
  return { asOf, groups: [...groups], counts: countsOf(groups), digest: digestOf(planned) };
}

/**
 * After deleting (and committing): free the pages (zeroed by secure_delete) and empty the WAL so
 * no old page survives there. The deletion has happened by now, so nothing is thrown: with the
 * one-writer exclusive lock nobody else can hold the WAL, and closing checkpoints it again.
 */
export function flushDeleted(caps: WriteCaps): void {
  try {
    caps.db.pragma('incremental_vacuum');
    caps.db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Committed already; the close's checkpoint empties the WAL. Never reported as a failed purge.
  }
}

/**
 * Runs the purge. An admin's purge passes the counts the preview showed: if anything changed since,
 * nothing is deleted and the admin is asked to look again. A scheduled purge (the admin's standing
 * decision) passes none.
 */
export function runPurge(
  caps: WriteCaps,
  options: { confirmed: PurgeCounts; digest: string } | { scheduled: true; enabledBy: string | null },
  registry: readonly TableDeclaration[] = RECORD_REGISTRY,
): PurgeResult {
  const scheduled = 'scheduled' in options;
  if (!scheduled) requireAdmin(caps.access.actor);
  const current = plan(caps, registry);
  const counts = countsOf(current.groups);
  if (!scheduled && (RETENTION_KINDS.some((kind) => counts[kind] !== options.confirmed[kind]) || digestOf(current) !== options.digest)) {
    throw new AppError('conflict', 'What is due for gallring changed since the preview: look at it again', { reason: 'changed_since_preview' });
  }
  // The gallringsbeslut each team's records follow, printed on the result and the notice (and in the log).
  const decisions = retentionDecisions(caps).decisions.map(({ teamName, decisionReference }) => ({ teamName, decisionReference }));
  const result: PurgeResult = { at: caps.clock.now().toISOString(), counts, scheduled, decisions };
  caps.db.transaction(() => {
    // One transaction (all or nothing, the audit rows and their anchor with the rest); the ids in
    // batches, each table's rows as the registry declares, children before parents.
    carryOutPurge(caps, current.going, registry);
    const anchor = current.auditThroughSeq !== null ? purgeAuditThrough(caps.db, current.auditThroughSeq) : null;
    caps.audit.record('retention.purged', {
      ...counts,
      heldBack: current.groups.find((g) => g.kind === 'case-records')?.heldBack ?? 0,
      scheduled,
      // A scheduled run carries out the authorities' gallringsbeslut (`decisions`); this admin turned the schedule on.
      ...('scheduled' in options ? { scheduleEnabledBy: options.enabledBy } : {}),
      asOf: current.asOf,
      decisions: decisions.map((d) => `${d.teamName}: ${d.decisionReference ?? 'förslag'}`).join('; '),
      ...(anchor ? { auditAnchorSeq: anchor.seq, auditAnchorHash: anchor.hash, auditAnchorAt: anchor.at } : {}),
    });
    setSetting(caps.db, RETENTION_LAST_RUN, result);
    // A purge that ran clears a scheduled run's failure (an admin's purge by hand also lifts a pause).
    deleteSetting(caps.db, RETENTION_FAILED);
    // A scheduled run leaves a notice for the admins until one of them acknowledges it.
    if (scheduled) setSetting(caps.db, RETENTION_NOTICE, result);
  })();
  flushDeleted(caps);
  return result;
}
