import { type ExtractRecord, declareRecords } from '../records/model';
import type { Db } from '../vault/db/open-vault';

/** The tables the cases domain owns (main/records/model.ts says what a declaration means). */
export const CASE_RECORDS = declareRecords('cases', [
  {
    table: 'cases',
    subject: 'case',
    links: [{ column: 'owner_member_id', references: 'members' }],
    gallring: { rows: 'SELECT rowid FROM cases WHERE id = @id', part: 'case' },
    purge: {
      lastEntries: ['SELECT id, created_at FROM cases', 'SELECT id, closed_on FROM cases WHERE closed_on IS NOT NULL', 'SELECT id, supervision_flag_at FROM cases WHERE supervision_flag_at IS NOT NULL'],
      goes: [{ with: 'cases', delete: 'DELETE FROM cases WHERE id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      forCase: (db, kase): ExtractRecord[] => {
        const c = db
          .prepare('SELECT c.code, c.age_band, c.consent_mode, c.status, c.outcome, c.closed_on, c.created_at, o.name AS raised_by, c.phase, c.closure_analysis FROM cases c JOIN organisations o ON o.id = c.raised_by_organisation_id WHERE c.id = ?')
          .get(kase.id) as { code: string; age_band: string; consent_mode: string; status: string; outcome: string | null; closed_on: string | null; created_at: string; raised_by: string; phase: string; closure_analysis: string } | undefined;
        if (!c) return [];
        const text = `Ärende ${c.code}, åldersgrupp ${c.age_band}, ${c.consent_mode === 'consent' ? 'med samtycke' : 'anonymt'}, väckt av ${c.raised_by}, ${c.status === 'closed' ? `avslutat ${c.closed_on}${c.outcome ? ` (${c.outcome})` : ''}` : 'aktivt'}`
          // The phase and the team's analysis at exit (issue 20): the analysis is case text the person may ask for.
          + `, fas ${c.phase}${c.closure_analysis ? `, analys vid avslut: ${c.closure_analysis}` : ''}`;
        return [{ kind: 'case', date: c.created_at, text }];
      },
    },
  },
  {
    table: 'case_consents',
    links: [{ column: 'case_id', references: 'cases' }],
    gallring: { rows: 'SELECT rowid FROM case_consents WHERE case_id = @id', part: 'consents' },
    purge: {
      lastEntries: [
        'SELECT case_id, recorded_at FROM case_consents',
        'SELECT case_id, withdrawn_on FROM case_consents WHERE withdrawn_on IS NOT NULL',
        // The day the signed paper came back (migration 017): an entry in the case like the others.
        'SELECT case_id, paper_returned_on FROM case_consents WHERE paper_returned_on IS NOT NULL',
      ],
      goes: [{ with: 'cases', delete: 'DELETE FROM case_consents WHERE case_id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      forCase: (db, kase): ExtractRecord[] =>
        (
          db
            .prepare('SELECT c.recorded_at, o.name, c.direction, c.categories, c.purpose, c.valid_from, c.valid_to, c.withdrawn_on, c.paper_filed_at, c.paper_returned_on FROM case_consents c JOIN organisations o ON o.id = c.organisation_id WHERE c.case_id = ? ORDER BY c.recorded_at')
            .all(kase.id) as {
            recorded_at: string;
            name: string;
            direction: string;
            categories: string;
            purpose: string;
            valid_from: string;
            valid_to: string;
            withdrawn_on: string | null;
            paper_filed_at: string;
            paper_returned_on: string | null;
          }[]
        ).map((c) => ({
          kind: 'consent',
          date: c.recorded_at,
          text: `Samtycke för ${c.name} (${c.direction}, ${c.categories}): ${c.purpose}; ${c.valid_from}–${c.valid_to}${c.withdrawn_on ? `, återkallat ${c.withdrawn_on}` : ''}; förvaras: ${c.paper_filed_at}${c.paper_returned_on ? `; undertecknad blankett tillbaka ${c.paper_returned_on}` : '; undertecknad blankett inte tillbaka'}`,
        })),
    },
  },
  {
    // The case's timeline (migration 020): each change of phase, dated, with who decided and why.
    table: 'case_events',
    links: [
      { column: 'case_id', references: 'cases' },
      { column: 'decided_by_member_id', references: 'members' },
    ],
    gallring: { rows: 'SELECT rowid FROM case_events WHERE case_id = @id' },
    purge: {
      lastEntries: ['SELECT case_id, on_date FROM case_events', 'SELECT case_id, recorded_at FROM case_events'],
      goes: [{ with: 'cases', delete: 'DELETE FROM case_events WHERE case_id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      forCase: (db, kase): ExtractRecord[] =>
        (
          db.prepare('SELECT kind, on_date, outcome, outcome_other, income_at_exit, reason FROM case_events WHERE case_id = ? ORDER BY on_date, recorded_at').all(kase.id) as {
            kind: string;
            on_date: string;
            outcome: string | null;
            outcome_other: string;
            income_at_exit: string | null;
            reason: string;
          }[]
        ).map((e) => ({
          kind: 'case-event',
          date: e.on_date,
          text: `Ärendet: ${e.kind}${e.outcome ? ` (${e.outcome}${e.outcome_other ? `: ${e.outcome_other}` : ''})` : ''}${e.income_at_exit ? ` (försörjning vid avslut då: ${e.income_at_exit})` : ''}${e.reason ? `: ${e.reason}` : ''}`,
        })),
    },
  },
  {
    // Check-ins after exit (migration 020): planned, done with a status, or cancelled by a reopening.
    table: 'case_checkins',
    links: [{ column: 'case_id', references: 'cases' }],
    gallring: { rows: 'SELECT rowid FROM case_checkins WHERE case_id = @id' },
    purge: {
      lastEntries: ['SELECT case_id, planned_at FROM case_checkins', 'SELECT case_id, done_on FROM case_checkins WHERE done_on IS NOT NULL'],
      goes: [{ with: 'cases', delete: 'DELETE FROM case_checkins WHERE case_id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      forCase: (db, kase): ExtractRecord[] =>
        (
          db.prepare('SELECT months, due_on, done_on, status, cancelled_on FROM case_checkins WHERE case_id = ? ORDER BY due_on').all(kase.id) as {
            months: number;
            due_on: string;
            done_on: string | null;
            status: string | null;
            cancelled_on: string | null;
          }[]
        ).map((c) => ({
          kind: 'case-checkin',
          date: c.done_on ?? c.due_on,
          text: `Uppföljning efter ${c.months} månader (planerad ${c.due_on})${c.done_on ? `: ${c.status ?? ''} ${c.done_on}` : c.cancelled_on ? `: inställd ${c.cancelled_on}` : ''}`,
        })),
    },
  },
]);

/** The case with this code and its team's name, as a register extract or an early gallring starts from it; undefined when no case has it (any more). */
export function caseByCodeForRecords(db: Db, code: string): { id: string; code: string; teamId: string; teamName: string } | undefined {
  return db.prepare('SELECT c.id, c.code, c.team_id AS teamId, t.name AS teamName FROM cases c JOIN teams t ON t.id = c.team_id WHERE c.code = ?').get(code) as
    | { id: string; code: string; teamId: string; teamName: string }
    | undefined;
}
