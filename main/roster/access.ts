import { AppError } from '../../shared/ipc/errors';
import type { AccessContext, Actor } from '../capabilities/caps';

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
