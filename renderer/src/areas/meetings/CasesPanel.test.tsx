// @vitest-environment happy-dom
// The case list at decade scale (issue 16): the active cases and the closed ones newest first, 50
// at a time — the page never asks for the team's whole list. The bridge is a fake answering from
// a list the test holds (main's paging itself is tested in main/cases/repository.test.ts).
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../../shared/cases/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
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
  it('shows the active cases and the newest 50 closed ones, then 50 more at a time, never the whole list at once', async () => {
    const closed = Array.from({ length: 120 }, (_, i) => summary(i, 'closed')).sort((a, b) => b.code.localeCompare(a.code));
    const active = [summary(1001, 'active'), summary(1002, 'active')];
    const asked: unknown[] = [];
    const bridge: TeamvalvBridge = {
      invoke: (channel, input) => {
        asked.push(input);
        const { status, offset = 0, limit = 1_000_000 } = input as { status?: 'active' | 'closed'; offset?: number; limit?: number };
        const list = status === 'active' ? active : status === 'closed' ? closed : [...active, ...closed];
        return Promise.resolve({ ok: true, value: channel === 'cases:list' ? list.slice(offset, offset + limit) : [] } as never);
      },
      on: () => () => undefined,
    };
    await renderInApp(<CasesPanel team={team} />, bridge);
    const rows = () => screen.getByTestId('cases-table').querySelectorAll('tbody tr').length;
    await waitFor(() => expect(rows()).toBe(52));
    expect(screen.getByTestId('cases-table').querySelector('tbody tr th')?.textContent).toBe(active[0]?.code);
    // The newest closed case first.
    expect(screen.getByTestId('cases-table').querySelectorAll('tbody tr th')[2]?.textContent).toBe(closed[0]?.code);
    fireEvent.click(screen.getByRole('button', { name: 'Visa 50 fler avslutade ärenden' }));
    await waitFor(() => expect(rows()).toBe(102));
    fireEvent.click(screen.getByRole('button', { name: 'Visa 50 fler avslutade ärenden' }));
    await waitFor(() => expect(rows()).toBe(122));
    expect(screen.queryByRole('button', { name: 'Visa 50 fler avslutade ärenden' })).toBeNull();
    expect(asked.every((input) => (input as { status?: string }).status !== undefined)).toBe(true);
  });
});
