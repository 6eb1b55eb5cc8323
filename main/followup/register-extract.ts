import { AppError } from '../../shared/ipc/errors';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { caseByCodeForRecords } from '../cases/records';
import { guardOptions } from '../guard/extra-names';
import { extractForCase, extractForGone } from '../records/extract';
import type { ExtractRecord } from '../records/model';
import { ownershipOf } from '../retention/ownership';
import { gallradCaseId, gallradCaseTeam } from '../retention/records';
import type { AuditDetail, ReadCaps } from '../capabilities/caps';
import { requireAdmin } from '../roster/access';

export type { ExtractRecord } from '../records/model';

export interface RegisterExtractInput {
  readonly caseCode: string;
  readonly reason: string;
}

export interface RegisterExtract {
  readonly caseCode: string;
  readonly records: ExtractRecord[];
  /** Who owns the records (the team's entries in Settings), or null: unknown team, or nothing entered. */
  readonly owner: ExtractOwner | null;
}

export interface ExtractOwner {
  readonly teamName: string;
  readonly controller: string | null;
  readonly archiveCreator: string | null;
  readonly decisionReference: string | null;
}

function ownerOf(caps: ReadCaps, teamId: string | null): ExtractOwner | null {
  const owned = teamId === null ? null : ownershipOf(caps, teamId);
  if (!owned || (owned.controller === null && owned.archiveCreator === null)) return null;
  return { teamName: owned.teamName, controller: owned.controller, archiveCreator: owned.archiveCreator, decisionReference: owned.decisionReference };
}

/**
 * The audit row of a register extract made: the reason (cut to 300 characters) and how many
 * records it listed, under the code it was asked for — never the records themselves.
 */
export function registerExtracted(input: RegisterExtractInput, output: RegisterExtract): { action: 'register.extract'; detail: AuditDetail; caseCode: string } {
  return { action: 'register.extract', detail: { reason: input.reason.slice(0, 300), records: output.records.length }, caseCode: output.caseCode };
}

/**
 * A register extract (GDPR art. 15): every record in the vault that mentions a case, found by its
 * code. What each table gives is declared beside the table, in the record registry
 * (main/records/, each domain's records.ts): the case and its consents, its items, actions and
 * drafts' existence, the finalised minutes that hold it and their corrections, supervision
 * records, handovers and packets, and the audit rows that name it. Admin only, with a recorded
 * reason (DESIGN.md's access table), audited with counts (`registerExtracted`, written by the
 * channel's `audited` wrapper once the extract is made: main/services/register/handlers.ts). The psychologist's private notes are not
 * linked to cases and cannot be read by an admin; the extract says how many sessions of the case's
 * team have private notes, so the request can be passed on to their authors.
 */
export function registerExtract(caps: ReadCaps, input: RegisterExtractInput): RegisterExtract {
  requireAdmin(caps.access.actor);
  if (blockingHits(scanText(input.reason, guardOptions(caps))).length > 0) throw new AppError('invalid_input', 'Write the reason without identifiers (refer to the request by its number)', { reason: 'identifiers_in_text' });
  const db = caps.db;
  const kase = caseByCodeForRecords(db, input.caseCode);
  if (!kase) {
    // Gone by early gallring (a tombstone) or by the retention rules (only log rows still name it).
    const records = extractForGone(db, { code: input.caseCode, id: gallradCaseId(db, input.caseCode) });
    if (records.length === 0) throw new AppError('not_found', 'No case with that code');
    if (!records.some((r) => r.kind === 'tombstone')) {
      records.unshift({ kind: 'purged', date: '', text: `Ärendet ${input.caseCode} finns inte längre i valvet: det har gallrats enligt reglerna. Loggen nämner det fortfarande.` });
    }
    return { caseCode: input.caseCode, records, owner: ownerOf(caps, gallradCaseTeam(db, input.caseCode)) };
  }
  const records = extractForCase(db, kase);
  return { caseCode: kase.code, records, owner: ownerOf(caps, kase.teamId) };
}
