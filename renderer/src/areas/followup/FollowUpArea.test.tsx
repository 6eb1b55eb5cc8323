// @vitest-environment happy-dom
// Follow-up's figures are only ever the chosen team's and period's: switching team or period shows
// nothing of the earlier answer, even when that answer arrives after the later one. The roster
// answers at once; the figures only when the test says so, in the order it picks.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FollowUpStats } from '../../../../shared/followup/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { Team } from '../../../../shared/roster/model';
import { renderInApp } from '../../ui/test-support/app';
import { FollowUpArea } from './FollowUpArea';

afterEach(cleanup);

const T1 = '00000000-0000-4000-8000-0000000000a1';
const T2 = '00000000-0000-4000-8000-0000000000a2';

function team(id: string, name: string): Team {
  return { id, name, description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '', archived: false };
}

function stats(teamId: string, meetingsHeld: number, from = '2026-09-01', to = '2026-12-31'): FollowUpStats {
  return {
    teamId,
    from,
    to,
    meetingsHeld,
    weekly: [],
    attendance: [],
    casesDiscussed: { consent: 0, anonymous: 0 },
    newCases: 0,
    closedCases: 0,
    outcomes: [],
    supervisionSessions: 0,
    handoversSent: [],
    handoversReceived: [],
    actions: { due: 0, doneOnTime: 0, late: 0, notDone: 0 },
    participants: {
      ageBands: [],
      active: { rows: [], columns: [], cells: [] },
      started: { rows: [], columns: [], cells: [] },
      exits: { rows: [], columns: [], cells: [] },
      incomes: { rows: [], columns: [], cells: [] },
      forsorjningsstod: { atStart: 0, atExit: 0 },
      checkins: { rows: [], columns: [], cells: [] },
      cameBack: { rows: [], columns: [], cells: [] },
      atEnd: { rows: [], columns: [], cells: [] },
    },
  };
}

interface StatsCall {
  readonly input: { teamId: string; period: { kind: string } };
  answer(value: FollowUpStats): void;
}

function bridgeWithTwoTeams(): { bridge: TeamvalvBridge; statsCalls: StatsCall[] } {
  const statsCalls: StatsCall[] = [];
  const roster: Record<string, unknown> = {
    'roster:teams': [team(T1, 'Team Väst'), team(T2, 'Team Öst')],
    'roster:my-roles': { isAdmin: false, memberId: null, teams: [{ teamId: T1, role: 'member' }, { teamId: T2, role: 'member' }] },
    'roster:organisations': [],
    'guard:names': { names: [] },
    'roster:members': [],
  };
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      if (channel === 'followup:stats') {
        return new Promise((resolve) => statsCalls.push({ input: input as StatsCall['input'], answer: (value) => resolve({ ok: true, value } as never) }));
      }
      return Promise.resolve({ ok: true, value: roster[channel] ?? [] } as never);
    },
    on: () => () => undefined,
  };
  return { bridge, statsCalls };
}

async function call(statsCalls: StatsCall[], index: number): Promise<StatsCall> {
  await waitFor(() => expect(statsCalls.length).toBeGreaterThan(index));
  const found = statsCalls[index];
  if (!found) throw new Error('no call');
  return found;
}

const meetingsHeld = (): string | null | undefined => screen.getByTestId('key-figures').querySelector('tr td')?.textContent;

describe('follow-up figures', () => {
  it('never shows an earlier team’s or period’s figures under the team and period chosen now', async () => {
    const { bridge, statsCalls } = bridgeWithTwoTeams();
    await renderInApp(<FollowUpArea />, bridge);
    const first = await call(statsCalls, 0);
    expect(first.input.teamId).toBe(T1);
    first.answer(stats(T1, 3));
    await waitFor(() => expect(meetingsHeld()).toBe('3'));

    // Another team: Team Väst's figures go at once, before Team Öst's have come.
    fireEvent.change(screen.getByLabelText('Team'), { target: { value: T2 } });
    const second = await call(statsCalls, 1);
    expect(second.input.teamId).toBe(T2);
    expect(screen.queryByTestId('key-figures')).toBeNull();
    expect(screen.getByTestId('followup-loading').textContent).toBe('Hämtar siffrorna för perioden …');

    // A year, then back to the tertial before the year has answered: the year's answer comes last.
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'year' } });
    const year = await call(statsCalls, 2);
    expect(year.input.period.kind).toBe('year');
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'tertial' } });
    const tertial = await call(statsCalls, 3);
    expect(tertial.input).toEqual(second.input);
    tertial.answer(stats(T2, 7));
    await waitFor(() => expect(meetingsHeld()).toBe('7'));
    second.answer(stats(T2, 8));
    year.answer(stats(T2, 40, '2026-01-01', '2026-12-31'));
    await act(async () => undefined);
    expect(meetingsHeld()).toBe('7');
    expect(screen.getByText('Perioden 2026-09-01 – 2026-12-31 (svensk tid).')).toBeTruthy();
  });

  it('asks a cumulative part-year (1 January to the end of a tertial) and shows the participants by kön and age band, older bands named as such', async () => {
    const { bridge, statsCalls } = bridgeWithTwoTeams();
    await renderInApp(<FollowUpArea />, bridge);
    const first = await call(statsCalls, 0);
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'cumulative' } });
    fireEvent.change(screen.getByLabelText('Till och med'), { target: { value: '2' } });
    const asked = await call(statsCalls, 2);
    // The year chosen (this year, in Stockholm) stays.
    expect(asked.input.period).toEqual({ kind: 'cumulative', year: (first.input.period as { kind: string; year?: number }).year, tertial: 2 });
    const figures = stats(T1, 2, '2026-01-01', '2026-08-31');
    asked.answer({
      ...figures,
      participants: {
        ...figures.participants,
        ageBands: [
          { band: '16-19', legacy: false },
          { band: 'aldre', legacy: true },
        ],
        active: {
          rows: ['kvinna', 'man', 'annat', 'ej-registrerat'],
          columns: ['16-19', 'aldre'],
          cells: [
            [2, 1],
            [3, 0],
            [0, 0],
            [0, 1],
          ],
        },
      },
    });
    const table = await screen.findByTestId('participants-active');
    const rows = [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Kön', '16–19 år', 'Äldre åldersindelning', 'Totalt'],
      ['Kvinna', '2', '1', '3'],
      ['Man', '3', '0', '3'],
      ['Annat / vill inte ange', '0', '0', '0'],
      ['Ej registrerat', '0', '1', '1'],
      ['Totalt', '5', '2', '7'],
    ]);
  });
});
