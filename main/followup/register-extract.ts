import { readCaps } from '../capabilities/caps';
import { AppError } from '../../shared/ipc/errors';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { caseByCodeForRecords } from '../cases/records';
import { guardOptions } from '../guard/extra-names';
import { extractForCase, extractForGone } from '../records/extract';
import type { ExtractRecord } from '../records/model';
import { gallradCaseId } from '../retention/records';
import { actorOf, requireAdmin } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';

export type { ExtractRecord } from '../records/model';

/**
 * A register extract (GDPR art. 15): every record in the vault that mentions a case, found by its
 * code. What each table gives is declared beside the table, in the record registry
 * (main/records/, each domain's records.ts): the case and its consents, its items, actions and
 * drafts' existence, the finalised minutes that hold it and their corrections, supervision
 * records, handovers and packets, and the audit rows that name it. Admin only, with a recorded
 * reason (DESIGN.md's access table), audited with counts. The psychologist's private notes are not
 * linked to cases and cannot be read by an admin; the extract says how many sessions of the case's
 * team have private notes, so the request can be passed on to their authors.
 */
export function registerExtract(vault: UnlockedVault, input: { caseCode: string; reason: string }): { caseCode: string; records: ExtractRecord[] } {
  const actor = actorOf(vault);
  requireAdmin(actor);
  if (blockingHits(scanText(input.reason, guardOptions(readCaps(vault)))).length > 0) throw new AppError('invalid_input', 'Write the reason without identifiers (refer to the request by its number)', { reason: 'identifiers_in_text' });
  const db = vault.db;
  const kase = caseByCodeForRecords(db, input.caseCode);
  if (!kase) {
    // Gone by early gallring (a tombstone) or by the retention rules (only log rows still name it).
    const records = extractForGone(db, { code: input.caseCode, id: gallradCaseId(db, input.caseCode) });
    if (records.length === 0) throw new AppError('not_found', 'No case with that code');
    if (!records.some((r) => r.kind === 'tombstone')) {
      records.unshift({ kind: 'purged', date: '', text: `Ärendet ${input.caseCode} finns inte längre i valvet: det har gallrats enligt reglerna. Loggen nämner det fortfarande.` });
    }
    vault.audit('register.extract', { reason: input.reason.slice(0, 300), records: records.length }, input.caseCode);
    return { caseCode: input.caseCode, records };
  }
  const records = extractForCase(db, kase);
  vault.audit('register.extract', { reason: input.reason.slice(0, 300), records: records.length }, kase.code);
  return { caseCode: kase.code, records };
}
