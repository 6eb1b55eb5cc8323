import { declareRecords } from '../records/model';

/** The tables the vault itself owns (main/records/model.ts says what a declaration means). */
export const VAULT_RECORDS = declareRecords('vault', [
  {
    table: 'audit_log',
    links: [{ column: 'case_code', references: 'cases', key: 'code', enforced: false, why: 'log rows outlive their case and name it by code; they go only by the audit-log retention rule' }],
  },
  { table: 'audit_reviews', links: [{ column: 'seq', references: 'audit_log', key: 'seq' }] },
  { table: 'accounts', noCaseData: 'sign-in accounts of staff (name, organisation, roles); the roster member an account belongs to points at it' },
  { table: 'private_note_keys', noCaseData: "a psychologist's wrapped private-note key; the notes themselves are in private_notes" },
  {
    table: 'vault_meta',
    noCaseData: 'settings and housekeeping state; the one case code it may hold (gallring_backups_pending) is removed once the backups made before that gallring are replaced',
  },
]);
