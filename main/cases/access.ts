import type { UnreadableReason } from '../../shared/cases/model';
import { type Actor, canReadTeamRecords } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';

/**
 * Who may read a case's content (DESIGN.md "Access model"; the table in docs/architecture.md):
 * a member of the case's team, and for a consent case only when the reader's home organisation is
 * covered on the day of the read — it raised the case, it owns the case (the ärendebärare's
 * organisation), or a consent names it, receiving (or both ways), valid that day and not withdrawn
 * by then. When a consent ends, the case's history closes to the organisations it covered.
 */
export interface CaseAccessRow {
  readonly id: string;
  readonly team_id: string;
  readonly consent_mode: 'anonymous' | 'consent';
  readonly raised_by_organisation_id: string;
}

export function readerOrganisation(vault: UnlockedVault): string | null {
  return vault.account?.organisationId ?? null;
}

/** Why the reader may not read the case on `date`, or null if they may. */
export function unreadableReason(vault: UnlockedVault, actor: Actor, row: CaseAccessRow, date: string): UnreadableReason | null {
  if (!canReadTeamRecords(vault, actor, row.team_id)) return 'not-in-team';
  if (row.consent_mode === 'anonymous') return null;
  const organisation = readerOrganisation(vault);
  if (!organisation) return 'no-consent';
  if (organisation === row.raised_by_organisation_id) return null;
  const owner = vault.db.prepare('SELECT m.organisation_id FROM cases c JOIN members m ON m.id = c.owner_member_id WHERE c.id = ?').get(row.id) as { organisation_id: string } | undefined;
  if (owner?.organisation_id === organisation) return null;
  const consents = vault.db
    .prepare("SELECT valid_from, valid_to, withdrawn_on FROM case_consents WHERE case_id = ? AND organisation_id = ? AND direction IN ('receive', 'both')")
    .all(row.id, organisation) as { valid_from: string; valid_to: string; withdrawn_on: string | null }[];
  if (consents.some((c) => c.valid_from <= date && date <= c.valid_to && (c.withdrawn_on === null || c.withdrawn_on > date))) return null;
  if (consents.some((c) => c.withdrawn_on !== null && c.withdrawn_on <= date)) return 'consent-withdrawn';
  if (consents.some((c) => c.valid_to < date)) return 'consent-expired';
  return 'no-consent';
}
