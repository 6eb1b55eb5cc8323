import { createHash } from 'node:crypto';
import { AppError } from '../../shared/ipc/errors';
import { type PurgeCounts, type PurgeGroup, type PurgePreview, type PurgeResult, RETENTION_KINDS, type RetentionKind, cutoffDate } from '../../shared/retention/model';
import { stockholmDate, stockholmDayStart } from '../../shared/time/zone';
import { unindexCases, unindexMeetings } from '../meetings/search-index';
import { actorOf, requireAdmin, today } from '../roster/access';
import { auditChainIntact, purgeAuditThrough } from '../vault/audit/audit-log';
import { cachedStatement } from '../vault/db/statements';
import { requireIntactRules } from '../vault/retention';
import type { UnlockedVault } from '../vault/vault';
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
 */

interface Plan {
  readonly asOf: string;
  readonly groups: readonly PurgeGroup[];
  readonly meetings: readonly string[];
  readonly sessions: readonly string[];
  readonly handovers: readonly string[];
  readonly packetsReceived: readonly string[];
  readonly cases: readonly string[];
  readonly auditThroughSeq: number | null;
}

const localDate = (value: string): string => (value.length === 10 ? value : stockholmDate(new Date(value)));
const byDate = (a: { date: string; id: string }, b: { date: string; id: string }): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The plan's queries (issue 16): each finds its rows through an index (migrations 010 and 011),
 * set-based — never a query per record, never a read of the whole audit log. Dates are
 * `YYYY-MM-DD` (compared as they are); instants are the ISO strings the app writes, due when
 * before the instant the cut-off day begins in Stockholm. `plan-shape.test.ts` holds them to their indexes.
 */
export const PLAN_SQL = {
  meetings: 'SELECT id, date AS at FROM meetings WHERE date < ?',
  sessions: 'SELECT id, date AS at FROM supervision_sessions WHERE date < ?',
  handovers: 'SELECT id, date AS at FROM handovers WHERE date < ?',
  packets: 'SELECT id, received_at AS at FROM packets_received WHERE received_at < ?',
  /** Per case, its last entry over everything that records something about it: the latest date and the latest instant. */
  caseLastEntries: `WITH entries (id, at) AS (
       SELECT id, created_at FROM cases
       UNION ALL SELECT id, closed_on FROM cases WHERE closed_on IS NOT NULL
       UNION ALL SELECT id, supervision_flag_at FROM cases WHERE supervision_flag_at IS NOT NULL
       UNION ALL SELECT case_id, recorded_at FROM case_consents
       UNION ALL SELECT case_id, withdrawn_on FROM case_consents WHERE withdrawn_on IS NOT NULL
       UNION ALL SELECT a.case_id, m.date FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.case_id IS NOT NULL
       UNION ALL SELECT case_id, committed_at FROM case_items
       UNION ALL SELECT case_id, done_at FROM actions WHERE done_at IS NOT NULL
       UNION ALL SELECT case_id, created_at FROM meeting_addenda ad JOIN case_items ci ON ci.id = ad.case_item_id
       UNION ALL SELECT sc.case_id, s.date FROM supervision_cases sc JOIN supervision_sessions s ON s.id = sc.session_id
       UNION ALL SELECT case_id, shared_at FROM supervision_records WHERE case_id IS NOT NULL
       UNION ALL SELECT case_id, date FROM handovers
       UNION ALL SELECT case_id, received_at FROM packets_received WHERE case_id IS NOT NULL)
     SELECT id, max(CASE WHEN length(at) = 10 THEN at END) AS day, max(CASE WHEN length(at) <> 10 THEN at END) AS instant
     FROM entries GROUP BY id HAVING coalesce(day, '') < @cutoff`,
  /** Of the due cases, those still named by a record another rule keeps (not among the going ones). */
  heldBack: `SELECT d.value AS id FROM json_each(@cases) d WHERE
       EXISTS (SELECT 1 FROM agenda_items a WHERE a.case_id = d.value AND a.meeting_id NOT IN (SELECT value FROM json_each(@meetings)))
    OR EXISTS (SELECT 1 FROM case_items c WHERE c.case_id = d.value AND c.meeting_id NOT IN (SELECT value FROM json_each(@meetings)))
    OR EXISTS (SELECT 1 FROM supervision_cases s WHERE s.case_id = d.value AND s.session_id NOT IN (SELECT value FROM json_each(@sessions)))
    OR EXISTS (SELECT 1 FROM supervision_records r WHERE r.case_id = d.value AND r.session_id NOT IN (SELECT value FROM json_each(@sessions)))
    OR EXISTS (SELECT 1 FROM supervision_case_themes t WHERE t.case_id = d.value AND t.session_id NOT IN (SELECT value FROM json_each(@sessions)))
    OR EXISTS (SELECT 1 FROM handovers h WHERE h.case_id = d.value AND h.id NOT IN (SELECT value FROM json_each(@handovers)))
    OR EXISTS (SELECT 1 FROM packets_received p WHERE p.case_id = d.value AND p.id NOT IN (SELECT value FROM json_each(@packets)))`,
  auditFirst: 'SELECT seq, at FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log)',
  auditNewest: 'SELECT max(seq) AS seq FROM audit_log',
  /** Rows written before the cut-off: how many and the last (the index `audit_log_at`, covering). */
  auditBefore: 'SELECT count(*) AS n, max(seq) AS last FROM audit_log WHERE at < ?',
  /** Only when those rows are not one run from the start (a clock set back): the first row from the cut-off on. */
  auditFirstFrom: 'SELECT seq FROM audit_log WHERE seq > ? AND at >= ? ORDER BY seq LIMIT 1',
} as const;

