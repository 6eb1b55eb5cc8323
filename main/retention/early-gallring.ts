import { randomUUID } from 'node:crypto';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import { parseIsoDate } from '../../shared/time/iso-week';
import { GALLRING_PARTS, type GallringCounts, type GallringDone, type GallringPreview, type Tombstone, GallringCounts as CountsSchema } from '../../shared/retention/model';
import { guardOptions } from '../guard/extra-names';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import type { GallringBackups } from '../vault/gallring-backups';
import { requireAdmin } from '../roster/access';
import { caseByCodeForRecords } from '../cases/records';
import { carryOutCaseGallring, planCaseGallring } from '../records/gallring';
import { privateNotesKeptFor } from '../supervision/records';
import { flushDeleted } from './purge';
import { ownershipOf } from './ownership';
import { GALLRING_BACKUPS_PENDING, hasSetting, setSetting } from '../vault/settings';

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

function caseByCode(caps: ReadCaps, code: string): CaseRef {
  const row = caseByCodeForRecords(caps.db, code);
  if (!row) throw new AppError('not_found', 'No case has that code');
  return row;
}

/**
 * What goes, table by table, is declared beside each table in the record registry (each domain's
 * records.ts, `gallring`): read and counted before anything is deleted (main/records/gallring.ts).
 */
function countsFor(caps: ReadCaps, kase: CaseRef): GallringCounts {
  return planCaseGallring(caps.db, kase).counts;
}

export function gallringPreview(caps: ReadCaps, caseCode: string, backups: number): GallringPreview {
  requireAdmin(caps.access.actor);
  const kase = caseByCode(caps, caseCode);
  const privateNotesKept = privateNotesKeptFor(caps.db, kase.id);
  return { caseCode: kase.code, teamName: kase.teamName, counts: countsFor(caps, kase), backups, privateNotesKept };
}

/** At unlock: an early gallring whose backups could not be replaced then is tried again. */
export function retryBackupReplacement(caps: WriteCaps, backups: GallringBackups): void {
  if (hasSetting(caps.db, GALLRING_BACKUPS_PENDING)) {
    backups.replaceAfterGallring();
    flushDeleted(caps);
  }
}

export function earlyGallring(caps: WriteCaps, input: { caseCode: string; decisionReference: string; decisionDate: string; confirmed: GallringCounts }, backups: GallringBackups): GallringDone {
  const actor = caps.access.actor;
  requireAdmin(actor);
  if (blockingHits(scanText(input.decisionReference, guardOptions(caps))).length > 0) throw new AppError('invalid_input', 'The decision reference must not identify anyone', { reason: 'identifiers_in_text' });
  const decided = parseIsoDate(input.decisionDate);
  if (!decided || input.decisionDate > caps.access.date) throw new AppError('invalid_input', 'The decision date must be a real date, not after today', { reason: 'date_order' });
  const kase = caseByCode(caps, input.caseCode);
  // Every row that goes is read now, before anything changes: what is deleted is what was counted.
  const plan = planCaseGallring(caps.db, kase);
  const counts = plan.counts;
  if (GALLRING_PARTS.some((part) => counts[part] !== input.confirmed[part])) throw new AppError('conflict', 'The case changed since the preview: look at it again', { reason: 'changed_since_preview' });
  const at = caps.clock.now().toISOString();
  const owner = ownershipOf(caps, kase.teamId);
  const db = caps.db;
  db.transaction(() => {
    // The minutes are redacted, then the rows go children first (the registry's links give the order).
    carryOutCaseGallring(caps, kase, { reference: input.decisionReference, date: input.decisionDate }, plan);
    db.prepare(
      'INSERT INTO gallring_tombstones (id, case_code, case_id, team_id, decision_reference, decision_date, counts, gallrad_at, gallrad_by, controller, archive_creator, team_decision_reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      randomUUID(),
      kase.code,
      kase.id,
      kase.teamId,
      input.decisionReference,
      input.decisionDate,
      JSON.stringify(counts),
      at,
      actor.accountId,
      // Who owned the records then: the tombstone says so after the team's entries change.
      owner?.controller ?? null,
      owner?.archiveCreator ?? null,
      owner?.decisionReference ?? null,
    );
    caps.audit.record('retention.early-gallring', { decisionReference: input.decisionReference, decisionDate: input.decisionDate, ...counts }, kase.code);
    // Until the backups are replaced they still hold the case: marked, so the next unlock retries.
    setSetting(caps.db, GALLRING_BACKUPS_PENDING, { at, caseCode: kase.code });
  })();
  // The gallring is committed: what follows must not be reported as a failed gallring.
  let backupsReplaced = true;
  try {
    backups.replaceAfterGallring();
  } catch {
    backupsReplaced = false;
  }
  flushDeleted(caps);
  const tombstone = tombstones(caps).find((t) => t.caseCode === kase.code && t.gallradAt === at);
  if (!tombstone) throw new AppError('internal', 'The tombstone was not written');
  return { ...tombstone, backupsReplaced };
}

const ZERO = Object.fromEntries(GALLRING_PARTS.map((part) => [part, 0])) as GallringCounts;

export function tombstones(caps: ReadCaps): Tombstone[] {
  requireAdmin(caps.access.actor);
  const rows = caps.db
    .prepare(
      `SELECT g.case_code, t.name AS team_name, g.decision_reference, g.decision_date, g.counts, g.gallrad_at, coalesce(a.display_name, '') AS gallrad_by,
         g.controller, g.archive_creator, g.team_decision_reference
       FROM gallring_tombstones g JOIN teams t ON t.id = g.team_id LEFT JOIN accounts a ON a.id = g.gallrad_by ORDER BY g.gallrad_at DESC`,
    )
    .all() as {
    case_code: string;
    team_name: string;
    decision_reference: string;
    decision_date: string;
    counts: string;
    gallrad_at: string;
    gallrad_by: string;
    controller: string | null;
    archive_creator: string | null;
    team_decision_reference: string | null;
  }[];
  return rows.map((row) => ({
    caseCode: row.case_code,
    teamName: row.team_name,
    decisionReference: row.decision_reference,
    decisionDate: row.decision_date,
    // Parts added later read as 0 in older tombstones.
    counts: { ...ZERO, ...CountsSchema.partial().parse(JSON.parse(row.counts)) },
    gallradAt: row.gallrad_at,
    gallradBy: row.gallrad_by,
    controller: row.controller,
    archiveCreator: row.archive_creator,
    teamDecisionReference: row.team_decision_reference,
  }));
}
