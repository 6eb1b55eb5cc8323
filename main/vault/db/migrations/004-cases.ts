import type { Migration } from '../migration';

/**
 * Cases and their consents. A case is a pseudonymous code in a team (`UT-2026-014`), an age band,
 * who raised it and who owns it — never a name or a personnummer. A consent case carries one or
 * more dated secrecy-lifting consents, one row per organisation and direction, with the categories
 * of information, the purpose, the period, the guardian's consent for under-18s, where the
 * signed paper is filed and, once withdrawn, the withdrawal date. Nothing here is ever a yes/no flag.
 */
export const migration004: Migration = {
  name: '004-cases',
  up(db) {
    db.exec(`
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        code TEXT NOT NULL UNIQUE,
        age_band TEXT NOT NULL CHECK (age_band IN ('16-17', '18-20', '21-25', '26-29')),
        consent_mode TEXT NOT NULL CHECK (consent_mode IN ('anonymous', 'consent')),
        raised_by_organisation_id TEXT NOT NULL REFERENCES organisations(id),
        owner_member_id TEXT REFERENCES members(id),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        outcome TEXT CHECK (outcome IN ('arbete', 'studier', 'annan-myndighet', 'avbrott', 'other')),
        outcome_other TEXT NOT NULL DEFAULT '',
        closed_on TEXT,
        supervision_flag_at TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES accounts(id),
        CHECK ((status = 'closed') = (outcome IS NOT NULL AND closed_on IS NOT NULL))
      ) STRICT;
      CREATE INDEX cases_team ON cases(team_id);

      CREATE TABLE case_consents (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        -- receive: the organisation may receive information from the others; share: it may give; both.
        direction TEXT NOT NULL CHECK (direction IN ('receive', 'share', 'both')),
        categories TEXT NOT NULL,
        purpose TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_to TEXT NOT NULL,
        guardian_consent INTEGER NOT NULL DEFAULT 0 CHECK (guardian_consent IN (0, 1)),
        paper_filed_at TEXT NOT NULL,
        withdrawn_on TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL REFERENCES accounts(id),
        CHECK (valid_to >= valid_from)
      ) STRICT;
      CREATE INDEX case_consents_case ON case_consents(case_id);
    `);
  },
};
