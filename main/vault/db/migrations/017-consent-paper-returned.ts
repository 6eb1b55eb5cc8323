import type { Migration } from '../migration';

/**
 * The day a consent's signed paper came back (issue 20). A consent is recorded, its form printed
 * (the samtyckesblankett), signed by the young person (and a guardian under 18) and handed back:
 * `paper_returned_on` is that day, set by the team's chair or note-taker; null while the paper is
 * still out — the consent overview flags those. `paper_filed_at` stays where the paper is kept.
 */
export const migration017: Migration = {
  name: '017-consent-paper-returned',
  up(db) {
    db.exec(`ALTER TABLE case_consents ADD COLUMN paper_returned_on TEXT CHECK (paper_returned_on IS NULL OR paper_returned_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');`);
  },
};
