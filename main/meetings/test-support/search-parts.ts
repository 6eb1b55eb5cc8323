import { searchPartTable, searchParts } from '../search-index';
import type { Db } from '../../vault/db/open-vault';

/** How many texts the search index holds over all its parts (with `match`: how many match it, FTS5 syntax). */
export function indexedTexts(db: Db, match?: string): number {
  let n = 0;
  for (const part of searchParts(db)) {
    const table = searchPartTable(part);
    const sql = match === undefined ? `SELECT count(*) AS n FROM ${table}` : `SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`;
    n += (db.prepare(sql).get(...(match === undefined ? [] : [match])) as { n: number }).n;
  }
  return n;
}
