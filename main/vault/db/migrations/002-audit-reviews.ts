import type { Migration } from '../migration';

/** Log follow-up (logguppföljning): which sampled audit rows an admin has reviewed. The audit log itself stays append-only. */
export const migration002: Migration = {
  name: '002-audit-reviews',
  up(db) {
    db.exec(`
      CREATE TABLE audit_reviews (
        seq INTEGER PRIMARY KEY REFERENCES audit_log(seq),
        reviewed_by TEXT NOT NULL,
        reviewed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
