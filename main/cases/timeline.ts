import type { CaseEvent, Checkin } from '../../shared/cases/model';
import type { ReadCaps } from '../capabilities/caps';
import { cachedStatement } from '../vault/db/statements';

/**
 * A case's timeline and check-ins (issue 20), for a reader who may read the case (callers check):
 * the events oldest first — a reopened case keeps every earlier one — with who recorded each
 * (display name) and who decided a beredning decision.
 */
export function timelineOf(caps: ReadCaps, caseId: string): CaseEvent[] {
  const rows = cachedStatement(
    caps.db,
    `SELECT e.id, e.kind, e.on_date, e.recorded_at, a.display_name AS recorded_by, e.decided_by_member_id, m.display_name AS decided_by, e.outcome, e.outcome_other, e.reason
     FROM case_events e LEFT JOIN accounts a ON a.id = e.recorded_by LEFT JOIN members m ON m.id = e.decided_by_member_id
     WHERE e.case_id = ? ORDER BY e.on_date, e.recorded_at, e.rowid`,
  ).all(caseId) as {
    id: string;
    kind: CaseEvent['kind'];
    on_date: string;
    recorded_at: string;
    recorded_by: string | null;
    decided_by_member_id: string | null;
    decided_by: string | null;
    outcome: CaseEvent['outcome'];
    outcome_other: string;
    reason: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    onDate: row.on_date,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    decidedBy: row.decided_by_member_id && row.decided_by !== null ? { id: row.decided_by_member_id, name: row.decided_by } : null,
    outcome: row.outcome,
    outcomeOther: row.outcome_other,
    reason: row.reason,
  }));
}

export function checkinsOf(caps: ReadCaps, caseId: string): Checkin[] {
  const rows = cachedStatement(caps.db, 'SELECT id, months, due_on, done_on, status, cancelled_on FROM case_checkins WHERE case_id = ? ORDER BY due_on, months').all(caseId) as {
    id: string;
    months: number;
    due_on: string;
    done_on: string | null;
    status: Checkin['status'];
    cancelled_on: string | null;
  }[];
  return rows.map((row) => ({ id: row.id, months: row.months, dueOn: row.due_on, doneOn: row.done_on, status: row.status, cancelledOn: row.cancelled_on }));
}
