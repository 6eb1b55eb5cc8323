import { AppError } from '../../shared/ipc/errors';
import { READABLE_CASES, accessContext, readableParams } from '../cases/access';
import { cachedStatement } from '../vault/db/statements';
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

/** One page of hits, best first, and how many the reader's search found in all. */
export interface SearchPage {
  readonly hits: SearchHit[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

export const SEARCH_PAGE = 25;

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
 * read is not counted, not hinted at, not returned: the readable cases are a condition of the
 * query itself (`READABLE_CASES`, with the reader's access computed once), so the ranking (bm25)
 * and the total are over the reader's own hits only. One page is returned; its snippets are made
 * for that page alone.
 */
export function searchItems(vault: UnlockedVault, text: string, teamId?: string, page: { offset?: number; limit?: number } = {}): SearchPage {
  const context = accessContext(vault);
  if (teamId && !context.readTeams.has(teamId)) throw new AppError('forbidden', "Only the team's members search its records");
  const offset = page.offset ?? 0;
  const limit = page.limit ?? SEARCH_PAGE;
  const query = toFtsQuery(text);
  if (!query) return { hits: [], total: 0, offset, limit };
  // In one team: that team's readable cases only (its membership was checked above).
  const params = { ...readableParams(context), ...(teamId ? { readerTeams: JSON.stringify([teamId]) } : {}), query };
  const ranked = cachedStatement(
    vault.db,
    // `rank` is FTS5's bm25, read as a column while the index is scanned (the window needs every row first).
    `SELECT f.rowid AS id, f.rank AS score, count(*) OVER () AS total FROM search_fts f JOIN search_entries e ON e.id = f.rowid
     WHERE search_fts MATCH @query AND e.case_id IN (${READABLE_CASES})
     ORDER BY score, id LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit, offset }) as { id: number; total: number }[];
  const total = ranked[0]?.total ?? (offset > 0 ? countHits(vault, params) : 0);
  const rows = new Map(
    (
      ranked.length === 0
        ? []
        : (cachedStatement(
            vault.db,
            `SELECT f.rowid AS id, e.case_id, e.meeting_id, snippet(search_fts, 0, char(2), char(3), '…', 12) AS snippet, c.team_id, c.code, m.date
             FROM search_fts f JOIN search_entries e ON e.id = f.rowid JOIN cases c ON c.id = e.case_id JOIN meetings m ON m.id = e.meeting_id
             WHERE search_fts MATCH @query AND f.rowid IN (SELECT value FROM json_each(@ids))`,
          ).all({ query, ids: JSON.stringify(ranked.map((r) => r.id)) }) as { id: number; case_id: string; meeting_id: string; snippet: string; team_id: string; code: string; date: string }[])
    ).map((row) => [row.id, row]),
  );
  const hits = ranked.flatMap(({ id }) => {
    const row = rows.get(id);
    return row ? [{ caseId: row.case_id, caseCode: row.code, meetingId: row.meeting_id, meetingDate: row.date, teamId: row.team_id, snippet: row.snippet }] : [];
  });
  vault.audit('search', { hits: hits.length, total });
  return { hits, total, offset, limit };
}

/** The total alone, for a page past the last hit. */
function countHits(vault: UnlockedVault, params: Record<string, string | null>): number {
  return (
    cachedStatement(vault.db, `SELECT count(*) AS n FROM search_fts f JOIN search_entries e ON e.id = f.rowid WHERE search_fts MATCH @query AND e.case_id IN (${READABLE_CASES})`).get(params) as {
      n: number;
    }
  ).n;
}
