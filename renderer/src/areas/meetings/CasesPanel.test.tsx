// @vitest-environment happy-dom
// The case list at decade scale (issue 16): the active cases and the closed ones newest first, 50
// at a time — the page never asks for the team's whole list. The bridge is a fake answering from
// a list the test holds (main's paging itself is tested in main/cases/repository.test.ts).
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../../shared/cases/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { contract } from '../../../../shared/ipc/contract';
import { renderInApp } from '../../ui/test-support/app';
import { CasesPanel } from './CasesPanel';
import type { TeamContext } from './use-team';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const ORG = '00000000-0000-4000-8000-0000000000bb';

function summary(n: number, status: 'active' | 'closed'): CaseSummary {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    teamId: TEAM,
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
