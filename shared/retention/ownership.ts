import { z } from 'zod';

/**
 * Who owns a team's records (issue 20): the authority that is personuppgiftsansvarig, the
 * arkivbildare, and the reference of the gallringsbeslut (the authority's decision in its
 * informationshanteringsplan, e.g. "Dnr KS 2025/123, 2025-03-01") the retention rules follow.
 * Until a team has a decision reference, the retention rules are only a proposal (förslag) for it.
 */
const AuthorityName = z.string().trim().min(2).max(150);
export const DecisionReference = z.string().trim().min(3).max(100);

export const TeamOwnership = z.object({
  teamId: z.uuid(),
  teamName: z.string(),
  archived: z.boolean(),
  /** The personuppgiftsansvarig authority, or null until an admin has entered it. */
  controller: z.string().nullable(),
  /** The arkivbildare, or null until an admin has entered it. */
  archiveCreator: z.string().nullable(),
  /** The gallringsbeslut the retention rules follow for this team, or null: the rules are a proposal. */
  decisionReference: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TeamOwnership = z.infer<typeof TeamOwnership>;

export const SetTeamOwnershipInput = z
  .object({
    teamId: z.uuid(),
    controller: AuthorityName,
    archiveCreator: AuthorityName,
    /** Null takes the reference away (the rules are a proposal again for the team). */
    decisionReference: DecisionReference.nullable(),
  })
  .strict();
export type SetTeamOwnershipInput = z.infer<typeof SetTeamOwnershipInput>;

/** Which gallringsbeslut a team's records are gallrade by (printed on a purge's result and notice). */
export const TeamDecision = z.object({ teamName: z.string(), decisionReference: z.string().nullable() });
export type TeamDecision = z.infer<typeof TeamDecision>;

/**
 * The retention rules are a proposal while any team in use has no decision reference (or no team
 * exists yet): a gallringsbeslut is the authority's, and the rules only carry it out.
 */
export function rulesAreProposal(teams: readonly Pick<TeamOwnership, 'archived' | 'decisionReference'>[]): boolean {
  const inUse = teams.filter((team) => !team.archived);
  return inUse.length === 0 || inUse.some((team) => team.decisionReference === null);
}
