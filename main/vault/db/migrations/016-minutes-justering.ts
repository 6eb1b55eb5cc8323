import type { Migration } from '../migration';

/**
 * Minutes (issue 20): an "övrig punkt" (an agenda item without a case) holds notes and decisions
 * too — `other_items`, one committed discussion per such item, like `case_items` without a case
 * (and without actions: an action belongs to a case). And justering by the chair plus a chosen
 * justerare: the chair's confirmation is the finalising (`finalised_at`, `finalised_by`); the
 * justerare the chair named (a member present at the meeting) confirms in the app later
 * (`justerare_confirmed_at`, `_by`). Minutes finalised without a justerare (every older vault's)
 * keep NULL there and are justerade by the chair alone, as before.
 */
export const migration016: Migration = {
  name: '016-minutes-justering',
  up(db) {
    db.exec(`
      CREATE TABLE other_items (
        id TEXT PRIMARY KEY,
        agenda_item_id TEXT NOT NULL UNIQUE REFERENCES agenda_items(id),
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        notes TEXT NOT NULL,
        decisions TEXT NOT NULL,
        guard_reason TEXT,
        committed_at TEXT NOT NULL,
        committed_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;
      CREATE INDEX other_items_meeting ON other_items(meeting_id);

      ALTER TABLE meetings ADD COLUMN justerare_member_id TEXT REFERENCES members(id);
      ALTER TABLE meetings ADD COLUMN justerare_confirmed_at TEXT;
      ALTER TABLE meetings ADD COLUMN justerare_confirmed_by TEXT REFERENCES accounts(id);
    `);
  },
};
