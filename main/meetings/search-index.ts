import type { Db } from '../vault/db/open-vault';
import { cachedStatement } from '../vault/db/statements';

/**
 * The search index (`search_fts`, text only) and what each text is about (`search_entries`, whose
 * id is the text's rowid). Rows are found through `search_entries`' indexes and deleted by rowid:
 * FTS5 with secure-delete removes the text from the index itself, and the entry goes with it.
 */
export function indexCaseItem(db: Db, entry: { caseItemId: string; caseId: string; meetingId: string; text: string }): void {
  unindexWhere(db, "kind = 'case-item' AND ref = ?", entry.caseItemId);
  const { lastInsertRowid } = cachedStatement(db, "INSERT INTO search_entries (kind, ref, case_id, meeting_id) VALUES ('case-item', ?, ?, ?)").run(entry.caseItemId, entry.caseId, entry.meetingId);
  cachedStatement(db, 'INSERT INTO search_fts (rowid, body) VALUES (?, ?)').run(lastInsertRowid, entry.text);
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

type EntryFilter = "kind = 'case-item' AND ref = ?" | 'case_id = ?' | 'meeting_id = ?' | 'meeting_id IN (SELECT value FROM json_each(?))' | 'case_id IN (SELECT value FROM json_each(?))';

function unindexWhere(db: Db, where: EntryFilter, value: string): void {
  cachedStatement(db, `DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_entries WHERE ${where})`).run(value);
  cachedStatement(db, `DELETE FROM search_entries WHERE ${where}`).run(value);
}