/** Ids (and the Stockholm date each is measured from) of rows dated before the cutoff, oldest first. */
function due(vault: UnlockedVault, sql: string, cutoff: string, bound: string): { id: string; date: string }[] {
  return (cachedStatement(vault.db, sql).all(bound) as { id: string; at: string }[])
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
function auditDue(vault: UnlockedVault, cutoff: string): { throughSeq: number; count: number; oldest: string } | null {
  const db = vault.db;
  const first = cachedStatement(db, PLAN_SQL.auditFirst).get() as { seq: number; at: string } | undefined;
  if (!first || localDate(first.at) >= cutoff) return null;
  if (!auditChainIntact(db)) return null;
  const newest = (cachedStatement(db, PLAN_SQL.auditNewest).get() as { seq: number }).seq;
  const boundary = stockholmDayStart(cutoff).toISOString();
  const before = cachedStatement(db, PLAN_SQL.auditBefore).get(boundary) as { n: number; last: number | null };
  let end: number;
  if (before.last !== null && before.last - first.seq + 1 === before.n) {
    end = before.last;
  } else {
    const from = cachedStatement(db, PLAN_SQL.auditFirstFrom).get(first.seq - 1, boundary) as { seq: number } | undefined;
    end = from ? from.seq - 1 : newest;
  }
  const throughSeq = Math.min(end, newest - 1);
  if (throughSeq < first.seq) return null;
  // A verified chain has no gaps: the run is every seq from the first through `throughSeq`.
  return { throughSeq, count: throughSeq - first.seq + 1, oldest: localDate(first.at) };
}

function plan(vault: UnlockedVault): Plan {
  // Rules that cannot be read stop the preview and every purge, by hand or scheduled.
  const rules = requireIntactRules(vault);
  const asOf = today(vault);
  const cutoff = Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, cutoffDate(asOf, rules[kind])])) as Record<RetentionKind, string>;
  const startOf = (kind: RetentionKind): string => stockholmDayStart(cutoff[kind]).toISOString();

  const meetings = due(vault, PLAN_SQL.meetings, cutoff.minutes, cutoff.minutes);
  const sessions = due(vault, PLAN_SQL.sessions, cutoff.supervision, cutoff.supervision);
  const handovers = due(vault, PLAN_SQL.handovers, cutoff.handovers, cutoff.handovers);
  const packets = due(vault, PLAN_SQL.packets, cutoff.handovers, startOf('handovers'));

  // A case's last entry, over everything that records something about it.
  const dueCases = (cachedStatement(vault.db, PLAN_SQL.caseLastEntries).all({ cutoff: cutoff['case-records'] }) as { id: string; day: string | null; instant: string | null }[])
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
    (
      cachedStatement(vault.db, PLAN_SQL.heldBack).all({ cases: ids(dueCases), meetings: ids(meetings), sessions: ids(sessions), handovers: ids(handovers), packets: ids(packets) }) as { id: string }[]
    ).map((row) => row.id),
  );
  const cases = dueCases.filter((kase) => !held.has(kase.id));
  const heldBack = dueCases.length - cases.length;

  const audit = auditDue(vault, cutoff['audit-log']);

  return {
    asOf,
    groups: [
      group('case-records', rules['case-records'], cutoff['case-records'], cases, heldBack),
      group('minutes', rules.minutes, cutoff.minutes, meetings),
      group('supervision', rules.supervision, cutoff.supervision, sessions),
      group('handovers', rules.handovers, cutoff.handovers, [...handovers, ...packets].sort(byDate)),
      { kind: 'audit-log', months: rules['audit-log'], cutoff: cutoff['audit-log'], count: audit?.count ?? 0, oldest: audit?.oldest ?? null, heldBack: 0 },
    ],
    meetings: meetings.map((m) => m.id),
    sessions: sessions.map((s) => s.id),
    handovers: handovers.map((h) => h.id),
    packetsReceived: packets.map((p) => p.id),
    cases: cases.map((c) => c.id),
    auditThroughSeq: audit?.throughSeq ?? null,
  };
}

