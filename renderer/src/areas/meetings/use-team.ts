import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MyRoles } from '../../../../shared/ipc/contract';
import type { IpcError } from '../../../../shared/ipc/errors';
import type { Member, Organisation, Team } from '../../../../shared/roster/model';
import { useBridge } from '../../ipc/bridge-context';
import { useRosterLoad } from '../roster/use-roster';

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

/** What `useTeamContext` gives the area that holds it: the context, and whether it could be loaded. */
export interface TeamContextState extends TeamContext {
  /**
   * Why the teams, roles, organisations, the chosen team's members or the guard's names could not
   * be read (the latest load's first failure), or null. Until teams and roles are read, `roles` is
   * null: an area must not say "you are in no team" because a load failed.
   */
  readonly error: IpcError | null;
  /** Reads it all again (after an error). */
  readonly reload: () => void;
}

const NO_TEAMS: readonly Team[] = [];
const NO_MEMBERS: readonly Member[] = [];

/**
 * The teams the signed-in account sits in, and what they may do in the chosen one. Built on the
 * roster's own loader (`useRosterLoad`): the teams, roles and organisations are fetched by one
 * piece of code. Switching teams never shows the previous team's members: they are held with the
 * team they belong to, and a late answer for another team is dropped.
 */
export function useTeamContext(): TeamContextState {
  const bridge = useBridge();
  const roster = useRosterLoad();
  const loaded = roster.teams !== null && roster.roles !== null;
  const roles = loaded ? roster.roles : null;
  const teams = useMemo(() => {
    if (!roster.teams || !roster.roles) return NO_TEAMS;
    const mine = new Set(roster.roles.teams.map((team) => team.teamId));
    return roster.teams.filter((team) => !team.archived && mine.has(team.id));
  }, [roster.teams, roster.roles]);
  // The chosen team, if it is one of hers; else her first.
  const [chosen, setTeamId] = useState('');
  const teamId = teams.some((team) => team.id === chosen) ? chosen : (teams[0]?.id ?? '');

  // The members are held with the team they belong to (and why they could not be read, if so).
  const [held, setHeld] = useState<{ teamId: string; members: readonly Member[]; error: IpcError | null }>({ teamId: '', members: NO_MEMBERS, error: null });
  const [membersRound, setMembersRound] = useState(0);
  useEffect(() => {
    if (!teamId) return;
    let current = true;
    void bridge.invoke('roster:members', { teamId }).then((result) => {
      if (!current) return;
      if (result.ok) setHeld({ teamId, members: result.value, error: null });
      else setHeld((old) => ({ teamId, members: old.teamId === teamId ? old.members : NO_MEMBERS, error: result.error }));
    });
    return () => {
      current = false;
    };
  }, [bridge, teamId, membersRound]);
  const members = held.teamId === teamId ? held.members : NO_MEMBERS;
  const membersError = held.teamId === teamId ? held.error : null;

  // The names the identifier guard also looks for (the admin's list).
  const [extraNames, setExtraNames] = useState<readonly string[]>([]);
  const [namesError, setNamesError] = useState<IpcError | null>(null);
  const namesCall = useRef(0);
  const loadNames = useCallback(async () => {
    const call = ++namesCall.current;
    const names = await bridge.invoke('guard:names', {});
    if (call !== namesCall.current) return;
    if (names.ok) setExtraNames(names.value.names);
    setNamesError(names.ok ? null : names.error);
  }, [bridge]);
  useEffect(() => {
    void loadNames();
    return () => {
      namesCall.current += 1;
    };
  }, [loadNames]);

  const { reload: reloadRoster } = roster;
  const reload = useCallback(() => {
    void reloadRoster();
    void loadNames();
    setMembersRound((round) => round + 1);
  }, [reloadRoster, loadNames]);

  const role = roles?.teams.find((team) => team.teamId === teamId)?.role;
  return {
    teams,
    roles,
    organisations: roster.organisations,
    members,
    teamId,
    setTeamId,
    canEdit: role === 'chair' || role === 'note-taker',
    isChair: role === 'chair',
    extraNames,
    error: roster.error ?? membersError ?? namesError,
    reload,
  };
}
