import { AppError } from '../../shared/ipc/errors';
import type { TeamRole } from '../../shared/roster/model';
import { stockholmDate } from '../../shared/time/zone';
import { cachedStatement } from '../vault/db/statements';
import type { UnlockedVault } from '../vault/vault';

/**
 * The access rules that hang on the roster (the table is in docs/architecture.md). They are
 * checked here, in the repositories, for every read and write — the router's check ("signed in")
 * is only the first gate.
 *
 * - Team roles decide who may change things in a team: the chair manages the team's roster and
 *   finalises its records; chair and note-taker edit its records.
 * - Team membership decides who may read a team's records (the meetings issue narrows this by
 *   consent). An admin manages accounts, organisations and teams, but is not a reader of a team's
 *   records by being admin.
 * - A role counts only on the days it is active (from ≤ today ≤ to, Europe/Stockholm), and only
 *   while the member itself is active; in an archived team it still lets members read, nothing more.
 */
export interface Actor {
  readonly accountId: string;
  readonly isAdmin: boolean;
}

export function actorOf(vault: UnlockedVault): Actor {
  const account = vault.account;
  if (!account) throw new AppError('unauthenticated', 'This needs a signed-in account');
  return { accountId: account.id, isAdmin: account.roles.includes('admin') };
}

export function today(vault: UnlockedVault): string {
  return stockholmDate(vault.now());
}

const ROLES_INCLUDING_ARCHIVED = `SELECT tm.team_id, tm.role FROM team_memberships tm JOIN members m ON m.id = tm.member_id JOIN teams t ON t.id = tm.team_id
  WHERE m.account_id = ? AND tm.active_from <= ? AND (tm.active_to IS NULL OR tm.active_to >= ?)
    AND m.active_from <= ? AND (m.active_to IS NULL OR m.active_to >= ?)`;
const ROLES = `${ROLES_INCLUDING_ARCHIVED} AND t.archived_at IS NULL`;

/**
 * The signed-in account's active roles per team, on `date`. An archived team gives no roles that
 * change anything (`includeArchived` is for reading its records, which its members keep).
 */
export function teamRolesOf(vault: UnlockedVault, accountId: string, date: string, options: { includeArchived?: boolean } = {}): Map<string, TeamRole> {
  const rows = cachedStatement(vault.db, options.includeArchived ? ROLES_INCLUDING_ARCHIVED : ROLES).all(accountId, date, date, date, date) as { team_id: string; role: TeamRole }[];
  return new Map(rows.map((row) => [row.team_id, row.role]));
}

function roleIn(vault: UnlockedVault, actor: Actor, teamId: string, options: { includeArchived?: boolean } = {}): TeamRole | undefined {
  return teamRolesOf(vault, actor.accountId, today(vault), options).get(teamId);
}

/** Admin, or the team's chair: edit the team's details and its roster. */
export function canManageTeam(vault: UnlockedVault, actor: Actor, teamId: string): boolean {
  return actor.isAdmin || roleIn(vault, actor, teamId) === 'chair';
}

/** Chair and note-taker write a team's records (meetings, case items). */
export function canEditTeamRecords(vault: UnlockedVault, actor: Actor, teamId: string): boolean {
  const role = roleIn(vault, actor, teamId);
  return role === 'chair' || role === 'note-taker';
}

/** Only the chair finalises a team's minutes. */
export function canFinaliseTeamRecords(vault: UnlockedVault, actor: Actor, teamId: string): boolean {
  return roleIn(vault, actor, teamId) === 'chair';
}

/** Any active member of the team reads its records (an archived team's too). */
export function canReadTeamRecords(vault: UnlockedVault, actor: Actor, teamId: string): boolean {
  return roleIn(vault, actor, teamId, { includeArchived: true }) !== undefined;
}

export function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new AppError('forbidden', 'Only an admin may do this', { reason: 'admin_only' });
}

export function requireManageTeam(vault: UnlockedVault, actor: Actor, teamId: string): void {
  if (!canManageTeam(vault, actor, teamId)) throw new AppError('forbidden', "Only an admin or the team's chair may do this", { reason: 'not_team_chair' });
}
