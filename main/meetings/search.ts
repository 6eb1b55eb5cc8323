import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps } from '../capabilities/caps';
import { readableCase, readableParams } from '../cases/access';
import { cachedStatement } from '../vault/db/statements';
import { searchPart, searchPartTable, searchParts } from './search-index';

export interface SearchHit {
  readonly caseId: string;
  readonly caseCode: string;
  readonly meetingId: string;
  readonly meetingDate: string;
  readonly teamId: string;
  /** The matching passage, with matches between \u0002 and \u0003 (the page turns them into <mark>). */
  readonly snippet: string;
}

/** One page of hits, best first, and how many the reader's search found (at most `SEARCH_WINDOW`: then `capped`). */
export interface SearchPage {
  readonly hits: SearchHit[];
  readonly total: number;
  /** More hits exist than the newest `SEARCH_WINDOW`, which are the ones ranked and counted. */
  readonly capped: boolean;
  readonly offset: number;
  readonly limit: number;
}

export const SEARCH_PAGE = 25;
/**
 * How many of the newest hits a search ranks (issue 16): a word common in a team's notes matches
 * more items every year, and ranking or counting all of them grows with the vault's age (measured:
 * 10× the decade vault made one search 15× slower). The newest hits the reader may read, up to this
 * many, are ranked by bm25 and paged; the answer says when older ones exist beyond them.
 */
export const SEARCH_WINDOW = 1000;

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
 * read is not counted, not hinted at, not returned: readability is a condition of the query itself
 * (`readableCase`, with the reader's access computed once, checked per hit), so the ranking (bm25)
 * and the total are over the reader's own hits only.
 *
 * The index is read newest first — its parts from the newest (search-index.ts), each by rowid,
 * which grows with time — and stops at the newest `window` readable hits (`SEARCH_WINDOW`; a test
 * passes a smaller one) plus one, to know whether older ones exist. Those are ranked by bm25 (ties:
 * the newer first) and one page of them is returned, with its snippets made for that page alone. So
 * a search costs what its window costs, in a vault of any age. bm25 weighs a word by how rare it is
 * in the part that holds the hit, so the order across parts is close but not exact: the newest part
 * is still filling and gallring thins old ones (ties and near-ties go to the newer hit).
 */
export function searchItems(caps: ReadCaps, text: string, teamId?: string, page: { offset?: number; limit?: number } = {}, window: number = SEARCH_WINDOW): SearchPage {
  const context = caps.access;
  if (teamId && !context.readTeams.has(teamId)) throw new AppError('forbidden', "Only the team's members search its records", { reason: 'not_team_member' });
  const offset = page.offset ?? 0;
  const limit = page.limit ?? SEARCH_PAGE;
  const query = toFtsQuery(text);
  if (!query) return { hits: [], total: 0, capped: false, offset, limit };
  // In one team: that team's readable cases only (its membership was checked above).
  const params = { ...readableParams(context), ...(teamId ? { readerTeams: JSON.stringify([teamId]) } : {}), query };
  const found: { id: number; score: number }[] = [];
  for (const part of searchParts(caps.db)) {
    const need = window + 1 - found.length;
    if (need <= 0) break;
    const table = searchPartTable(part);
    // `rank` is FTS5's bm25, read as a column while the part is scanned (only for the rows kept).
    const rows = cachedStatement(
      caps.db,
      `SELECT f.rowid AS id, f.rank AS score FROM ${table} f CROSS JOIN search_entries e ON e.id = f.rowid
       WHERE ${table} MATCH @query AND ${readableCase('e.case_id')} ORDER BY f.rowid DESC LIMIT @need`,
    ).all({ ...params, need }) as { id: number; score: number }[];
    found.push(...rows);
  }
  const ranked = found.slice(0, window).sort((a, b) => a.score - b.score || b.id - a.id);
  const total = ranked.length;
  const ids = ranked.slice(offset, offset + limit).map((row) => row.id);
  const rows = pageRows(caps, query, ids);
  const hits = ids.flatMap((id) => {
    const row = rows.get(id);
    return row ? [{ caseId: row.case_id, caseCode: row.code, meetingId: row.meeting_id, meetingDate: row.date, teamId: row.team_id, snippet: row.snippet }] : [];
  });
  caps.audit.record('search', { hits: hits.length, total });
  return { hits, total, capped: found.length > window, offset, limit };
}

interface PageRow {
  id: number;
  case_id: string;
  meeting_id: string;
  snippet: string;
  team_id: string;
  code: string;
  date: string;
}

/**
 * The page's rows and their snippets (which need the match): per part, one pass of its index over
 * the page's rowid range alone (a lookup per rowid would read a prefix's whole doclist each time).
 */
function pageRows(caps: ReadCaps, query: string, ids: readonly number[]): Map<number, PageRow> {
  const byPart = new Map<number, number[]>();
  for (const id of ids) byPart.set(searchPart(id), [...(byPart.get(searchPart(id)) ?? []), id]);
  const rows = new Map<number, PageRow>();
  for (const [part, partIds] of byPart) {
    const table = searchPartTable(part);
    const found = cachedStatement(
      caps.db,
      `SELECT f.rowid AS id, e.case_id, e.meeting_id, snippet(${table}, 0, char(2), char(3), '…', 12) AS snippet, c.team_id, c.code, m.date
       FROM ${table} f CROSS JOIN search_entries e ON e.id = f.rowid JOIN cases c ON c.id = e.case_id JOIN meetings m ON m.id = e.meeting_id
       WHERE ${table} MATCH @query AND f.rowid >= @lo AND f.rowid <= @hi AND +f.rowid IN (SELECT value FROM json_each(@ids))`,
    ).all({ query, ids: JSON.stringify(partIds), lo: Math.min(...partIds), hi: Math.max(...partIds) }) as PageRow[];
    for (const row of found) rows.set(row.id, row);
  }
  return rows;
}
