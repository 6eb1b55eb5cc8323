import { useCallback, useEffect, useState } from 'react';
import type { MyRoles } from '../../../../shared/ipc/contract';
import type { Member, Organisation, Team } from '../../../../shared/roster/model';
import { useBridge } from '../../ipc/bridge-context';

export interface TeamContext {
  readonly teams: readonly Team[];
  readonly roles: MyRoles | null;
  readonly organisations: readonly Organisation[];
  /** The chosen team's current members (for chair, note-taker, case owner, responsible). */
  readonly members: readonly Member[];
  readonly teamId: string;
  readonly setTeamId: (teamId: string) => void;
  readonly canEdit: boolean;
  readonly isChair: boolean;
  readonly extraNames: readonly string[];
}

/** The teams the signed-in account sits in, and what they may do in the chosen one. */
export function useTeamContext(): TeamContext {
  const bridge = useBridge();
  const [teams, setTeams] = useState<Team[]>([]);
  const [roles, setRoles] = useState<MyRoles | null>(null);
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [members, setMembers] = useState<Member[]>([]);
  const [teamId, setTeamId] = useState('');
  const [extraNames, setExtraNames] = useState<string[]>([]);
  useEffect(() => {
    void Promise.all([bridge.invoke('roster:teams', {}), bridge.invoke('roster:my-roles', {}), bridge.invoke('roster:organisations', {}), bridge.invoke('guard:names', {})]).then(([teamList, mine, orgs, names]) => {
      if (!teamList.ok || !mine.ok) return;
      const mineIds = new Set(mine.value.teams.map((team) => team.teamId));
      const ownTeams = teamList.value.filter((team) => mineIds.has(team.id));
      setTeams(ownTeams);
      setRoles(mine.value);
      if (orgs.ok) setOrganisations(orgs.value);
      if (names.ok) setExtraNames(names.value.names);
      setTeamId((current) => current || (ownTeams[0]?.id ?? ''));
    });
  }, [bridge]);
  const loadMembers = useCallback(async () => {
    if (!teamId) return setMembers([]);
    const result = await bridge.invoke('roster:members', { teamId });
    if (result.ok) setMembers(result.value);
  }, [bridge, teamId]);
  useEffect(() => {
    void loadMembers();
  }, [loadMembers]);
  const role = roles?.teams.find((team) => team.teamId === teamId)?.role;
  return { teams, roles, organisations, members, teamId, setTeamId, canEdit: role === 'chair' || role === 'note-taker', isChair: role === 'chair', extraNames };
}
