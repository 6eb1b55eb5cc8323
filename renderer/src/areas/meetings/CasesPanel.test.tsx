// @vitest-environment happy-dom
// The case list at decade scale (issue 16): the active cases and the closed ones newest first, 50
// at a time — the page never asks for the team's whole list. The bridge is a fake answering from
// a list the test holds (main's paging itself is tested in main/cases/repository.test.ts).
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../../shared/cases/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { contract } from '../../../../shared/ipc/contract';
import { controllableBridge, renderInApp } from '../../ui/test-support/app';
import { CasesPanel } from './CasesPanel';
import type { TeamContext } from './use-team';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const ORG = '00000000-0000-4000-8000-0000000000bb';

function summary(n: number, status: 'active' | 'closed', teamId = TEAM): CaseSummary {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    teamId,
    code: `UT-${2016 + Math.floor(n / 100)}-${String(n % 100).padStart(3, '0')}`,
    ageBand: '18-20',
    consentMode: 'anonymous',
    status,
    outcome: status === 'closed' ? 'arbete' : null,
    closedOn: status === 'closed' ? '2025-01-01' : null,
    raisedBy: { id: ORG, name: 'Ung Arena' },
    owner: null,
    flaggedForSupervision: false,
    readable: true,
    unreadableReason: null,
    phase: status === 'closed' ? 'avslutad' : 'aktiv',
  };
}

const team: TeamContext = {
  teams: [],
  roles: null,
  organisations: [],
  members: [],
  teamId: TEAM,
  setTeamId: () => undefined,
  canEdit: false,
  isChair: false,
  extraNames: [],
};

describe('the case list', () => {
  it('shows the active cases and the latest 50 closed ones, then 50 more at a time — past the 500 one answer may hold — never the whole list at once', async () => {
    const closed = Array.from({ length: 520 }, (_, i) => summary(i, 'closed')).sort((a, b) => b.code.localeCompare(a.code));
    const active = [summary(1001, 'active'), summary(1002, 'active')];
    const asked: { status?: string; offset?: number; limit?: number }[] = [];
    const bridge: TeamvalvBridge = {
      invoke: (channel, input) => {
        // What main would refuse, the fake refuses too: the page asks only what the contract allows.
        const parsed = contract['cases:list'].input.safeParse(input);
        if (channel !== 'cases:list' || !parsed.success) return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: 'refused' } } as never);
        asked.push(parsed.data);
        const { status, offset = 0, limit = 1_000_000 } = parsed.data;
        const list = status === 'active' ? active : status === 'closed' ? closed : [...active, ...closed];
        return Promise.resolve({ ok: true, value: list.slice(offset, offset + limit) } as never);
      },
      on: () => () => undefined,
    };
    await renderInApp(<CasesPanel team={team} />, bridge);
    const codes = () => [...screen.getByTestId('cases-table').querySelectorAll('tbody tr th')].map((th) => th.textContent);
    await waitFor(() => expect(codes()).toHaveLength(52));
    expect(codes().slice(0, 3)).toEqual([active[0]?.code, active[1]?.code, closed[0]?.code]);
    for (let shown = 50; shown < 520; shown += 50) {
      fireEvent.click(screen.getByRole('button', { name: 'Visa 50 fler avslutade ärenden' }));
      await waitFor(() => expect(codes()).toHaveLength(2 + Math.min(shown + 50, 520)));
    }
    expect(codes()).toEqual([...active, ...closed].map((c) => c.code));
    expect(screen.queryByRole('button', { name: 'Visa 50 fler avslutade ärenden' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    // Never the whole list, and each further page from where the last ended.
    expect(asked.every((input) => input.status !== undefined)).toBe(true);
    expect(asked.filter((input) => input.status === 'closed').map((input) => [input.offset, input.limit])).toEqual(Array.from({ length: 11 }, (_, i) => [i * 50, 51]));
  });
});

const OTHER_TEAM = '00000000-0000-4000-8000-0000000000cc';

/** The panel under a team the test switches (as the team picker above it would). */
let switchTeam: (teamId: string) => void = () => undefined;
function Switching() {
  const [teamId, setTeamId] = useState(TEAM);
  switchTeam = setTeamId;
  return <CasesPanel team={{ ...team, teamId }} />;
}

describe('the case list when the team is switched', () => {
  it('never shows the previous team’s cases or opened case: a late answer for it is dropped, and what was shown goes at once', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<Switching />, bridge);
    const codes = () => [...screen.getByTestId('cases-table').querySelectorAll('tbody tr th')].map((th) => th.textContent);
    /** Answers the oldest waiting call on `channel` with `value`. */
    const answer = async (channel: string, value: unknown, input?: (input: { teamId?: string; status?: string }) => boolean): Promise<void> => {
      const index = calls.findIndex((call) => call.channel === channel && (!input || input(call.input as { teamId?: string; status?: string })));
      const [call] = calls.splice(index, 1);
      if (index < 0 || !call) throw new Error(`no ${channel} waiting`);
      await act(async () => call.answer({ ok: true, value }));
    };
    const forTeam = (teamId: string, status: string) => (input: { teamId?: string; status?: string }) => input.teamId === teamId && input.status === status;

    // The first team's active cases are asked for; before they come, the team is switched.
    await waitFor(() => expect(calls.map((call) => call.channel)).toEqual(['cases:list']));
    act(() => switchTeam(OTHER_TEAM));
    await waitFor(() => expect(calls).toHaveLength(2));
    await answer('cases:list', [summary(2001, 'active', OTHER_TEAM)], forTeam(OTHER_TEAM, 'active'));
    await answer('cases:list', [], forTeam(OTHER_TEAM, 'closed'));
    // The first team's answer, late: dropped (it asks for nothing more, and nothing of it shows).
    await answer('cases:list', [summary(1001, 'active')], forTeam(TEAM, 'active'));
    expect(codes()).toEqual([summary(2001, 'active').code]);
    expect(calls).toHaveLength(0);

    // A case opened in this team is not shown once the team is switched, nor is its list.
    fireEvent.click(screen.getByRole('button', { name: `Öppna ${summary(2001, 'active').code}` }));
    await answer('cases:get', { ...summary(2001, 'active', OTHER_TEAM), outcomeOther: '', consents: [], breakGlass: false, timeline: [], checkins: [], closureAnalysis: '' });
    expect(screen.getByTestId('case-editor')).toBeTruthy();
    act(() => switchTeam(TEAM));
    expect(codes()).toEqual([]);
    expect(screen.queryByTestId('case-editor')).toBeNull();
    await answer('cases:list', [summary(1001, 'active')], forTeam(TEAM, 'active'));
    await answer('cases:list', [], forTeam(TEAM, 'closed'));
    expect(codes()).toEqual([summary(1001, 'active').code]);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
