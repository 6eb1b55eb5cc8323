import type { UnreadableReason } from '../../shared/cases/model';
import type { AccessContext, ReadCaps } from '../capabilities/caps';
import { cachedStatement } from '../vault/db/statements';
import type { ReadableDB } from '../vault/handles';

export type { AccessContext };

/**
 * Who may read a case's content (DESIGN.md "Access model"; the table in docs/architecture.md):
 * a member of the case's team, and for a consent case only when the reader's home organisation is
 * covered on the day of the read — it raised the case, it owns the case (the ärendebärare's
 * organisation), or a consent names it, receiving (or both ways), valid that day and not withdrawn
 * by then. When a consent ends, the case's history closes to the organisations it covered.
 *
 * The rule is written twice, once per shape of read, and a test holds them to the same answers
 * (`access.test.ts`): `reasonFor` for a row at hand (why a case is closed, which the meeting page
 * shows), and `READABLE_CASES` for reads that filter in SQL (search, statistics), applied inside
 * the query with the reader's `AccessContext` — computed once per call.
 */
export interface CaseAccessRow {
  readonly id: string;
  readonly team_id: string;
  readonly consent_mode: 'anonymous' | 'consent';
  readonly raised_by_organisation_id: string;
}

/** A consent that lets an organisation receive (or both ways): the only kind that lets its staff read. */
export interface ReceivingConsent {
  readonly organisation_id: string;
  readonly valid_from: string;
  readonly valid_to: string;
  readonly withdrawn_on: string | null;
}

export const validOn = (consent: ReceivingConsent, date: string): boolean => consent.valid_from <= date && date <= consent.valid_to && (consent.withdrawn_on === null || consent.withdrawn_on > date);

/**
 * Why the reader may not read the case, or null if they may: `owner` is the organisation of the
 * case's owner (null without one), `consents` the case's receiving consents (any organisation's).
 */
export function reasonFor(
  reader: { readonly inTeam: boolean; readonly organisationId: string | null; readonly date: string },
  row: CaseAccessRow,
  owner: string | null,
  consents: readonly (ReceivingConsent & { readonly organisation_id: string })[],
): UnreadableReason | null {
  if (!reader.inTeam) return 'not-in-team';
  if (row.consent_mode === 'anonymous') return null;
  const organisation = reader.organisationId;
  if (!organisation) return 'no-consent';
  if (organisation === row.raised_by_organisation_id) return null;
  if (owner === organisation) return null;
  const date = reader.date;
  const own = consents.filter((c) => c.organisation_id === organisation);
  if (own.some((c) => validOn(c, date))) return null;
  if (own.some((c) => c.withdrawn_on !== null && c.withdrawn_on <= date)) return 'consent-withdrawn';
  if (own.some((c) => c.valid_to < date)) return 'consent-expired';
  return 'no-consent';
}

const OWNER_ORGANISATION = 'SELECT m.organisation_id FROM cases c JOIN members m ON m.id = c.owner_member_id WHERE c.id = ?';
const OWN_RECEIVING_CONSENTS = "SELECT organisation_id, valid_from, valid_to, withdrawn_on FROM case_consents WHERE case_id = ? AND organisation_id = ? AND direction IN ('receive', 'both')";

function reasonOn(db: ReadableDB, reader: { readonly inTeam: boolean; readonly organisationId: string | null; readonly date: string }, row: CaseAccessRow): UnreadableReason | null {
  if (!reader.inTeam || row.consent_mode === 'anonymous' || !reader.organisationId) return reasonFor(reader, row, null, []);
  const owner = cachedStatement(db, OWNER_ORGANISATION).get(row.id) as { organisation_id: string } | undefined;
  const consents = cachedStatement(db, OWN_RECEIVING_CONSENTS).all(row.id, reader.organisationId) as ReceivingConsent[];
  return reasonFor(reader, row, owner?.organisation_id ?? null, consents);
}

/** Why the asker may not read the case today (the caps' access context), or null if they may. */
export function unreadableFor(caps: ReadCaps, row: CaseAccessRow): UnreadableReason | null {
  const { access } = caps;
  return reasonOn(caps.db, { inTeam: access.readTeams.has(row.team_id), organisationId: access.organisationId, date: access.date }, row);
}

/**
 * The ids of the cases the reader may read, as a subquery to use inside another query
 * (`c.id IN (${READABLE_CASES})`), with the named parameters of `readableParams`. The same rule as
 * `reasonFor`, set-based: the reader's teams, then anonymous, or the reader's organisation raised
 * or owns the case, or a receiving consent names it, valid on the day and not withdrawn by then.
 */
export const READABLE_CASES = `SELECT rc.id FROM cases rc
  WHERE rc.team_id IN (SELECT value FROM json_each(@readerTeams))
    AND (rc.consent_mode = 'anonymous'
      OR rc.raised_by_organisation_id = @readerOrganisation
      OR EXISTS (SELECT 1 FROM members ro WHERE ro.id = rc.owner_member_id AND ro.organisation_id = @readerOrganisation)
      OR EXISTS (SELECT 1 FROM case_consents rk WHERE rk.case_id = rc.id AND rk.organisation_id = @readerOrganisation AND rk.direction IN ('receive', 'both')
                 AND rk.valid_from <= @readDate AND @readDate <= rk.valid_to AND (rk.withdrawn_on IS NULL OR rk.withdrawn_on > @readDate)))`;

/**
 * The same rule for one case, correlated: `readableCase('e.case_id')` is a condition true when the
 * reader may read the case that column names (the same named parameters). For reads that look at
 * a bounded number of rows (a year's statistics, a window of search hits) in a vault of any age:
 * `IN (READABLE_CASES)` builds the list of every readable case of the team first, which grows with
 * the vault. `column` is always a literal of the code.
 */
export function readableCase(column: string): string {
  return `EXISTS (SELECT 1 FROM cases rc WHERE rc.id = ${column}
    AND rc.team_id IN (SELECT value FROM json_each(@readerTeams))
    AND (rc.consent_mode = 'anonymous'
      OR rc.raised_by_organisation_id = @readerOrganisation
      OR EXISTS (SELECT 1 FROM members ro WHERE ro.id = rc.owner_member_id AND ro.organisation_id = @readerOrganisation)
      OR EXISTS (SELECT 1 FROM case_consents rk WHERE rk.case_id = rc.id AND rk.organisation_id = @readerOrganisation AND rk.direction IN ('receive', 'both')
                 AND rk.valid_from <= @readDate AND @readDate <= rk.valid_to AND (rk.withdrawn_on IS NULL OR rk.withdrawn_on > @readDate))))`;
}

export function readableParams(context: AccessContext): { readerTeams: string; readerOrganisation: string | null; readDate: string } {
  return { readerTeams: JSON.stringify([...context.readTeams.keys()]), readerOrganisation: context.organisationId, readDate: context.date };
}

/** The readable cases' ids, in one query (for a test, and callers that need the set itself). */
export function readableCaseIds(db: ReadableDB, context: AccessContext): Set<string> {
  return new Set((cachedStatement(db, READABLE_CASES).all(readableParams(context)) as { id: string }[]).map((row) => row.id));
}
