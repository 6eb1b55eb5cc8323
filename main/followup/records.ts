import { declareRecords } from '../records/model';

/** The tables the follow-up domain owns (main/records/model.ts says what a declaration means). */
export const FOLLOWUP_RECORDS = declareRecords('followup', [
  {
    // Migration 023. Kept: no retention rule takes it. It is the record of what left the team (a
    // report once sent is an expedierad handling) and the year's later reports are suppressed
    // against it; it holds counts per kön, age band and status, never a case, a code or a name.
    table: 'followup_reports_sent',
    noCaseData: 'the follow-up reports sent to the förbund: per team and period the published counts, the true counts they were made from, the threshold, the file hash, when and by which account; counts only, never a case',
  },
]);
