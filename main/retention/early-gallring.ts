import { createHash, randomUUID } from 'node:crypto';
import { type Json, canonicalJson } from '../../shared/canonical-json';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import { parseIsoDate } from '../../shared/time/iso-week';
import { GALLRING_PARTS, type GallringCounts, type GallringDone, type GallringPreview, type Tombstone, GallringCounts as CountsSchema } from '../../shared/retention/model';
import { guardOptions } from '../guard/extra-names';
import { replaceBackupsAfterGallring } from '../vault/backups';
import { actorOf, requireAdmin, today } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';
import { indexedForCase, unindexCase } from '../meetings/search-index';
import { deleteHandover, deleteReceivedPacket, deleteSession, flushDeleted, setMeta } from './purge';

/**
 * Early gallring of one case under a gallring decision (admin only; DESIGN.md's access table): every
 * record about the case goes at once — consents, agenda items, discussions, actions, addenda,
 * drafts, supervision links and records, handovers, packets, search entries — and the case's
 * parts of finalised minutes are removed, the minutes recording which decision removed them and
 * their hash before (the minutes are otherwise never edited). What remains is a tombstone: the
 * case code, the decision and the counts. Audit rows are never deleted: they go only by retention.
 */

interface CaseRef {
  readonly id: string;
  readonly code: string;
  readonly teamId: string;
  readonly teamName: string;
}

function caseByCode(vault: UnlockedVault, code: string): CaseRef {
  const row = vault.db.prepare('SELECT c.id, c.code, c.team_id AS teamId, t.name AS teamName FROM cases c JOIN teams t ON t.id = c.team_id WHERE c.code = ?').get(code) as CaseRef | undefined;
  if (!row) throw new AppError('not_found', 'No case has that code');
  return row;
}

/** Finalised minutes whose agenda holds this exact case code. */
function minutesNaming(vault: UnlockedVault, code: string): { id: string; minutes_json: string; minutes_sha256: string }[] {
  return vault.db
    .prepare("SELECT id, minutes_json, minutes_sha256 FROM meetings WHERE status = 'finalised' AND EXISTS (SELECT 1 FROM json_each(minutes_json, '$.agenda') WHERE json_extract(value, '$.caseCode') = ?)")
    .all(code) as { id: string; minutes_json: string; minutes_sha256: string }[];
}

/** Supervision sessions that discussed this case and no other: wholly about it, private notes included. */
const ONLY_THIS_CASE = `SELECT s.id FROM supervision_sessions s
  WHERE EXISTS (SELECT 1 FROM supervision_cases c WHERE c.session_id = s.id AND c.case_id = @id)
    AND NOT EXISTS (SELECT 1 FROM supervision_cases c WHERE c.session_id = s.id AND c.case_id <> @id)
    AND NOT EXISTS (SELECT 1 FROM supervision_records r WHERE r.session_id = s.id AND r.case_id <> @id)
    AND NOT EXISTS (SELECT 1 FROM supervision_case_themes t WHERE t.session_id = s.id AND t.case_id <> @id)`;
/**
 * Received packets about the case: linked to it, or unlinked in one of its conversations — one of
 * its handovers', or one where another packet is linked to it (a partner began it, a reply came unlinked).
 */
const RECEIVED = `SELECT id FROM packets_received WHERE case_id = @id OR (case_id IS NULL AND conversation_id IN (
  SELECT conversation_id FROM handovers WHERE case_id = @id UNION SELECT conversation_id FROM packets_received WHERE case_id = @id))`;

