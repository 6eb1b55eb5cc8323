import type { Migration } from '../migration';

/**
 * The register of follow-up reports sent to the samordningsförbund (issue 20, review): each report
 * exported with small counts suppressed, as it was written — the published rows exactly (counts
 * and ".."), the true counts it was made from (kept here in the encrypted vault, never in the
 * file), the threshold, the file's SHA-256 and format, when and by whom. A sent report is then
 * stable: the first suppressed report of a team's year fixes the year's threshold, a period sent
 * is written again from here as a copy (`copy_of`), and later reports of the year are suppressed
 * consistently with the ones sent (main/followup/sent-reports.ts).
 *
 * A period is its first and last Stockholm day (T1 and "cumulative through April" are one report).
 * One original per team and period: the partial unique index.
 */
export const migration024: Migration = {
  name: '024-followup-reports-sent',
  up(db) {
    db.exec(`
      CREATE TABLE followup_reports_sent (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        year INTEGER NOT NULL,
        period_from TEXT NOT NULL,
        period_to TEXT NOT NULL,
        suppress_below INTEGER NOT NULL CHECK (suppress_below BETWEEN 2 AND 20),
        published_rows TEXT NOT NULL,
        true_figures TEXT NOT NULL,
        hidden_tables TEXT NOT NULL DEFAULT '[]',
        format TEXT NOT NULL CHECK (format IN ('csv', 'pdf')),
        sha256 TEXT NOT NULL,
        copy_of TEXT REFERENCES followup_reports_sent(id),
        sent_at TEXT NOT NULL,
        sent_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;
      CREATE UNIQUE INDEX followup_reports_sent_original ON followup_reports_sent(team_id, period_from, period_to) WHERE copy_of IS NULL;
      CREATE INDEX followup_reports_sent_team_year ON followup_reports_sent(team_id, year, sent_at);
      CREATE INDEX followup_reports_sent_copy_of ON followup_reports_sent(copy_of) WHERE copy_of IS NOT NULL;
    `);
  },
};

/** What undoes 024, for the tests that replay the migrations from an older version. */
export const UNDO_024_SQL = 'DROP TABLE followup_reports_sent;';
