import type { AuditAction } from '../../shared/audit/events';

/**
 * A made-up action a test writes to fill or mark the log. The app writes only `AUDIT_ACTIONS`;
 * a row with any other action (test data, or a newer version's) is shown as an unknown event.
 */
export function madeUpAction(name: string): AuditAction {
  return name as AuditAction;
}
