import type { Migration } from '../migration';

/**
 * The psychologist's supervision (handledning): sessions per team, who took part, the cases
 * chosen and their order, themes (a small vocabulary the psychologist keeps) attached to cases
 * per session, and the shared session record the team sees. Private notes get their own
 * encrypted storage in a later migration; nothing private is stored here.
 */
export const migration006: Migration = {
  name: '006-supervision',
  up(db) {
    db.exec(`
      CREATE TABLE supervision_sessions (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        date TEXT NOT NULL,
        form TEXT NOT NULL CHECK (form IN ('case', 'process')),
        status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held')),
        held_at TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;
      CREATE INDEX supervision_sessions_team ON supervision_sessions(team_id, date);

      CREATE TABLE supervision_participants (
        session_id TEXT NOT NULL REFERENCES supervision_sessions(id),
        member_id TEXT NOT NULL REFERENCES members(id),
        PRIMARY KEY (session_id, member_id)
      ) STRICT;

      -- The cases chosen for a case-supervision session, in the psychologist's order.
      CREATE TABLE supervision_cases (
        session_id TEXT NOT NULL REFERENCES supervision_sessions(id),
        case_id TEXT NOT NULL REFERENCES cases(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (session_id, case_id)
      ) STRICT;

      CREATE TABLE supervision_themes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        retired_at TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX supervision_themes_name ON supervision_themes(name COLLATE NOCASE);

      CREATE TABLE supervision_case_themes (
        session_id TEXT NOT NULL REFERENCES supervision_sessions(id),
        case_id TEXT NOT NULL REFERENCES cases(id),
        theme_id TEXT NOT NULL REFERENCES supervision_themes(id),
        PRIMARY KEY (session_id, case_id, theme_id)
      ) STRICT;

      -- What the psychologist shares with the team: per case (case supervision) or for the
      -- session as a whole (process supervision, never linked to a case).
      CREATE TABLE supervision_records (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES supervision_sessions(id),
        case_id TEXT REFERENCES cases(id),
        summary TEXT NOT NULL,
        approach TEXT NOT NULL,
        actions TEXT NOT NULL DEFAULT '[]',
        shared_at TEXT NOT NULL,
        shared_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;
      CREATE UNIQUE INDEX supervision_records_one ON supervision_records(session_id, coalesce(case_id, ''));
    `);
  },
};
