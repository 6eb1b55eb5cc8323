import type { Db } from '../vault/db/open-vault';
import { cachedStatement } from '../vault/db/statements';

/**
 * The search index, in parts (issue 16): `search_entries` says what each indexed text is about
 * (its case item, case and meeting; its INTEGER PRIMARY KEY is the text's rowid), and the text
 * itself sits in one of several FTS5 tables, one per `SEARCH_PART_ROWS` rowids, listed in
 * `search_parts`. Rowids grow as texts are committed, so the highest part holds the newest texts.
 *
 * Why parts (measured on the decade vault copied to 10×): FTS5 answers a prefix query ("praktik"*)
 * by merging the doclists of every matching term across the whole table before it returns the
 * first row, and bm25 counts every matching row — a rowid bound does not help (measured: 136 ms
 * with or without `rowid > …` on 200,000 rows). One table made every search cost as much as the
 * vault's whole history. A part bounds that work: a search reads parts newest first and stops once
 * it has the hits it ranks (`SEARCH_WINDOW` in search.ts).
 *
 * Rows are found through `search_entries`' indexes and deleted by rowid from their part: FTS5 with
 * secure-delete removes the text from the index itself, and the entry goes with it. A part left
 * empty (gallring removes old texts) is dropped, so the number of parts follows what the vault
 * keeps, not how long it has been in use.
 */
export const SEARCH_PART_ROWS = 4096;

/** The part that holds (or will hold) the text with this rowid. */
export function searchPart(rowid: number): number {
  return Math.floor(rowid / SEARCH_PART_ROWS);
}

/** The FTS5 table of a part: its name is made from the integer alone (`search_fts_p3`, or `search_fts_m2` for part −2). */
export function searchPartTable(part: number): string {
  if (!Number.isSafeInteger(part)) throw new Error(`not a search part: ${part}`);
  return part < 0 ? `search_fts_m${-part}` : `search_fts_p${part}`;
}

/** The parts, newest first. */
export function searchParts(db: Db): number[] {
  return (cachedStatement(db, 'SELECT part FROM search_parts ORDER BY part DESC').all() as { part: number }[]).map((row) => row.part);
}

/** The part's table, made (with FTS5's secure-delete on) if it is the first text in it. Inside the caller's transaction. */
export function ensureSearchPart(db: Db, part: number): string {
  const table = searchPartTable(part);
  if (!cachedStatement(db, 'SELECT 1 AS found FROM search_parts WHERE part = ?').get(part)) {
    db.exec(`CREATE VIRTUAL TABLE ${table} USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO ${table}(${table}, rank) VALUES ('secure-delete', 1);`);
    cachedStatement(db, 'INSERT INTO search_parts (part) VALUES (?)').run(part);
  }
  return table;
}

/** The text at this rowid, in its part (the entry in `search_entries` is the caller's). */
export function insertIndexedText(db: Db, rowid: number, text: string): void {
  const table = ensureSearchPart(db, searchPart(rowid));
  cachedStatement(db, `INSERT INTO ${table} (rowid, body) VALUES (?, ?)`).run(rowid, text);
}

export function indexCaseItem(db: Db, entry: { caseItemId: string; caseId: string; meetingId: string; text: string }): void {
  unindexWhere(db, "kind = 'case-item' AND ref = ?", entry.caseItemId);
  const { lastInsertRowid } = cachedStatement(db, "INSERT INTO search_entries (kind, ref, case_id, meeting_id) VALUES ('case-item', ?, ?, ?)").run(entry.caseItemId, entry.caseId, entry.meetingId);
  insertIndexedText(db, Number(lastInsertRowid), entry.text);
}

/** Every indexed text about the case (early gallring, a purged case). */
export function unindexCase(db: Db, caseId: string): void {
  unindexWhere(db, 'case_id = ?', caseId);
}

/** Every indexed text from the meeting (a purged meeting). */
export function unindexMeeting(db: Db, meetingId: string): void {
  unindexWhere(db, 'meeting_id = ?', meetingId);
}

/** Every indexed text from these meetings, or about these cases (a purge: ids as a JSON array, one statement each). */
export function unindexMeetings(db: Db, meetingIdsJson: string): void {
  unindexWhere(db, 'meeting_id IN (SELECT value FROM json_each(?))', meetingIdsJson);
}

export function unindexCases(db: Db, caseIdsJson: string): void {
  unindexWhere(db, 'case_id IN (SELECT value FROM json_each(?))', caseIdsJson);
}

/** How many indexed texts are about the case (the gallring preview counts them). */
export function indexedForCase(db: Db, caseId: string): number {
  return (cachedStatement(db, 'SELECT count(*) AS n FROM search_entries WHERE case_id = ?').get(caseId) as { n: number }).n;
}

/** These entries (their ids, the texts' rowids, as a JSON array) and their texts: early gallring, over the record registry. */
export function unindexEntries(db: Db, entryIdsJson: string): void {
  unindexWhere(db, 'id IN (SELECT value FROM json_each(?))', entryIdsJson);
}

type EntryFilter =
  | "kind = 'case-item' AND ref = ?"
  | 'case_id = ?'
  | 'meeting_id = ?'
  | 'meeting_id IN (SELECT value FROM json_each(?))'
  | 'case_id IN (SELECT value FROM json_each(?))'
  | 'id IN (SELECT value FROM json_each(?))';

function unindexWhere(db: Db, where: EntryFilter, value: string): void {
  const ids = (cachedStatement(db, `SELECT id FROM search_entries WHERE ${where}`).all(value) as { id: number }[]).map((row) => row.id);
  if (ids.length === 0) return;
  const byPart = new Map<number, number[]>();
  for (const id of ids) {
    const part = searchPart(id);
    byPart.set(part, [...(byPart.get(part) ?? []), id]);
  }
  for (const [part, partIds] of byPart) {
    // A part is listed in `search_parts` whenever an entry's text went into it; an entry whose part is missing is a broken index.
    const table = searchPartTable(part);
    cachedStatement(db, `DELETE FROM ${table} WHERE rowid IN (SELECT value FROM json_each(?))`).run(JSON.stringify(partIds));
  }
  cachedStatement(db, `DELETE FROM search_entries WHERE ${where}`).run(value);
  for (const part of byPart.keys()) dropIfEmpty(db, part);
}

/** An empty part goes (its pages zeroed by `secure_delete`), so gallring also shortens the list of parts a search reads. */
function dropIfEmpty(db: Db, part: number): void {
  const lo = part * SEARCH_PART_ROWS;
  if (cachedStatement(db, 'SELECT 1 AS found FROM search_entries WHERE id >= ? AND id < ? LIMIT 1').get(lo, lo + SEARCH_PART_ROWS)) return;
  db.exec(`DROP TABLE ${searchPartTable(part)}`);
  cachedStatement(db, 'DELETE FROM search_parts WHERE part = ?').run(part);
}
