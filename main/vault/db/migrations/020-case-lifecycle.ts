import type { Migration } from '../migration';

const list = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

// The vocabularies as this migration wrote them (shared/cases/codes.ts may grow; a migration never changes).
const PHASES = ['aktualiserad', 'beredning', 'aktiv', 'ej-vald', 'avslutad', 'uppfoljning', 'arkiverad'];
const CLOSED = ['ej-vald', 'avslutad', 'uppfoljning', 'arkiverad'];
const EXITED = ['avslutad', 'uppfoljning', 'arkiverad'];
const OUTCOMES = ['arbete', 'arbete-med-stod', 'studier', 'arbetssokande', 'annan-insats', 'avbrott', 'annat'];
const CHECKIN_STATUSES = ['arbete', 'arbete-med-stod', 'studier', 'arbetssokande', 'annan-insats', 'annat', 'ej-nadd'];
const GENDERS = ['kvinna', 'man', 'annat'];
const INCOME = ['arbete', 'studier', 'aktivitetsersattning', 'forsorjningsstod', 'arbetsloshetsersattning', 'ingen-ersattning', 'annat'];
const EVENTS = ['aktualiserad', 'beredning', 'aktiv', 'ej-vald', 'avslutad', 'uppfoljning', 'arkiverad', 'ateroppnad'];

/**
 * The case's whole year (issue 20): phases from aktualiserad to arkiverad, the participant's coarse
 * facts for the förbund's follow-up, a dated timeline and check-ins after exit.
 *
 * `cases` is rebuilt (SQLite changes a CHECK no other way; the runner turns foreign keys off and
 * checks them before the commit, migration.ts):
 * - `age_band` takes the vault's configured bands ("16-19", "30+"); older cases keep theirs;
 * - `outcome` is the status at exit in the förbund's categories: older `annan-myndighet` becomes
 *   `annan-insats`, `other` becomes `annat` (its words stay in `outcome_other`);
 * - `phase` says where the case is; `status` stays the coarse open/closed the rest of the app reads,
 *   tied to the phase by a CHECK, as the outcome and the closing day are;
 * - `gender`, `income_at_start`, `income_at_exit`: coarse categories, never a name or a number,
 *   NULL until recorded (every older case);
 * - `closure_analysis`: the team's analysis at exit, checked by the identifier guard
 *   (`closure_guard_reason` when a member kept a flagged word with a reason).
 *
 * `case_events`: each change of phase and each reopening, dated (`on_date`, a Stockholm day) and
 * recorded (`recorded_at`, `recorded_by`); a beredning decision names the member who decided; a
 * reopening or a "not chosen" its reason; a closing keeps its outcome, so a reopened case keeps its
 * history. Older cases get their two known events from their own dates, `recorded_by` NULL (written
 * by this migration, not by a person).
 *
 * `case_checkins`: planned check-ins after exit (months after the closing day, due date), each
 * done with a status, or cancelled when the case is reopened before it was due.
 */