/** A digest of exactly which records the plan takes: the confirmation is of these, not only of how many. */
function digestOf(plan: Omit<Plan, 'digest' | 'groups' | 'asOf'>): string {
  const hash = createHash('sha256');
  for (const ids of [plan.meetings, plan.sessions, plan.handovers, plan.packetsReceived, plan.cases]) hash.update(`${[...ids].sort().join(',')}|`);
  hash.update(String(plan.auditThroughSeq));
  return hash.digest('hex');
}

const countsOf = (groups: readonly PurgeGroup[]): PurgeCounts => Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, groups.find((g) => g.kind === kind)?.count ?? 0])) as PurgeCounts;

/** What a purge would take now: per kind, how many, the oldest and the cut-off. Admin only. */
export function purgePreview(vault: UnlockedVault): PurgePreview {
  requireAdmin(actorOf(vault));
  const planned = plan(vault);
  const { asOf, groups } = planned;
  return { asOf, groups: [...groups], counts: countsOf(groups), digest: digestOf(planned) };
}

/** A purge deletes by ids in batches of this many, each batch one statement per table (as a JSON array, through the indexes). */
const BATCH = 200;

function inBatches(ids: readonly string[], each: (idsJson: string) => void): void {
  for (let i = 0; i < ids.length; i += BATCH) each(JSON.stringify(ids.slice(i, i + BATCH)));
}

const IDS = 'SELECT value FROM json_each(?)';

/** Deletes meetings and everything in them (the finalised minutes too), FTS rows included. */
export function deleteMeetings(vault: UnlockedVault, meetingIds: readonly string[]): void {
  const db = vault.db;
  inBatches(meetingIds, (ids) => {
    unindexMeetings(db, ids);
    cachedStatement(db, `DELETE FROM actions WHERE case_item_id IN (SELECT id FROM case_items WHERE meeting_id IN (${IDS}))`).run(ids);
    cachedStatement(db, `DELETE FROM meeting_addenda WHERE meeting_id IN (${IDS})`).run(ids);
    cachedStatement(db, `DELETE FROM item_drafts WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE meeting_id IN (${IDS}))`).run(ids);
    for (const table of ['case_items', 'agenda_items', 'meeting_attendance', 'meeting_guests'] as const) {
      cachedStatement(db, `DELETE FROM ${table} WHERE meeting_id IN (${IDS})`).run(ids);
    }
    cachedStatement(db, `DELETE FROM meetings WHERE id IN (${IDS})`).run(ids);
  });
}

/** Deletes one meeting and everything in it (the finalised minutes too), FTS rows included. */
export function deleteMeeting(vault: UnlockedVault, meetingId: string): void {
  deleteMeetings(vault, [meetingId]);
}

/** Deletes supervision sessions: participants, cases, themes, the shared records and the private notes (drafts too). */
export function deleteSessions(vault: UnlockedVault, sessionIds: readonly string[]): void {
  const db = vault.db;
  inBatches(sessionIds, (ids) => {
    for (const table of ['private_notes', 'supervision_records', 'supervision_case_themes', 'supervision_cases', 'supervision_participants'] as const) {
      cachedStatement(db, `DELETE FROM ${table} WHERE session_id IN (${IDS})`).run(ids);
    }
    cachedStatement(db, `DELETE FROM supervision_sessions WHERE id IN (${IDS})`).run(ids);
  });
}

/** Deletes one supervision session: participants, cases, themes, the shared records and the private notes (drafts too). */
export function deleteSession(vault: UnlockedVault, sessionId: string): void {
  deleteSessions(vault, [sessionId]);
}

export function deleteHandovers(vault: UnlockedVault, handoverIds: readonly string[]): void {
  inBatches(handoverIds, (ids) => {
    cachedStatement(vault.db, `DELETE FROM packets_sent WHERE handover_id IN (${IDS})`).run(ids);
    cachedStatement(vault.db, `DELETE FROM handovers WHERE id IN (${IDS})`).run(ids);
  });
}

