import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps } from '../capabilities/caps';
import { guardOptions } from '../guard/extra-names';
import { cachedStatement } from '../vault/db/statements';

/**
 * The rules every change of a case's phase shares (issue 20): its day, and its guarded text.
 *
 * A change is dated with a Stockholm day that is not in the future (the reader's today, from the
 * caps' access context) and not before the case's previous event: the timeline stays in order.
 */
export function requireLifecycleDate(caps: ReadCaps, caseId: string, date: string): void {
  if (date > caps.access.date) throw new AppError('invalid_input', 'The date must not be in the future', { reason: 'date_order', field: 'date' });
  // A check-in recorded after exit is part of the timeline too: archiving or reopening before it would put the history out of order.
  const last = (
    cachedStatement(caps.db, 'SELECT max(day) AS last FROM (SELECT max(on_date) AS day FROM case_events WHERE case_id = ? UNION ALL SELECT max(done_on) FROM case_checkins WHERE case_id = ?)').get(caseId, caseId) as {
      last: string | null;
    }
  ).last;
  if (last !== null && date < last) throw new AppError('invalid_input', "The date must not be before the case's previous event", { reason: 'date_order', field: 'date' });
}

/** The team's current members' names: the guard shows them as staff, never as a young person's name. */
export function teamStaffNames(caps: ReadCaps, teamId: string): string[] {
  const date = caps.access.date;
  return (
    cachedStatement(
      caps.db,
      `SELECT DISTINCT m.display_name AS name FROM team_memberships tm JOIN members m ON m.id = tm.member_id
       WHERE tm.team_id = ? AND tm.active_from <= ? AND (tm.active_to IS NULL OR tm.active_to >= ?) AND m.active_from <= ? AND (m.active_to IS NULL OR m.active_to >= ?)`,
    ).all(teamId, date, date, date, date) as { name: string }[]
  ).map((row) => row.name);
}

/** A kept flagged word's reason is at least this long (as the meeting item's). */
export const GUARD_REASON_MIN = 10;

/**
 * A case's lifecycle text (the closure analysis, why a case was not chosen or was reopened), checked
 * by the identifier guard as other case text is, with the team's members as staff: a personnummer,
 * samordningsnummer, phone number, e-mail or address is refused outright (it never belongs in an
 * analysis); a flagged name is kept only with a written reason (itself free of identifiers), which
 * is returned to be stored; warnings (a place, an exact age) need nothing. `field` names the text's
 * input key in a refusal.
 */
export function guardLifecycleText(caps: ReadCaps, teamId: string, text: string, guardReason: string | undefined, field: string): { kept: string | null; kinds: string } {
  const options = { ...guardOptions(caps), staffNames: teamStaffNames(caps, teamId) };
  const hits = blockingHits(scanText(text, options));
  if (hits.some((hit) => hit.kind !== 'name')) throw new AppError('invalid_input', 'The text holds an identifier: remove it', { reason: 'identifiers_in_text', field });
  if (hits.length === 0) return { kept: null, kinds: '' };
  const reason = guardReason?.trim() ?? '';
  if (reason.length < GUARD_REASON_MIN) throw new AppError('invalid_input', 'The text holds a name: remove it, or give a reason to keep it', { reason: 'identifiers_in_text', field });
  if (blockingHits(scanText(reason, options)).length > 0) throw new AppError('invalid_input', 'The reason must not identify anyone', { reason: 'identifiers_in_text', field: 'guardReason' });
  return { kept: reason, kinds: 'name' };
}

/** The closure analysis: required (non-empty) when given through the channel; guarded. */
export function closureGuard(caps: ReadCaps, teamId: string, analysis: string, guardReason: string | undefined, field: string): string | null {
  return guardLifecycleText(caps, teamId, analysis, guardReason, field).kept;
}
