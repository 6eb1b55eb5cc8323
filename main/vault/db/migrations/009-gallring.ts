import type { Migration } from '../migration';

/**
 * Gallring (DESIGN.md, "Data that must really go away"): the tombstone an early gallring of a case
 * leaves (its code, the decision, how many records went — never their content), and the ids of
 * received packets whose records were purged, so an old packet cannot be imported again once its
 * record has gone (packet ids are random; they say nothing about anyone).
 */
export const migration009: Migration = {
  name: '009-gallring',
  up(db) {
    db.exec(`
      CREATE TABLE gallring_tombstones (
        id TEXT PRIMARY KEY,
        case_code TEXT NOT NULL,
        -- The gallrad case's id (no reference: the case is gone) — log rows name cases by id too.
        case_id TEXT NOT NULL,
        team_id TEXT NOT NULL REFERENCES teams(id),
        decision_reference TEXT NOT NULL,
        decision_date TEXT NOT NULL,
        counts TEXT NOT NULL,
        gallrad_at TEXT NOT NULL,
        gallrad_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;
      -- Case codes are never reused, so a new code is checked against the codes the log names.
      CREATE INDEX audit_log_case_code ON audit_log(case_code) WHERE case_code IS NOT NULL;
      CREATE TABLE purged_packet_ids (
        packet_id TEXT PRIMARY KEY,
        purged_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
