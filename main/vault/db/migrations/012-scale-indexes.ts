import type { Migration } from '../migration';

/**
 * Indexes for reads whose answer does not grow with the vault's age (issue 16, the 1×/3×/10×
 * scaling): a year's statistics find that year's rows by date instead of walking every case,
 * meeting and action the team ever had.
 *   - actions by due date (a period's due actions), covering what the figure reads;
 *   - a team's cases by the day they were created and by the day they closed;
 *   - packets sent by when, and a team's received packets by when (the period's handovers).
 */
export const migration012: Migration = {
  name: '012-scale-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX actions_due ON actions(due_date, case_id, case_item_id, done_at);
      CREATE INDEX cases_team_created ON cases(team_id, created_at);
      CREATE INDEX cases_team_closed ON cases(team_id, closed_on) WHERE closed_on IS NOT NULL;
      CREATE INDEX packets_sent_created ON packets_sent(created_at);
      CREATE INDEX packets_received_team_received ON packets_received(team_id, received_at);
    `);
  },
};
