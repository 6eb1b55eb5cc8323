import { declareRecords } from '../records/model';

/** The tables the supervision domain owns (main/records/model.ts says what a declaration means). */
export const SUPERVISION_RECORDS = declareRecords('supervision', [
  { table: 'supervision_sessions', subject: 'supervision-session', links: [] },
  {
    table: 'supervision_participants',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'member_id', references: 'members' },
    ],
  },
  {
    table: 'supervision_cases',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'case_id', references: 'cases' },
    ],
  },
  {
    table: 'supervision_case_themes',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'case_id', references: 'cases' },
    ],
  },
  {
    table: 'supervision_records',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'case_id', references: 'cases' },
    ],
  },
  // Private notes name no case: only their session (and their author, whose key alone opens them).
  { table: 'private_notes', links: [{ column: 'session_id', references: 'supervision_sessions' }] },
  { table: 'supervision_themes', noCaseData: "the list of theme names; which case had which theme is in supervision_case_themes" },
]);
