import { useCallback, useEffect, useState } from 'react';
import type { MyRoles } from '../../../../shared/ipc/contract';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import type { Organisation, Team } from '../../../../shared/roster/model';
import { formatIsoDate } from '../../../../shared/time/iso-week';
import { useBridge } from '../../ipc/bridge-context';

export interface RosterBasics {
  readonly organisations: readonly Organisation[];
  readonly teams: readonly Team[];
  readonly roles: MyRoles;
  /** Team ids the signed-in account may manage (admin: all). */
  readonly manages: (teamId: string) => boolean;
  readonly reload: () => Promise<void>;
  readonly error: ErrorCode | null;
}

const NO_ROLES: MyRoles = { isAdmin: false, memberId: null, teams: [] };

/** Organisations, teams (archived included) and the signed-in account's roles, for every roster view. */
export function useRosterBasics(): RosterBasics {
  const bridge = useBridge();
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [roles, setRoles] = useState<MyRoles>(NO_ROLES);
  const [error, setError] = useState<ErrorCode | null>(null);
  const reload = useCallback(async () => {
    const [orgs, teamList, mine] = await Promise.all([bridge.invoke('roster:organisations', {}), bridge.invoke('roster:teams', { includeArchived: true }), bridge.invoke('roster:my-roles', {})]);
    if (orgs.ok) setOrganisations(orgs.value);
    if (teamList.ok) setTeams(teamList.value);
    if (mine.ok) setRoles(mine.value);
    const failed = [orgs, teamList, mine].find((result) => !result.ok);
    setError(failed && !failed.ok ? failed.error.code : null);
  }, [bridge]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const manages = useCallback((teamId: string) => roles.isAdmin || roles.teams.some((team) => team.teamId === teamId && team.role === 'chair'), [roles]);
  return { organisations, teams, roles, manages, reload, error };
}

/** Today's local calendar date, `YYYY-MM-DD` (a default for date fields; main checks every date). */
export function localToday(): string {
  const d = new Date();
  return formatIsoDate({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
}
