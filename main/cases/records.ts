import { declareRecords } from '../records/model';

/** The tables the cases domain owns (main/records/model.ts says what a declaration means). */
export const CASE_RECORDS = declareRecords('cases', [
  { table: 'cases', subject: 'case', links: [{ column: 'owner_member_id', references: 'members' }] },
  { table: 'case_consents', links: [{ column: 'case_id', references: 'cases' }] },
]);
