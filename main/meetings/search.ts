import { AppError } from '../../shared/ipc/errors';
import { type CaseAccessRow, unreadableReason } from '../cases/access';
import { actorOf, canReadTeamRecords, today } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';

export interface SearchHit {
  readonly caseId: string;
  readonly caseCode: string;
  readonly meetingId: string;
  readonly meetingDate: string;
  readonly teamId: string;
  /** The matching passage, with matches between \u0002 and \u0003 (the page turns them into <mark>). */
  readonly snippet: string;
}

/** Words only: FTS5 syntax from the user is never passed through (quotes, NEAR, columns…). */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((word) => `"${word}"*`)
    .join(' ');
}

/**
 * Full-text search over committed case items (never drafts), filtered by the same read rules as
 * everything else: the team, and the consent on the day of the search. What the reader may not
 * read is not counted, not hinted at, not returned.
 */
export function searchItems(vault: UnlockedVault, text: string, teamId?: string): SearchHit[] {
  const actor = actorOf(vault);
  if (teamId && !canReadTeamRecords(vault, actor, teamId)) throw new AppError('forbidden', "Only the team's members search its records");
  const query = toFtsQuery(text);
  if (!query) return [];
  const date = today(vault);
  const rows = vault.db
    .prepare(
      `SELECT e.case_id, e.meeting_id, snippet(search_fts, 0, char(2), char(3), '…', 12) AS snippet,
              c.team_id, c.code, c.consent_mode, c.raised_by_organisation_id, m.date
       FROM search_fts f JOIN search_entries e ON e.id = f.rowid JOIN cases c ON c.id = e.case_id JOIN meetings m ON m.id = e.meeting_id
       WHERE search_fts MATCH ? ${teamId ? 'AND c.team_id = ?' : ''} ORDER BY rank LIMIT 5000`,
    )
    .all(...(teamId ? [query, teamId] : [query])) as {
    case_id: string;
    meeting_id: string;
    snippet: string;
    team_id: string;
    code: string;
    consent_mode: 'anonymous' | 'consent';
    raised_by_organisation_id: string;
    date: string;
  }[];
  // Filtered after ranking, over a generous window (5,000 rows), so a reader's hits are not crowded out.
  const hits = rows
    .filter((row) => {
      const access: CaseAccessRow = { id: row.case_id, team_id: row.team_id, consent_mode: row.consent_mode, raised_by_organisation_id: row.raised_by_organisation_id };
      return unreadableReason(vault, actor, access, date) === null;
    })
    .slice(0, 100)
    .map((row) => ({ caseId: row.case_id, caseCode: row.code, meetingId: row.meeting_id, meetingDate: row.date, teamId: row.team_id, snippet: row.snippet }));
  vault.audit('search', { hits: hits.length });
  return hits;
}
