import type { Migration } from '../migration';

/**
 * Gallring from indexed queries (issue 16): what a purge's plan asks finds its rows through an
 * index instead of reading whole tables as the vault grows.
 *
 * - `audit_log(at)`: where the audit log's due run ends (rows written before the cut-off) is
 *   counted from this index — covering, a few bytes a row — instead of reading the log's rows
 *   (a million of them in a decade).
 * - the purge rows (`action = 'retention.purged'`, a handful): the chain's start is checked
 *   against the newest of them at every unlock and purge; found here instead of by reading the
 *   log backwards.
 * - the dates each rule measures from (meetings, supervision sessions, handovers, received
 *   packets; with the case for the last two): covering, so the plan reads neither the minutes'
 *   JSON nor a packet's PDF (stored before its date) to learn a date.
 * - `case_items(case_id, committed_at)`: a case's last entry is found without reading the notes.
 */
export const migration011: Migration = {
  name: '011-gallring-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
      CREATE INDEX IF NOT EXISTS audit_log_purges ON audit_log(seq) WHERE action = 'retention.purged';
      CREATE INDEX IF NOT EXISTS meetings_date ON meetings(date, id);
      CREATE INDEX IF NOT EXISTS supervision_sessions_date ON supervision_sessions(date, id);
      CREATE INDEX IF NOT EXISTS handovers_date ON handovers(date, id, case_id);
      CREATE INDEX IF NOT EXISTS packets_received_at ON packets_received(received_at, id, case_id);
      CREATE INDEX IF NOT EXISTS case_items_case_committed ON case_items(case_id, committed_at);
    `);
  },
};
