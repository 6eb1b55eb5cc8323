import { declareRecords } from '../records/model';

/** The tables the roster domain owns (main/records/model.ts says what a declaration means). */
export const ROSTER_RECORDS = declareRecords('roster', [
  { table: 'members', subject: 'member', links: [] },
  { table: 'team_memberships', links: [{ column: 'member_id', references: 'members' }] },
  { table: 'teams', noCaseData: 'team names and meeting times; cases, meetings and sessions name their team, not the other way round' },
  { table: 'organisations', noCaseData: 'the agencies in the förbund (names, org numbers, kinds)' },
]);
