import type { Migration } from '../migration';

/**
 * An "övrig punkt"'s actions (issue 20): the team's own work has actions too ("Anna tar fram en ny
 * rutin för gemensamma besök till 2026-02-01"). Like `actions`, but about the övrig punkt and its
 * meeting, never a case: the team's open actions due by a meeting's day are followed up on that
 * meeting's page. A done action is history (`done_at`, `done_by`).
 *
 * Indexes: the övrig punkt's actions (its reads, and the key check when an övrig punkt goes), the
 * meeting's (the minutes record, the purge by the minutes rule), the responsible member's (the key
 * check when a member goes), and the team's open actions by due date (the follow-up list: the
 * team's own, never every team's open actions since the vault began — found in review).
 * `team_id` is the meeting's team, written once with the action.
 */
export const migration023: Migration = {
  name: '023-other-item-actions',
  up(db) {
    db.exec(`
      CREATE TABLE other_item_actions (
        id TEXT PRIMARY KEY,
        other_item_id TEXT NOT NULL REFERENCES other_items(id),
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        team_id TEXT NOT NULL REFERENCES teams(id),
        text TEXT NOT NULL,
        responsible_member_id TEXT REFERENCES members(id),
        due_date TEXT NOT NULL,
        done_at TEXT,
        done_by TEXT REFERENCES accounts(id)
      ) STRICT;
      CREATE INDEX other_item_actions_item ON other_item_actions(other_item_id);
      CREATE INDEX other_item_actions_meeting ON other_item_actions(meeting_id);
      CREATE INDEX other_item_actions_responsible ON other_item_actions(responsible_member_id);
      CREATE INDEX other_item_actions_team_open_due ON other_item_actions(team_id, due_date) WHERE done_at IS NULL;
    `);
  },
};

/** What undoes 023, for the tests that replay the migrations from an older version. */
export const UNDO_023_SQL = 'DROP TABLE other_item_actions;';