function countsFor(vault: UnlockedVault, kase: CaseRef): GallringCounts {
  const n = (sql: string): number => (vault.db.prepare(sql).get({ id: kase.id }) as { n: number }).n;
  const counts: GallringCounts = {
    case: 1,
    consents: n('SELECT count(*) AS n FROM case_consents WHERE case_id = @id'),
    agendaItems: n('SELECT count(*) AS n FROM agenda_items WHERE case_id = @id'),
    caseItems: n('SELECT count(*) AS n FROM case_items WHERE case_id = @id'),
    actions: n('SELECT count(*) AS n FROM actions WHERE case_id = @id'),
    addenda: n('SELECT count(*) AS n FROM meeting_addenda WHERE case_item_id IN (SELECT id FROM case_items WHERE case_id = @id)'),
    drafts: n('SELECT count(*) AS n FROM item_drafts WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE case_id = @id)'),
    minutesRedacted: minutesNaming(vault, kase.code).length,
    supervisionLinks: n('SELECT (SELECT count(*) FROM supervision_cases WHERE case_id = @id) + (SELECT count(*) FROM supervision_case_themes WHERE case_id = @id) AS n'),
    // A session about this case alone may still hold its shared record for the session as a whole.
    supervisionRecords: n(`SELECT count(*) AS n FROM supervision_records WHERE case_id = @id OR (case_id IS NULL AND session_id IN (${ONLY_THIS_CASE}))`),
    supervisionSessions: n(`SELECT count(*) AS n FROM (${ONLY_THIS_CASE})`),
    privateNotes: n(`SELECT count(*) AS n FROM private_notes WHERE session_id IN (${ONLY_THIS_CASE})`),
    handovers: n('SELECT count(*) AS n FROM handovers WHERE case_id = @id'),
    packetsSent: n('SELECT count(*) AS n FROM packets_sent WHERE handover_id IN (SELECT id FROM handovers WHERE case_id = @id)'),
    packetsReceived: n(`SELECT count(*) AS n FROM (${RECEIVED})`),
    searchEntries: indexedForCase(vault.db, kase.id),
  };
  return counts;
}

export function gallringPreview(vault: UnlockedVault, caseCode: string, backups: number): GallringPreview {
  requireAdmin(actorOf(vault));
  const kase = caseByCode(vault, caseCode);
  const privateNotesKept = (
    vault.db
      .prepare(`SELECT count(*) AS n FROM private_notes WHERE session_id IN (SELECT session_id FROM supervision_cases WHERE case_id = @id) AND session_id NOT IN (${ONLY_THIS_CASE})`)
      .get({ id: kase.id }) as { n: number }
  ).n;
  return { caseCode: kase.code, teamName: kase.teamName, counts: countsFor(vault, kase), backups, privateNotesKept };
}

/** The case's agenda entries in finalised minutes lose their content; the minutes say by which decision. */
function redactMinutes(vault: UnlockedVault, kase: CaseRef, decision: { reference: string; date: string }): void {
  for (const meeting of minutesNaming(vault, kase.code)) {
    const record = JSON.parse(meeting.minutes_json) as { agenda: Record<string, Json>[]; gallring?: Json[] } & Record<string, Json>;
    const agenda = record.agenda.map((entry) =>
      entry.caseCode === kase.code ? { ...entry, notes: null, decisions: null, nextFollowUp: null, actions: [], gallrad: { decisionReference: decision.reference, decisionDate: decision.date } } : entry,
    );
    const gallring = [...(record.gallring ?? []), { caseCode: kase.code, decisionReference: decision.reference, decisionDate: decision.date, at: vault.now().toISOString(), previousSha256: meeting.minutes_sha256 }];
    const json = canonicalJson({ ...record, agenda, gallring } as Json);
    const sha256 = createHash('sha256').update(json, 'utf8').digest('hex');
    vault.db.prepare('UPDATE meetings SET minutes_json = ?, minutes_sha256 = ? WHERE id = ?').run(json, sha256, meeting.id);
    vault.audit('meeting.minutes-gallrad', { meetingId: meeting.id, previousSha256: meeting.minutes_sha256, sha256, decisionReference: decision.reference }, kase.code);
  }
}

/** At unlock: an early gallring whose backups could not be replaced then is tried again. */
export function retryBackupReplacement(vault: UnlockedVault, dataDir: string): void {
  if (vault.db.prepare("SELECT 1 FROM vault_meta WHERE key = 'gallring_backups_pending'").get()) {
    replaceBackupsAfterGallring(vault, dataDir);
    flushDeleted(vault);
  }
}

