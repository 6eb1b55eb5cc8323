import type { MyRoles } from '../../../../../shared/ipc/contract';
import type { Organisation, Team } from '../../../../../shared/roster/model';
import type { RosterBasics } from '../use-roster';

export const OWN: Organisation = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Ung Arena Lidköping', shortName: 'UA', orgNumber: '212000-2627', kind: 'socialtjansten', isOwn: true };
export const FK: Organisation = { id: '00000000-0000-4000-8000-0000000000a2', name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'forsakringskassan', isOwn: false };

export function team(id: string, name: string): Team {
  return { id, name, description: '', meetingWeekday: null, meetingTime: null, meetingRoom: '', archived: false };
}

const ADMIN: MyRoles = { isAdmin: true, memberId: null, teams: [] };

/** What the roster views get from useRosterBasics, as a test gives it; `reloads` counts reload calls. */
export function basicsFor(parts: { organisations?: Organisation[]; teams?: Team[]; roles?: MyRoles } = {}): RosterBasics & { reloads: number } {
  const roles = parts.roles ?? ADMIN;
  const basics = {
    organisations: parts.organisations ?? [OWN, FK],
    teams: parts.teams ?? [],
    roles,
    manages: (teamId: string) => roles.isAdmin || roles.teams.some((t) => t.teamId === teamId && t.role === 'chair'),
    reloads: 0,
    reload: async () => {
      basics.reloads += 1;
    },
    error: null,
  };
  return basics;
}