export function deleteHandover(vault: UnlockedVault, handoverId: string): void {
  deleteHandovers(vault, [handoverId]);
}

/** Received packets' records go; their ids stay known so the same packet cannot be imported again. */
export function deleteReceivedPackets(vault: UnlockedVault, packetIds: readonly string[]): void {
  const at = vault.now().toISOString();
  inBatches(packetIds, (ids) => {
    cachedStatement(vault.db, `INSERT OR IGNORE INTO purged_packet_ids (packet_id, purged_at) SELECT value, ? FROM json_each(?)`).run(at, ids);
    cachedStatement(vault.db, `DELETE FROM packets_received WHERE id IN (${IDS})`).run(ids);
  });
}

/** A received packet's record goes; its id stays known so the same packet cannot be imported again. */
export function deleteReceivedPacket(vault: UnlockedVault, packetId: string): void {
  deleteReceivedPackets(vault, [packetId]);
}

/** Cases whose records have all gone by now (their consents and search entries go with them). */
function deleteCases(vault: UnlockedVault, caseIds: readonly string[]): void {
  inBatches(caseIds, (ids) => {
    cachedStatement(vault.db, `DELETE FROM case_consents WHERE case_id IN (${IDS})`).run(ids);
    unindexCases(vault.db, ids);
    cachedStatement(vault.db, `DELETE FROM cases WHERE id IN (${IDS})`).run(ids);
  });
}

/**
 * After deleting (and committing): free the pages (zeroed by secure_delete) and empty the WAL so
 * no old page survives there. The deletion has happened by now, so nothing is thrown: with the
 * one-writer exclusive lock nobody else can hold the WAL, and closing checkpoints it again.
 */
export function flushDeleted(vault: UnlockedVault): void {
  try {
    vault.db.pragma('incremental_vacuum');
    vault.db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Committed already; the close's checkpoint empties the WAL. Never reported as a failed purge.
  }
}

/**
 * Runs the purge. An admin's purge passes the counts the preview showed: if anything changed since,
 * nothing is deleted and the admin is asked to look again. A scheduled purge (the admin's standing
 * decision) passes none.
 */
export function runPurge(vault: UnlockedVault, options: { confirmed: PurgeCounts; digest: string } | { scheduled: true; enabledBy: string | null }): PurgeResult {
  const scheduled = 'scheduled' in options;
  if (!scheduled) requireAdmin(actorOf(vault));
  const current = plan(vault);
  const counts = countsOf(current.groups);
  if (!scheduled && (RETENTION_KINDS.some((kind) => counts[kind] !== options.confirmed[kind]) || digestOf(current) !== options.digest)) {
    throw new AppError('conflict', 'What is due for gallring changed since the preview: look at it again', { reason: 'changed_since_preview' });
  }
  const result: PurgeResult = { at: vault.now().toISOString(), counts, scheduled };
  vault.db.transaction(() => {
    // One transaction (all or nothing, the audit rows and their anchor with the rest); the ids in batches.
    deleteMeetings(vault, current.meetings);
    deleteSessions(vault, current.sessions);
    deleteHandovers(vault, current.handovers);
    deleteReceivedPackets(vault, current.packetsReceived);
    deleteCases(vault, current.cases);
    const anchor = current.auditThroughSeq !== null ? purgeAuditThrough(vault.db, current.auditThroughSeq) : null;
    vault.audit('retention.purged', {
      ...counts,
      heldBack: current.groups.find((g) => g.kind === 'case-records')?.heldBack ?? 0,
      scheduled,
      // A scheduled run is the standing decision of the admin who turned the schedule on.
      ...('scheduled' in options ? { scheduleEnabledBy: options.enabledBy } : {}),
      asOf: current.asOf,
      ...(anchor ? { auditAnchorSeq: anchor.seq, auditAnchorHash: anchor.hash, auditAnchorAt: anchor.at } : {}),
    });
    setSetting(vault.db, RETENTION_LAST_RUN, result);
    // A purge that ran clears a scheduled run's failure (an admin's purge by hand also lifts a pause).
    deleteSetting(vault.db, RETENTION_FAILED);
    // A scheduled run leaves a notice for the admins until one of them acknowledges it.
    if (scheduled) setSetting(vault.db, RETENTION_NOTICE, result);
  })();
  flushDeleted(vault);
  return result;
}
