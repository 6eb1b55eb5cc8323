import type { Migration } from '../migration';

/**
 * The follow-up counts a period's exits from the timeline (issue 20, found in review): each
 * 'avslutad' event in the period is an exit, so a case reopened since keeps the exit it had and a
 * report already sent to the förbund reads the same when made again. The events of one kind in a
 * period are found through this index, not by reading the whole timeline.
 */
export const migration022: Migration = {
  name: '022-exit-events-index',
  up(db) {
    db.exec('CREATE INDEX case_events_kind_day ON case_events(kind, on_date)');
  },
};

/** What undoes 022, for the tests that replay the migrations from an older version. */
export const UNDO_022_SQL = 'DROP INDEX case_events_kind_day;';