export const migration020: Migration = {
  name: '020-case-lifecycle',
  rebuildsTables: ['cases'],
  up(db) {
    db.exec(`
      CREATE TABLE cases_020 (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        code TEXT NOT NULL UNIQUE,
        age_band TEXT NOT NULL CHECK (age_band GLOB '[0-9][0-9]-[0-9][0-9]' OR age_band GLOB '[0-9][0-9]+'),
        consent_mode TEXT NOT NULL CHECK (consent_mode IN ('anonymous', 'consent')),
        raised_by_organisation_id TEXT NOT NULL REFERENCES organisations(id),
        owner_member_id TEXT REFERENCES members(id),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        outcome TEXT CHECK (outcome IN (${list(OUTCOMES)})),
        outcome_other TEXT NOT NULL DEFAULT '',
        closed_on TEXT,
        supervision_flag_at TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES accounts(id),
        phase TEXT NOT NULL DEFAULT 'aktiv' CHECK (phase IN (${list(PHASES)})),
        gender TEXT CHECK (gender IN (${list(GENDERS)})),
        income_at_start TEXT CHECK (income_at_start IN (${list(INCOME)})),
        income_at_exit TEXT CHECK (income_at_exit IN (${list(INCOME)})),
        closure_analysis TEXT NOT NULL DEFAULT '',
        closure_guard_reason TEXT,
        CHECK ((status = 'closed') = (phase IN (${list(CLOSED)}))),
        CHECK ((closed_on IS NOT NULL) = (status = 'closed')),
        CHECK ((outcome IS NOT NULL) = (phase IN (${list(EXITED)})))
      ) STRICT;

      INSERT INTO cases_020 (id, team_id, code, age_band, consent_mode, raised_by_organisation_id, owner_member_id, status, outcome,
        outcome_other, closed_on, supervision_flag_at, created_at, created_by, phase)
      SELECT id, team_id, code, age_band, consent_mode, raised_by_organisation_id, owner_member_id, status,
        CASE outcome WHEN 'annan-myndighet' THEN 'annan-insats' WHEN 'other' THEN 'annat' ELSE outcome END,
        outcome_other, closed_on, supervision_flag_at, created_at, created_by,
        CASE status WHEN 'closed' THEN 'avslutad' ELSE 'aktiv' END
      FROM cases;

      DROP TABLE cases;
      ALTER TABLE cases_020 RENAME TO cases;
      CREATE INDEX cases_team ON cases(team_id);
      CREATE INDEX cases_team_created ON cases(team_id, created_at);
      CREATE INDEX cases_team_closed ON cases(team_id, closed_on) WHERE closed_on IS NOT NULL;
      CREATE INDEX cases_team_status_closed ON cases(team_id, status, closed_on, code);
      CREATE INDEX cases_team_phase ON cases(team_id, phase);

      CREATE TABLE case_events (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        kind TEXT NOT NULL CHECK (kind IN (${list(EVENTS)})),
        on_date TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT REFERENCES accounts(id),
        decided_by_member_id TEXT REFERENCES members(id),
        outcome TEXT CHECK (outcome IN (${list(OUTCOMES)})),
        reason TEXT NOT NULL DEFAULT '',
        guard_reason TEXT
      ) STRICT;
      CREATE INDEX case_events_case ON case_events(case_id, on_date, recorded_at);

      INSERT INTO case_events (id, case_id, kind, on_date, recorded_at, recorded_by)
        SELECT 'migrated-aktiv-' || id, id, 'aktiv', substr(created_at, 1, 10), created_at, NULL FROM cases;
      INSERT INTO case_events (id, case_id, kind, on_date, recorded_at, recorded_by, outcome)
        SELECT 'migrated-avslutad-' || id, id, 'avslutad', closed_on, closed_on || 'T00:00:00.000Z', NULL, outcome FROM cases WHERE status = 'closed';

      CREATE TABLE case_checkins (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 36),
        due_on TEXT NOT NULL,
        done_on TEXT,
        status TEXT CHECK (status IN (${list(CHECKIN_STATUSES)})),
        cancelled_on TEXT,
        planned_at TEXT NOT NULL,
        planned_by TEXT NOT NULL REFERENCES accounts(id),
        done_by TEXT REFERENCES accounts(id),
        CHECK ((done_on IS NULL) = (status IS NULL)),
        CHECK ((done_on IS NULL) = (done_by IS NULL)),
        CHECK (done_on IS NULL OR cancelled_on IS NULL)
      ) STRICT;
      CREATE INDEX case_checkins_case ON case_checkins(case_id, due_on);
      CREATE INDEX case_checkins_open_due ON case_checkins(due_on, case_id) WHERE done_on IS NULL AND cancelled_on IS NULL;
    `);
  },
};

/**
 * What takes 020 back far enough for the tests that replay the migrations from an older version:
 * its new tables go; `cases` keeps the rebuilt shape, which 020 rebuilds again from itself.
 */
export const UNDO_020_SQL = `
  DROP TABLE case_events;
  DROP TABLE case_checkins;
  DROP INDEX cases_team_phase;
`;
