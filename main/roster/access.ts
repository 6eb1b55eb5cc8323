import { AppError } from '../../shared/ipc/errors';
import type { TeamRole } from '../../shared/roster/model';
import { stockholmDate } from '../../shared/time/zone';
import { type AccessContext, type Actor, type ReadCaps, rolesOn } from '../capabilities/caps';
import { readableHandle } from '../vault/handles';
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
export type { Actor };

/** Admin, or the team's chair: edit the team's details and its roster. */
export function mayManageTeam(access: AccessContext, teamId: string): boolean {
  return access.actor.isAdmin || access.activeRoles.get(teamId) === 'chair';
}

/** Chair and note-taker write a team's records (meetings, case items). */
export function mayEditTeamRecords(access: AccessContext, teamId: string): boolean {
  const role = access.activeRoles.get(teamId);
  return role === 'chair' || role === 'note-taker';
}

/** Only the chair finalises a team's minutes. */
export function mayFinaliseTeamRecords(access: AccessContext, teamId: string): boolean {
  return access.activeRoles.get(teamId) === 'chair';
}

/** Any active member of the team reads its records (an archived team's too). */
export function mayReadTeamRecords(access: AccessContext, teamId: string): boolean {
  return access.readTeams.has(teamId);
}

export function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new AppError('forbidden', 'Only an admin may do this', { reason: 'admin_only' });
}

export function requireTeamManager(access: AccessContext, teamId: string): void {
  if (!mayManageTeam(access, teamId)) throw new AppError('forbidden', "Only an admin or the team's chair may do this", { reason: 'not_team_chair' });
}

// --- The vault-taking forms, while domains move to capabilities (issue 19); removed with the last caller. ---

/** @deprecated take `ReadCaps` and use `caps.access.actor`. */
export function actorOf(vault: UnlockedVault): Actor {
  const account = vault.account;
  if (!account) throw new AppError('unauthenticated', 'This needs a signed-in account');
  return { accountId: account.id, isAdmin: account.roles.includes('admin') };
}

/** @deprecated take `ReadCaps` and use `caps.access.date`. */
export function today(vault: UnlockedVault | ReadCaps): string {
  return 'access' in vault ? vault.access.date : stockholmDate(vault.now());
}

/** @deprecated use `rolesOn` (main/capabilities/caps.ts) or the caps' access context. */
export function teamRolesOf(vault: UnlockedVault, accountId: string, date: string, options: { includeArchived?: boolean } = {}): Map<string, TeamRole> {
  return rolesOn(readableHandle(vault.db), accountId, date, options);
}

function roleIn(vault: UnlockedVault, actor: Actor, teamId: string, options: { includeArchived?: boolean } = {}): TeamRole | undefined {
  return teamRolesOf(vault, actor.accountId, today(vault), options).get(teamId);
}

/** @deprecated use `mayManageTeam(caps.access, teamId)`. */
export function canManageTeam(vault: UnlockedVault, actor: Actor, teamId: string): boolean {
  return actor.isAdmin || roleIn(vault, actor, teamId) === 'chair';
}

/** @deprecated use `mayEditTeamRecords(caps.access, teamId)`. */
export function canEditTeamRecords(vault: UnlockedVault, actor: Actor, teamId: string): boolean {
  const role = roleIn(vault, actor, teamId);
  return role === 'chair' || role === 'note-taker';
}

/** @deprecated use `mayFinaliseTeamRecords(caps.access, teamId)`. */
export function canFinaliseTeamRecords(vault: UnlockedVault, actor: Actor, teamId: string): boolean {
  return roleIn(vault, actor, teamId) === 'chair';
}

/** @deprecated use `mayReadTeamRecords(caps.access, teamId)`. */
export function canReadTeamRecords(vault: UnlockedVault, actor: Actor, teamId: string): boolean {
  return roleIn(vault, actor, teamId, { includeArchived: true }) !== undefined;
}

/** @deprecated use `requireTeamManager(caps.access, teamId)`. */
export function requireManageTeam(vault: UnlockedVault, actor: Actor, teamId: string): void {
  if (!canManageTeam(vault, actor, teamId)) throw new AppError('forbidden', "Only an admin or the team's chair may do this", { reason: 'not_team_chair' });
}
