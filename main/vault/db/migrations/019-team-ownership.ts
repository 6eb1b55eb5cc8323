import type { Migration } from '../migration';

/**
 * Who owns a team's records (issue 20): per team, the authority that is personuppgiftsansvarig,
 * the arkivbildare and the reference of the gallringsbeslut in the authority's
 * informationshanteringsplan that the retention rules follow (NULL until one is entered: the rules
 * are then a proposal). Names are kept as text, as they print on records (main/retention/ownership.ts
 * says why not a roster organisation's id).
 *
 * And the tombstone an early gallring leaves keeps who owned the case's records then, and the
 * team's gallringsbeslut at the time (NULL in tombstones made before this migration).
 */
export const migration019: Migration = {
  name: '019-team-ownership',
  up(db) {
    db.exec(`
      CREATE TABLE team_ownership (
        team_id TEXT PRIMARY KEY REFERENCES teams(id),
        controller TEXT NOT NULL,
        archive_creator TEXT NOT NULL,
        decision_reference TEXT,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;
      ALTER TABLE gallring_tombstones ADD COLUMN controller TEXT;
      ALTER TABLE gallring_tombstones ADD COLUMN archive_creator TEXT;
      ALTER TABLE gallring_tombstones ADD COLUMN team_decision_reference TEXT;
    `);
  },
};

/** What undoes 019, for the tests that take a vault back to an older schema and run the migrations again. */
export const UNDO_019_SQL = `
  DROP TABLE team_ownership;
  ALTER TABLE gallring_tombstones DROP COLUMN controller;
  ALTER TABLE gallring_tombstones DROP COLUMN archive_creator;
  ALTER TABLE gallring_tombstones DROP COLUMN team_decision_reference;
`;
