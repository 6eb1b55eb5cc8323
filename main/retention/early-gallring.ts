import { readCaps } from '../capabilities/caps';
import { randomUUID } from 'node:crypto';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import { parseIsoDate } from '../../shared/time/iso-week';
import { GALLRING_PARTS, type GallringCounts, type GallringDone, type GallringPreview, type Tombstone, GallringCounts as CountsSchema } from '../../shared/retention/model';
import { guardOptions } from '../guard/extra-names';
import { replaceBackupsAfterGallring } from '../vault/backups';
import { actorOf, requireAdmin, today } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';
import { caseByCodeForRecords } from '../cases/records';
import { carryOutCaseGallring, planCaseGallring } from '../records/gallring';
import { privateNotesKeptFor } from '../supervision/records';
import { flushDeleted } from './purge';
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

function caseByCode(vault: UnlockedVault, code: string): CaseRef {
  const row = caseByCodeForRecords(vault.db, code);
  if (!row) throw new AppError('not_found', 'No case has that code');
  return row;
}

/**
 * What goes, table by table, is declared beside each table in the record registry (each domain's
 * records.ts, `gallring`): read and counted before anything is deleted (main/records/gallring.ts).
 */
function countsFor(vault: UnlockedVault, kase: CaseRef): GallringCounts {
  return planCaseGallring(vault.db, kase).counts;
}

export function gallringPreview(vault: UnlockedVault, caseCode: string, backups: number): GallringPreview {
  requireAdmin(actorOf(vault));
  const kase = caseByCode(vault, caseCode);
  const privateNotesKept = privateNotesKeptFor(vault.db, kase.id);
  return { caseCode: kase.code, teamName: kase.teamName, counts: countsFor(vault, kase), backups, privateNotesKept };
}

/** At unlock: an early gallring whose backups could not be replaced then is tried again. */
export function retryBackupReplacement(vault: UnlockedVault, dataDir: string): void {
  if (hasSetting(vault.db, GALLRING_BACKUPS_PENDING)) {
    replaceBackupsAfterGallring(vault, dataDir);
    flushDeleted(vault);
  }
}

export function earlyGallring(vault: UnlockedVault, input: { caseCode: string; decisionReference: string; decisionDate: string; confirmed: GallringCounts }, dataDir: string): GallringDone {
  const actor = actorOf(vault);
  requireAdmin(actor);
  if (blockingHits(scanText(input.decisionReference, guardOptions(readCaps(vault)))).length > 0) throw new AppError('invalid_input', 'The decision reference must not identify anyone', { reason: 'identifiers_in_text' });
  const decided = parseIsoDate(input.decisionDate);
  if (!decided || input.decisionDate > today(vault)) throw new AppError('invalid_input', 'The decision date must be a real date, not after today', { reason: 'date_order' });
  const kase = caseByCode(vault, input.caseCode);
  // Every row that goes is read now, before anything changes: what is deleted is what was counted.
  const plan = planCaseGallring(vault.db, kase);
  const counts = plan.counts;
  if (GALLRING_PARTS.some((part) => counts[part] !== input.confirmed[part])) throw new AppError('conflict', 'The case changed since the preview: look at it again', { reason: 'changed_since_preview' });
  const at = vault.now().toISOString();
  const db = vault.db;
  db.transaction(() => {
    // The minutes are redacted, then the rows go children first (the registry's links give the order).
    carryOutCaseGallring(vault, kase, { reference: input.decisionReference, date: input.decisionDate }, plan);
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
    setSetting(vault.db, GALLRING_BACKUPS_PENDING, { at, caseCode: kase.code });
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
