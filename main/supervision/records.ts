import { type ExtractRecord, declareRecords } from '../records/model';

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
    table: 'supervision_records',
    links: [
      { column: 'session_id', references: 'supervision_sessions' },
      { column: 'case_id', references: 'cases' },
    ],
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
