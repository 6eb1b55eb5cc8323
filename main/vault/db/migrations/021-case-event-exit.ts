import { stockholmDate } from '../../../../shared/time/zone';
import type { Migration } from '../migration';

/**
 * A reopened case keeps its whole exit (issue 20, found in review): the 'avslutad' event holds the
 * outcome's words (`outcome_other`, for 'annat') as the case row did, and the 'ateroppnad' event
 * the income source at exit the reopening cleared (`income_at_exit`), so nothing about an earlier
 * exit is lost when the case row is cleared for a new one. The closing events 020 wrote from older
 * cases take their words from the case row.
 *
 * And 020 dated each older case's first event by the UTC day of `created_at`; the day is
 * Stockholm's everywhere else (a case created at 23:30 UTC on 31 March was created on 1 April).
 * Those events are re-dated here, one indexed update per migrated event.
 */
export const migration021: Migration = {
  name: '021-case-event-exit',
  up(db) {
    db.exec(`
      ALTER TABLE case_events ADD COLUMN outcome_other TEXT NOT NULL DEFAULT '';
      ALTER TABLE case_events ADD COLUMN income_at_exit TEXT
        CHECK (income_at_exit IN ('arbete', 'studier', 'aktivitetsersattning', 'forsorjningsstod', 'arbetsloshetsersattning', 'ingen-ersattning', 'annat'));
      UPDATE case_events SET outcome_other = (SELECT c.outcome_other FROM cases c WHERE c.id = case_events.case_id)
        WHERE kind = 'avslutad' AND recorded_by IS NULL AND id LIKE 'migrated-avslutad-%';
    `);
    const redate = db.prepare('UPDATE case_events SET on_date = ? WHERE id = ?');
    for (const event of db.prepare("SELECT id, recorded_at FROM case_events WHERE recorded_by IS NULL AND id LIKE 'migrated-aktiv-%'").all() as { id: string; recorded_at: string }[]) {
      const at = new Date(event.recorded_at);
      if (!Number.isNaN(at.getTime())) redate.run(stockholmDate(at), event.id);
    }
  },
};

/** What undoes 021, for the tests that replay the migrations from an older version. */
export const UNDO_021_SQL = `
  ALTER TABLE case_events DROP COLUMN outcome_other;
  ALTER TABLE case_events DROP COLUMN income_at_exit;
`;
