import { type ExtractRecord, declareRecords } from '../records/model';
import type { Db } from './db/open-vault';

/** Log rows that name the case: by its code, in a list of codes (a meeting read, minutes exported), or by its id. */
function auditRowsNaming(db: Db, code: string, caseId: string | null): ExtractRecord[] {
  return (
    db
      .prepare(
        `SELECT at, action FROM audit_log WHERE case_code = ?
           OR instr(',' || coalesce(json_extract(detail, '$.cases'), '') || ',', ',' || ? || ',') > 0
           OR json_extract(detail, '$.caseId') = ? ORDER BY seq`,
      )
      .all(code, code, caseId ?? '') as { at: string; action: string }[]
  ).map((a) => ({ kind: 'audit', date: a.at, text: `Loggat: ${a.action}` }));
}

/** The tables the vault itself owns (main/records/model.ts says what a declaration means). */
export const VAULT_RECORDS = declareRecords('vault', [
  {
    table: 'audit_log',
    links: [{ column: 'case_code', references: 'cases', key: 'code', enforced: false, why: 'log rows outlive their case and name it by code; they go only by the audit-log retention rule' }],
    extract: { forCase: (db, kase) => auditRowsNaming(db, kase.code, kase.id), forGone: (db, gone) => auditRowsNaming(db, gone.code, gone.id) },
    gallring: { keeps: 'log rows go only by the audit-log retention rule, never with a case (DESIGN.md)' },
    purge: { keeps: 'the audit-log rule purges the oldest unbroken run of the chain by itself (main/vault/audit/audit-log.ts purgeAuditThrough), never with a case' },
  },
  { table: 'audit_reviews', links: [{ column: 'seq', references: 'audit_log', key: 'seq' }], extract: { with: 'audit_log', why: 'a review mark says only that a log row was looked at' }, gallring: { keeps: 'kept with its log row' }, purge: { keeps: 'goes with its log row (purgeAuditThrough)' } },
  { table: 'accounts', noCaseData: 'sign-in accounts of staff (name, organisation, roles); the roster member an account belongs to points at it' },
  { table: 'private_note_keys', noCaseData: "a psychologist's wrapped private-note key; the notes themselves are in private_notes" },
  {
    table: 'vault_meta',
    noCaseData: 'settings and housekeeping state; the one case code it may hold (gallring_backups_pending) is removed once the backups made before that gallring are replaced',
  },
]);
