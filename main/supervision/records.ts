import { type ExtractRecord, declareRecords } from '../records/model';
import type { Db } from '../vault/db/open-vault';

/** Supervision sessions that discussed this case (`@id`) and no other: wholly about it, private notes included. */
const ONLY_THIS_CASE = `SELECT s.id FROM supervision_sessions s
  WHERE EXISTS (SELECT 1 FROM supervision_cases c WHERE c.session_id = s.id AND c.case_id = @id)
    AND NOT EXISTS (SELECT 1 FROM supervision_cases c WHERE c.session_id = s.id AND c.case_id <> @id)
    AND NOT EXISTS (SELECT 1 FROM supervision_records r WHERE r.session_id = s.id AND r.case_id <> @id)
    AND NOT EXISTS (SELECT 1 FROM supervision_case_themes t WHERE t.session_id = s.id AND t.case_id <> @id)`;

/** Private notes an early gallring of the case leaves: those of sessions that discussed other cases too. */
export function privateNotesKeptFor(db: Db, caseId: string): number {
  return (
    db.prepare(`SELECT count(*) AS n FROM private_notes WHERE session_id IN (SELECT session_id FROM supervision_cases WHERE case_id = @id) AND session_id NOT IN (${ONLY_THIS_CASE})`).get({ id: caseId }) as { n: number }
  ).n;
}

/** The tables the supervision domain owns (main/records/model.ts says what a declaration means). */
export const SUPERVISION_RECORDS = declareRecords('supervision', [
  // A session about this case alone goes with it; one that discussed other cases too stays.
  { table: 'supervision_sessions', subject: 'supervision-session', links: [], gallring: { rows: `SELECT rowid FROM supervision_sessions WHERE id IN (${ONLY_THIS_CASE})`, part: 'supervisionSessions' },
    // The supervision rule: the session goes by its date, with its shared records and the private notes about it.
    purge: {
      due: { name: 'sessions', rule: 'supervision', sql: 'SELECT id, date AS at FROM supervision_sessions WHERE date < ?', bound: 'day' },
      goes: [{ with: 'supervision_sessions', delete: 'DELETE FROM supervision_sessions WHERE id IN (SELECT value FROM json_each(?))' }],
    },
  },
  {
    table: 'supervision_participants',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'member_id', references: 'members' },
    ],
    gallring: { rows: `SELECT rowid FROM supervision_participants WHERE session_id IN (${ONLY_THIS_CASE})` },
    purge: { goes: [{ with: 'supervision_sessions', delete: 'DELETE FROM supervision_participants WHERE session_id IN (SELECT value FROM json_each(?))' }] },
  },
  {
    table: 'supervision_records',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'case_id', references: 'cases' },
    ],
    // A session about this case alone may still hold its shared record for the session as a whole.
    gallring: { rows: `SELECT rowid FROM supervision_records WHERE case_id = @id OR (case_id IS NULL AND session_id IN (${ONLY_THIS_CASE}))`, part: 'supervisionRecords' },
    purge: {
      lastEntries: ['SELECT case_id, shared_at FROM supervision_records WHERE case_id IS NOT NULL'],
      holdsBack: 'EXISTS (SELECT 1 FROM supervision_records r WHERE r.case_id = d.value AND r.session_id NOT IN (SELECT value FROM json_each(@sessions)))',
      goes: [{ with: 'supervision_sessions', delete: 'DELETE FROM supervision_records WHERE session_id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      forCase: (db, kase): ExtractRecord[] =>
        (db.prepare('SELECT r.shared_at, r.summary, r.approach, r.actions FROM supervision_records r WHERE r.case_id = ? ORDER BY r.shared_at').all(kase.id) as { shared_at: string; summary: string; approach: string; actions: string }[]).map((r) => {
          const actions = JSON.parse(r.actions) as string[];
          return { kind: 'supervision-record', date: r.shared_at, text: `Från handledningen: ${r.summary}${r.approach ? ` Arbetssätt: ${r.approach}` : ''}${actions.length ? ` Åtgärder: ${actions.join('; ')}` : ''}` };
        }),
    },
  },
  {
    table: 'supervision_cases',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'case_id', references: 'cases' },
    ],
    gallring: { rows: 'SELECT rowid FROM supervision_cases WHERE case_id = @id', part: 'supervisionLinks' },
    purge: {
      lastEntries: ['SELECT sc.case_id, s.date FROM supervision_cases sc JOIN supervision_sessions s ON s.id = sc.session_id'],
      holdsBack: 'EXISTS (SELECT 1 FROM supervision_cases s WHERE s.case_id = d.value AND s.session_id NOT IN (SELECT value FROM json_each(@sessions)))',
      goes: [{ with: 'supervision_sessions', delete: 'DELETE FROM supervision_cases WHERE session_id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      // That the case was taken up in a session, shared record or not (listed under "supervision").
      forCase: (db, kase): ExtractRecord[] =>
        (db.prepare('SELECT s.date FROM supervision_cases c JOIN supervision_sessions s ON s.id = c.session_id WHERE c.case_id = ? ORDER BY s.date').all(kase.id) as { date: string }[]).map((s) => ({
          kind: 'supervision-record',
          date: s.date,
          text: `Ärendet togs upp i handledningen ${s.date}`,
        })),
    },
  },
  {
    table: 'supervision_case_themes',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'case_id', references: 'cases' },
    ],
    gallring: { rows: 'SELECT rowid FROM supervision_case_themes WHERE case_id = @id', part: 'supervisionLinks' },
    purge: {
      holdsBack: 'EXISTS (SELECT 1 FROM supervision_case_themes t WHERE t.case_id = d.value AND t.session_id NOT IN (SELECT value FROM json_each(@sessions)))',
      goes: [{ with: 'supervision_sessions', delete: 'DELETE FROM supervision_case_themes WHERE session_id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      forCase: (db, kase): ExtractRecord[] =>
        (
          db
            .prepare('SELECT s.date, t.name FROM supervision_case_themes ct JOIN supervision_sessions s ON s.id = ct.session_id JOIN supervision_themes t ON t.id = ct.theme_id WHERE ct.case_id = ? ORDER BY s.date')
            .all(kase.id) as { date: string; name: string }[]
        ).map((t) => ({ kind: 'supervision-theme', date: t.date, text: `Handledningstema: ${t.name}` })),
    },
  },
  // Private notes name no case: only their session (and their author, whose key alone opens them).
  {
    table: 'private_notes',
    links: [{ column: 'session_id', references: 'supervision_sessions' }],
    gallring: { rows: `SELECT rowid FROM private_notes WHERE session_id IN (${ONLY_THIS_CASE})`, part: 'privateNotes' },
    purge: { goes: [{ with: 'supervision_sessions', delete: 'DELETE FROM private_notes WHERE session_id IN (SELECT value FROM json_each(?))' }] },
    extract: {
      // The notes cannot be read by an admin: the extract says how many of the team's sessions have them, so the request can be passed on.
      forCase: (db, kase): ExtractRecord[] => {
        const n = (db.prepare('SELECT count(DISTINCT n.session_id) AS n FROM private_notes n JOIN supervision_sessions s ON s.id = n.session_id WHERE s.team_id = ?').get(kase.teamId) as { n: number }).n;
        return n > 0 ? [{ kind: 'private-notes', date: '', text: `${n} handledningstillfällen i teamet har psykologens privata anteckningar; de kan bara läsas av sina författare` }] : [];
      },
    },
  },
  { table: 'supervision_themes', noCaseData: "the list of theme names; which case had which theme is in supervision_case_themes" },
]);
