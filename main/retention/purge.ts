import { createHash } from 'node:crypto';
import { AppError } from '../../shared/ipc/errors';
import { type PurgeCounts, type PurgeGroup, type PurgePreview, type PurgeResult, RETENTION_KINDS, type RetentionKind, cutoffDate } from '../../shared/retention/model';
import { stockholmDate } from '../../shared/time/zone';
import { unindexCase, unindexMeeting } from '../meetings/search-index';
import { actorOf, requireAdmin, today } from '../roster/access';
import { purgeAuditThrough, verifyAudit } from '../vault/audit/audit-log';
import { requireIntactRules } from '../vault/retention';
import type { UnlockedVault } from '../vault/vault';

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

/** Ids (and the Stockholm date each is measured from) of rows dated before the cutoff. */
function due(vault: UnlockedVault, sql: string, cutoff: string): { id: string; date: string }[] {
  return (vault.db.prepare(sql).all() as { id: string; at: string }[])
    .map((row) => ({ id: row.id, date: localDate(row.at) }))
    .filter((row) => row.date < cutoff)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function group(kind: RetentionKind, months: number, cutoff: string, rows: readonly { date: string }[], heldBack = 0): PurgeGroup {
  return { kind, months, cutoff, count: rows.length, oldest: rows[0]?.date ?? null, heldBack };
}

function plan(vault: UnlockedVault): Plan {
  // Rules that cannot be read stop the preview and every purge, by hand or scheduled.
  const rules = requireIntactRules(vault);
  const asOf = today(vault);
  const cutoff = Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, cutoffDate(asOf, rules[kind])])) as Record<RetentionKind, string>;

  const meetings = due(vault, 'SELECT id, date AS at FROM meetings', cutoff.minutes);
  const sessions = due(vault, 'SELECT id, date AS at FROM supervision_sessions', cutoff.supervision);
  const handovers = due(vault, 'SELECT id, date AS at FROM handovers', cutoff.handovers);
  const packets = due(vault, 'SELECT id, received_at AS at FROM packets_received', cutoff.handovers);

  // A case's last entry, over everything that records something about it.
  const last = new Map<string, string>();
  const entries = vault.db
    .prepare(
      `SELECT id, created_at AS at FROM cases
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
       UNION ALL SELECT case_id, received_at FROM packets_received WHERE case_id IS NOT NULL`,
    )
    .all() as { id: string; at: string }[];
  for (const entry of entries) {
    const date = localDate(entry.at);
    const seen = last.get(entry.id);
    if (!seen || date > seen) last.set(entry.id, date);
  }
  const dueCases = [...last].filter(([, date]) => date < cutoff['case-records']).map(([id, date]) => ({ id, date }));
  dueCases.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // Records kept by another rule that still name a due case hold it back.
  const going = {
    meetings: new Set(meetings.map((m) => m.id)),
    sessions: new Set(sessions.map((s) => s.id)),
    handovers: new Set(handovers.map((h) => h.id)),
    packets: new Set(packets.map((p) => p.id)),
  };
  const namedBy = vault.db.prepare(
    `SELECT 'meeting' AS kind, meeting_id AS id FROM agenda_items WHERE case_id = @id
     UNION SELECT 'meeting', meeting_id FROM case_items WHERE case_id = @id
     UNION SELECT 'session', session_id FROM supervision_cases WHERE case_id = @id
     UNION SELECT 'session', session_id FROM supervision_records WHERE case_id = @id
     UNION SELECT 'session', session_id FROM supervision_case_themes WHERE case_id = @id
     UNION SELECT 'handover', id FROM handovers WHERE case_id = @id
     UNION SELECT 'packet', id FROM packets_received WHERE case_id = @id`,
  );
  const cases: { id: string; date: string }[] = [];
  let heldBack = 0;
  for (const kase of dueCases) {
    const refs = namedBy.all({ id: kase.id }) as { kind: 'meeting' | 'session' | 'handover' | 'packet'; id: string }[];
    const kept = refs.some((ref) => !(ref.kind === 'meeting' ? going.meetings : ref.kind === 'session' ? going.sessions : ref.kind === 'handover' ? going.handovers : going.packets).has(ref.id));
    if (kept) heldBack += 1;
    else cases.push(kase);
  }

  // The audit log: the oldest rows as one unbroken run, never the newest row — and none while the
  // chain does not verify (a purge must not erase the evidence of a break).
  let auditThroughSeq: number | null = null;
  const auditRows: { date: string }[] = [];
  const newest = (vault.db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number | null }).seq ?? 0;
  const oldest = vault.db.prepare('SELECT at FROM audit_log ORDER BY seq LIMIT 1').get() as { at: string } | undefined;
  if (oldest && localDate(oldest.at) < cutoff['audit-log'] && verifyAudit(vault.db).ok) {
    for (const row of vault.db.prepare('SELECT seq, at FROM audit_log ORDER BY seq').iterate() as IterableIterator<{ seq: number; at: string }>) {
      const date = localDate(row.at);
      if (row.seq >= newest || date >= cutoff['audit-log']) break;
      auditThroughSeq = row.seq;
      auditRows.push({ date });
    }
  }

  return {
    asOf,
    groups: [
      group('case-records', rules['case-records'], cutoff['case-records'], cases, heldBack),
      group('minutes', rules.minutes, cutoff.minutes, meetings),
      group('supervision', rules.supervision, cutoff.supervision, sessions),
      group('handovers', rules.handovers, cutoff.handovers, [...handovers, ...packets].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))),
      group('audit-log', rules['audit-log'], cutoff['audit-log'], auditRows),
    ],
    meetings: meetings.map((m) => m.id),
    sessions: sessions.map((s) => s.id),
    handovers: handovers.map((h) => h.id),
    packetsReceived: packets.map((p) => p.id),
    cases: cases.map((c) => c.id),
    auditThroughSeq,
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

