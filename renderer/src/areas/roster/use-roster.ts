import { useCallback, useEffect, useRef, useState } from 'react';
import type { MyRoles } from '../../../../shared/ipc/contract';
import type { ErrorCode, IpcError } from '../../../../shared/ipc/errors';
import type { Organisation, Team } from '../../../../shared/roster/model';
import { stockholmDate } from '../../../../shared/time/zone';
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

/**
 * The roster every area starts from, as main last answered it: organisations, all teams (archived
 * included) and the signed-in account's roles. `teams` and `roles` are null until main has
 * answered them; a failed reload keeps what was there and says why in `error`.
 */
export interface RosterLoad {
  readonly organisations: readonly Organisation[];
  readonly teams: readonly Team[] | null;
  readonly roles: MyRoles | null;
  /** The latest load's first failure, until a load succeeds. */
  readonly error: IpcError | null;
  readonly reload: () => Promise<void>;
}

const NO_ROLES: MyRoles = { isAdmin: false, memberId: null, teams: [] };

/**
 * The one loader of organisations, teams and roles: the roster views (`useRosterBasics`) and the
 * team-scoped areas (`useTeamContext`) both build on it. The latest load wins: an earlier load's
 * answers arriving after a later one's (or after the component is gone) are dropped.
 */
export function useRosterLoad(): RosterLoad {
  const bridge = useBridge();
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [roles, setRoles] = useState<MyRoles | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const latest = useRef(0);
  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );
  const reload = useCallback(async () => {
    const call = ++latest.current;
    const [orgs, teamList, mine] = await Promise.all([bridge.invoke('roster:organisations', {}), bridge.invoke('roster:teams', { includeArchived: true }), bridge.invoke('roster:my-roles', {})]);
    if (call !== latest.current) return;
    if (orgs.ok) setOrganisations(orgs.value);
    if (teamList.ok) setTeams(teamList.value);
    if (mine.ok) setRoles(mine.value);
    const failed = [orgs, teamList, mine].find((result) => !result.ok);
    setError(failed && !failed.ok ? failed.error : null);
  }, [bridge]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { organisations, teams, roles, error, reload };
}

/** Organisations, teams (archived included) and the signed-in account's roles, for every roster view. */
export function useRosterBasics(): RosterBasics {
  const { organisations, teams, roles, error, reload } = useRosterLoad();
  const mine = roles ?? NO_ROLES;
  const manages = useCallback((teamId: string) => mine.isAdmin || mine.teams.some((team) => team.teamId === teamId && team.role === 'chair'), [mine]);
  return { organisations, teams: teams ?? NO_TEAMS, roles: mine, manages, reload, error: error?.code ?? null };
}

const NO_TEAMS: readonly Team[] = [];

/**
 * Today, `YYYY-MM-DD`, as main counts it: in Europe/Stockholm, whatever the computer's time zone
 * (a default and a bound for date fields; main checks every date). A computer set to UTC is an
 * hour or two behind Stockholm: after 23:00 UTC its own date would be yesterday, and a field
 * bounded by it refused today's date.
 */
export function localToday(): string {
  return stockholmDate(new Date());
}