export function earlyGallring(vault: UnlockedVault, input: { caseCode: string; decisionReference: string; decisionDate: string; confirmed: GallringCounts }, dataDir: string): GallringDone {
  const actor = actorOf(vault);
  requireAdmin(actor);
  if (blockingHits(scanText(input.decisionReference, guardOptions(vault))).length > 0) throw new AppError('invalid_input', 'The decision reference must not identify anyone', { reason: 'identifiers_in_text' });
  const decided = parseIsoDate(input.decisionDate);
  if (!decided || input.decisionDate > today(vault)) throw new AppError('invalid_input', 'The decision date must be a real date, not after today', { reason: 'date_order' });
  const kase = caseByCode(vault, input.caseCode);
  const counts = countsFor(vault, kase);
  if (GALLRING_PARTS.some((part) => counts[part] !== input.confirmed[part])) throw new AppError('conflict', 'The case changed since the preview: look at it again', { reason: 'changed_since_preview' });
  const at = vault.now().toISOString();
  const db = vault.db;
  db.transaction(() => {
    redactMinutes(vault, kase, { reference: input.decisionReference, date: input.decisionDate });
    const id = { id: kase.id };
    unindexCase(db, kase.id);
    db.prepare('DELETE FROM item_drafts WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE case_id = @id)').run(id);
    db.prepare('DELETE FROM meeting_addenda WHERE case_item_id IN (SELECT id FROM case_items WHERE case_id = @id)').run(id);
    db.prepare('DELETE FROM actions WHERE case_id = @id').run(id);
    db.prepare('DELETE FROM case_items WHERE case_id = @id').run(id);
    db.prepare('DELETE FROM agenda_items WHERE case_id = @id').run(id);
    for (const row of db.prepare(ONLY_THIS_CASE).all(id) as { id: string }[]) deleteSession(vault, row.id);
    for (const table of ['supervision_case_themes', 'supervision_cases', 'supervision_records']) db.prepare(`DELETE FROM ${table} WHERE case_id = @id`).run(id);
    // Packets first: the conversations are found through the case's handovers.
    for (const row of db.prepare(RECEIVED).all(id) as { id: string }[]) deleteReceivedPacket(vault, row.id);
    for (const row of db.prepare('SELECT id FROM handovers WHERE case_id = @id').all(id) as { id: string }[]) deleteHandover(vault, row.id);
    db.prepare('DELETE FROM case_consents WHERE case_id = @id').run(id);
    db.prepare('DELETE FROM cases WHERE id = @id').run(id);
    db.prepare('INSERT INTO gallring_tombstones (id, case_code, case_id, team_id, decision_reference, decision_date, counts, gallrad_at, gallrad_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      randomUUID(),
      kase.code,
      kase.id,
      kase.teamId,
      input.decisionReference,
      input.decisionDate,
      JSON.stringify(counts),
      at,
      actor.accountId,
    );
    vault.audit('retention.early-gallring', { decisionReference: input.decisionReference, decisionDate: input.decisionDate, ...counts }, kase.code);
    // Until the backups are replaced they still hold the case: marked, so the next unlock retries.
    setMeta(vault, 'gallring_backups_pending', { at, caseCode: kase.code });
  })();
  // The gallring is committed: what follows must not be reported as a failed gallring.
  let backupsReplaced = true;
  try {
    replaceBackupsAfterGallring(vault, dataDir);
  } catch {
    backupsReplaced = false;
  }
  flushDeleted(vault);
  const tombstone = tombstones(vault).find((t) => t.caseCode === kase.code && t.gallradAt === at);
  if (!tombstone) throw new AppError('internal', 'The tombstone was not written');
  return { ...tombstone, backupsReplaced };
}

const ZERO = Object.fromEntries(GALLRING_PARTS.map((part) => [part, 0])) as GallringCounts;

export function tombstones(vault: UnlockedVault): Tombstone[] {
  requireAdmin(actorOf(vault));
  const rows = vault.db
    .prepare(
      `SELECT g.case_code, t.name AS team_name, g.decision_reference, g.decision_date, g.counts, g.gallrad_at, coalesce(a.display_name, '') AS gallrad_by
       FROM gallring_tombstones g JOIN teams t ON t.id = g.team_id LEFT JOIN accounts a ON a.id = g.gallrad_by ORDER BY g.gallrad_at DESC`,
    )
    .all() as { case_code: string; team_name: string; decision_reference: string; decision_date: string; counts: string; gallrad_at: string; gallrad_by: string }[];
  return rows.map((row) => ({
    caseCode: row.case_code,
    teamName: row.team_name,
    decisionReference: row.decision_reference,
    decisionDate: row.decision_date,
    // Parts added later read as 0 in older tombstones.
    counts: { ...ZERO, ...CountsSchema.partial().parse(JSON.parse(row.counts)) },
    gallradAt: row.gallrad_at,
    gallradBy: row.gallrad_by,
  }));
}