/** Deletes one meeting and everything in it (the finalised minutes too), FTS rows included. */
export function deleteMeeting(vault: UnlockedVault, meetingId: string): void {
  const db = vault.db;
  unindexMeeting(db, meetingId);
  db.prepare('DELETE FROM actions WHERE case_item_id IN (SELECT id FROM case_items WHERE meeting_id = ?)').run(meetingId);
  db.prepare('DELETE FROM meeting_addenda WHERE meeting_id = ?').run(meetingId);
  db.prepare('DELETE FROM item_drafts WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE meeting_id = ?)').run(meetingId);
  db.prepare('DELETE FROM case_items WHERE meeting_id = ?').run(meetingId);
  db.prepare('DELETE FROM agenda_items WHERE meeting_id = ?').run(meetingId);
  db.prepare('DELETE FROM meeting_attendance WHERE meeting_id = ?').run(meetingId);
  db.prepare('DELETE FROM meeting_guests WHERE meeting_id = ?').run(meetingId);
  db.prepare('DELETE FROM meetings WHERE id = ?').run(meetingId);
}

/** Deletes one supervision session: participants, cases, themes, the shared records and the private notes (drafts too). */
export function deleteSession(vault: UnlockedVault, sessionId: string): void {
  const db = vault.db;
  for (const table of ['private_notes', 'supervision_records', 'supervision_case_themes', 'supervision_cases', 'supervision_participants']) {
    db.prepare(`DELETE FROM ${table} WHERE session_id = ?`).run(sessionId);
  }
  db.prepare('DELETE FROM supervision_sessions WHERE id = ?').run(sessionId);
}

export function deleteHandover(vault: UnlockedVault, handoverId: string): void {
  vault.db.prepare('DELETE FROM packets_sent WHERE handover_id = ?').run(handoverId);
  vault.db.prepare('DELETE FROM handovers WHERE id = ?').run(handoverId);
}

/** A received packet's record goes; its id stays known so the same packet cannot be imported again. */
export function deleteReceivedPacket(vault: UnlockedVault, packetId: string): void {
  vault.db.prepare('INSERT OR IGNORE INTO purged_packet_ids (packet_id, purged_at) VALUES (?, ?)').run(packetId, vault.now().toISOString());
  vault.db.prepare('DELETE FROM packets_received WHERE id = ?').run(packetId);
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
    throw new AppError('conflict', 'What is due for gallring changed since the preview: look at it again');
  }
  const result: PurgeResult = { at: vault.now().toISOString(), counts, scheduled };
  vault.db.transaction(() => {
    for (const id of current.meetings) deleteMeeting(vault, id);
    for (const id of current.sessions) deleteSession(vault, id);
    for (const id of current.handovers) deleteHandover(vault, id);
    for (const id of current.packetsReceived) deleteReceivedPacket(vault, id);
    for (const id of current.cases) {
      vault.db.prepare('DELETE FROM case_consents WHERE case_id = ?').run(id);
      unindexCase(vault.db, id);
      vault.db.prepare('DELETE FROM cases WHERE id = ?').run(id);
    }
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
    setMeta(vault, 'retention_last_run', result);
    // A purge that ran clears a scheduled run's failure (an admin's purge by hand also lifts a pause).
    vault.db.prepare("DELETE FROM vault_meta WHERE key = 'retention_failed'").run();
    // A scheduled run leaves a notice for the admins until one of them acknowledges it.
    if (scheduled) setMeta(vault, 'retention_notice', result);
  })();
  flushDeleted(vault);
  return result;
}

export function setMeta(vault: UnlockedVault, key: string, value: unknown): void {
  vault.db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}
