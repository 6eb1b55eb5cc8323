// @vitest-environment happy-dom
// The one roster loader behind useRosterBasics (and useTeamContext): the latest load wins, and a
// failed load keeps what was read and says why.
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { Team } from '../../../../shared/roster/model';
import { BridgeContext } from '../../ipc/bridge-context';
import { controllableBridge } from '../../ui/test-support/app';
import { localToday, useRosterBasics } from './use-roster';

afterEach(cleanup);

const ME = '00000000-0000-4000-8000-000000000001';
function team(n: number, name: string): Team {
  return { id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`, name, description: '', meetingWeekday: null, meetingTime: null, meetingRoom: '', archived: false };
}

function hook(bridge: TeamvalvBridge) {
  const wrapper = ({ children }: { children: ReactNode }) => <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
  return renderHook(() => useRosterBasics(), { wrapper });
}

describe('useRosterBasics', () => {
  it('asks for organisations, all teams (archived too) and the roles once, and keeps the latest load’s answers when an earlier one answers late', async () => {
    const { bridge, calls } = controllableBridge();
    const { result } = hook(bridge);
    await waitFor(() => expect(calls.map((call) => [call.channel, call.input])).toEqual([['roster:organisations', {}], ['roster:teams', { includeArchived: true }], ['roster:my-roles', {}]]));
    const first = calls.splice(0, 3);
    act(() => void result.current.reload());
    const second = calls.splice(0, 3);
    expect(second).toHaveLength(3);
    const answer = async (batch: typeof first, teams: Team[], isAdmin: boolean) => {
      await act(async () => {
        batch[0]?.answer({ ok: true, value: [] });
        batch[1]?.answer({ ok: true, value: teams });
        batch[2]?.answer({ ok: true, value: { isAdmin, memberId: ME, teams: [] } });
      });
    };
    await answer(second, [team(2, 'Team Väst')], true);
    await answer(first, [team(1, 'Team Öst')], false);
    expect(result.current.teams.map((t) => t.name)).toEqual(['Team Väst']);
    expect(result.current.roles.isAdmin).toBe(true);
    expect(result.current.manages(team(9, 'any').id)).toBe(true);
    expect(result.current.error).toBeNull();
  });

  it('says why a load failed and keeps what an earlier load read', async () => {
    const { bridge, calls } = controllableBridge();
    const { result } = hook(bridge);
    await waitFor(() => expect(calls).toHaveLength(3));
    await act(async () => {
      calls[0]?.answer({ ok: true, value: [] });
      calls[1]?.answer({ ok: true, value: [team(1, 'Team Öst')] });
      calls[2]?.answer({ ok: true, value: { isAdmin: false, memberId: ME, teams: [{ teamId: team(1, '').id, role: 'chair' }] } });
    });
    expect(result.current.manages(team(1, '').id)).toBe(true);
    act(() => void result.current.reload());
    await act(async () => {
      calls[3]?.answer({ ok: true, value: [] });
      calls[4]?.answer({ ok: false, error: { code: 'vault_locked', message: 'locked' } });
      calls[5]?.answer({ ok: true, value: { isAdmin: false, memberId: ME, teams: [] } });
    });
    expect(result.current.error).toBe('vault_locked');
    expect(result.current.teams.map((t) => t.name)).toEqual(['Team Öst']);
    expect(result.current.manages(team(1, '').id)).toBe(false);
  });
});

describe('localToday', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the day in Stockholm, as main counts it, whatever the computer’s time zone', () => {
    // 23:30 UTC on 6 December is 00:30 on 7 December in Stockholm (CET, UTC+1); in summer (CEST) 22:30 UTC is already the next day.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-06T23:30:00Z'));
    expect(localToday()).toBe('2026-12-07');
    vi.setSystemTime(new Date('2026-12-06T22:59:00Z'));
    expect(localToday()).toBe('2026-12-06');
    vi.setSystemTime(new Date('2026-06-30T22:30:00Z'));
    expect(localToday()).toBe('2026-07-01');
  });
});
