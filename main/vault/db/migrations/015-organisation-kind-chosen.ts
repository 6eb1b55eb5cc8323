import type { Migration } from '../migration';

/**
 * When an organisation's kind was chosen (issue 18's first-run checklist): setup asks the home
 * organisation's kind, and the organisation editor sets it. Before, setup never asked and every
 * home organisation became "other", so "other" alone cannot tell a choice from the old default;
 * reading that from the audit log meant scanning all of it on each admin's start page (2–3 s on a
 * million rows, measured in review). Existing vaults keep NULL: their kind was never asked, and
 * the checklist asks it once.
 *
 * And the rows that name a removed organisation, indexed (partial: only those rows): the audit
 * log in words reads a removed organisation's name from its removal row.
 */
export const migration015: Migration = {
  name: '015-organisation-kind-chosen',
  up(db) {
    db.exec(`
      ALTER TABLE organisations ADD COLUMN kind_chosen_at TEXT;
      CREATE INDEX audit_log_organisation_removed ON audit_log(action) WHERE action = 'roster.organisation-removed';
    `);
  },
};
