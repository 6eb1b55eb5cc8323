import type { Migration } from '../migration';

/**
 * The roster: organisations get their kind and short name (public keys arrive with the handover
 * packets), teams, members (staff — never the young people) and their team memberships. A
 * membership or a member is never deleted for leaving: an end date keeps the history of who sat
 * at which table intact.
 */
export const migration003: Migration = {
  name: '003-roster',
  up(db) {
    db.exec(`
      ALTER TABLE organisations ADD COLUMN short_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE organisations ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
        CHECK (kind IN ('arbetsformedlingen', 'forsakringskassan', 'socialtjansten', 'region', 'arbetsmarknadsenhet', 'primarvarden', 'other'));
      CREATE UNIQUE INDEX organisations_name ON organisations(name COLLATE NOCASE);

      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        meeting_weekday INTEGER CHECK (meeting_weekday BETWEEN 1 AND 7),
        meeting_time TEXT CHECK (meeting_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        meeting_room TEXT NOT NULL DEFAULT '',
        archived_at TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX teams_name ON teams(name COLLATE NOCASE);

      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        profession TEXT NOT NULL,
        profession_other TEXT NOT NULL DEFAULT '',
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        account_id TEXT UNIQUE REFERENCES accounts(id),
        active_from TEXT NOT NULL,
        active_to TEXT,
        created_at TEXT NOT NULL,
        CHECK (active_to IS NULL OR active_to >= active_from)
      ) STRICT;
      CREATE INDEX members_organisation ON members(organisation_id);

      CREATE TABLE team_memberships (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        member_id TEXT NOT NULL REFERENCES members(id),
        role TEXT NOT NULL CHECK (role IN ('chair', 'note-taker', 'member')),
        active_from TEXT NOT NULL,
        active_to TEXT,
        created_at TEXT NOT NULL,
        CHECK (active_to IS NULL OR active_to >= active_from)
      ) STRICT;
      CREATE INDEX team_memberships_team ON team_memberships(team_id);
      CREATE INDEX team_memberships_member ON team_memberships(member_id);
      -- At most one open membership per member and team: a role change ends one row and starts the next.
      CREATE UNIQUE INDEX team_memberships_open ON team_memberships(team_id, member_id) WHERE active_to IS NULL;
    `);
  },
};
