import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import { type SetTeamOwnershipInput, type TeamDecision, type TeamOwnership, rulesAreProposal } from '../../shared/retention/ownership';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { guardOptions } from '../guard/extra-names';
import { requireAdmin } from '../roster/access';

/**
 * Who owns a team's records (issue 20, "Who owns the data"): per team, the personuppgiftsansvarig
 * authority, the arkivbildare and the reference of the gallringsbeslut the retention rules follow.
 * Set by an admin, audited, never holding anything that identifies a person (the identifier guard).
 *
 * The authorities are kept as text, not as a roster organisation's id: the personuppgiftsansvarig
 * is in law a nämnd or a förbund's board ("Socialnämnden i …", "Samordningsförbundet …"), which is
 * seldom the organisation the roster lists (the kommun, the Arbetsförmedlingen office); the förbund
 * that owns the team is often not a roster organisation at all; and a printed record must keep
 * the name it had, even after an organisation leaves the team and is removed from the roster. The
 * form offers the roster's organisations as suggestions, so a name is typed once.
 */

interface Row {
  team_id: string;
  team_name: string;
  archived_at: string | null;
  controller: string | null;
  archive_creator: string | null;
  decision_reference: string | null;
  updated_at: string | null;
}

const SELECT = `SELECT t.id AS team_id, t.name AS team_name, t.archived_at, o.controller, o.archive_creator, o.decision_reference, o.updated_at
  FROM teams t LEFT JOIN team_ownership o ON o.team_id = t.id`;

const view = (row: Row): TeamOwnership => ({
  teamId: row.team_id,
  teamName: row.team_name,
  archived: row.archived_at !== null,
  controller: row.controller,
  archiveCreator: row.archive_creator,
  decisionReference: row.decision_reference,
  updatedAt: row.updated_at,
});

/**
 * A team's ownership, for any part of the app that prints records of the team (the minutes PDF,
 * the register extract, a gallring's tombstone): null for a team that does not exist. Roster data
 * every account may see (like a team's name): no access check beyond the caller's own.
 */
export function ownershipOf(caps: Pick<ReadCaps, 'db'>, teamId: string): TeamOwnership | null {
  const row = caps.db.prepare(`${SELECT} WHERE t.id = ?`).get(teamId) as Row | undefined;
  return row ? view(row) : null;
}

/** Every team's ownership (archived teams last), for the admin's settings form. */
export function teamOwnerships(caps: ReadCaps): TeamOwnership[] {
  requireAdmin(caps.access.actor);
  return allOwnerships(caps);
}

function allOwnerships(caps: Pick<ReadCaps, 'db'>): TeamOwnership[] {
  const rows = caps.db.prepare(`${SELECT} ORDER BY t.archived_at IS NOT NULL, t.name COLLATE NOCASE`).all() as Row[];
  return rows.map(view);
}

/** Whether the retention rules are only a proposal (some team in use has no gallringsbeslut), and each team's decision. */
export function retentionDecisions(caps: Pick<ReadCaps, 'db'>): { proposal: boolean; decisions: (TeamDecision & { teamId: string })[] } {
  const teams = allOwnerships(caps).filter((team) => !team.archived);
  return { proposal: rulesAreProposal(teams), decisions: teams.map((team) => ({ teamId: team.teamId, teamName: team.teamName, decisionReference: team.decisionReference })) };
}

/** The lines a printed record of the team carries (Swedish, as the records are). Empty while nothing is entered. */
export function ownershipLines(ownership: Pick<TeamOwnership, 'controller' | 'archiveCreator' | 'decisionReference'> | null): string[] {
  if (!ownership) return [];
  return [
    ...(ownership.controller ? [`Personuppgiftsansvarig: ${ownership.controller}`] : []),
    ...(ownership.archiveCreator ? [`Arkivbildare: ${ownership.archiveCreator}`] : []),
    ...(ownership.controller || ownership.archiveCreator ? [ownership.decisionReference ? `Gallringsbeslut i informationshanteringsplanen: ${ownership.decisionReference}` : 'Gallringsbeslut i informationshanteringsplanen: inget angivet (gallringsreglerna är ett förslag)'] : []),
  ];
}

const FIELDS = ['controller', 'archiveCreator', 'decisionReference'] as const;

/** An admin sets a team's ownership; the change and its audit row (old → new of each field) in one transaction. */
export function setTeamOwnership(caps: WriteCaps, input: SetTeamOwnershipInput): TeamOwnership {
  requireAdmin(caps.access.actor);
  const options = guardOptions(caps);
  for (const field of FIELDS) {
    const text = input[field];
    if (text !== null && blockingHits(scanText(text, options)).length > 0) throw new AppError('invalid_input', 'Write the authority and the decision reference without anything that identifies a person', { reason: 'identifiers_in_text', field });
  }
  const before = ownershipOf(caps, input.teamId);
  if (!before) throw new AppError('not_found', 'No team has that id');
  const changed = Object.fromEntries(FIELDS.filter((field) => before[field] !== input[field]).map((field) => [field, `${before[field] ?? '–'}→${input[field] ?? '–'}`]));
  if (Object.keys(changed).length === 0) return before;
  caps.db.transaction(() => {
    caps.db
      .prepare(
        `INSERT INTO team_ownership (team_id, controller, archive_creator, decision_reference, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (team_id) DO UPDATE SET controller = excluded.controller, archive_creator = excluded.archive_creator,
           decision_reference = excluded.decision_reference, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(input.teamId, input.controller, input.archiveCreator, input.decisionReference, caps.clock.now().toISOString(), caps.account.id);
    caps.audit.record('retention.ownership-changed', { teamId: input.teamId, ...changed });
  })();
  const after = ownershipOf(caps, input.teamId);
  if (!after) throw new AppError('internal', 'The ownership was not written');
  return after;
}
