// @vitest-environment happy-dom
// The teams tab on the component layer: a late history answer for a team no longer shown is
// dropped, and an empty list offers the next step.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamHistoryRow } from '../../../../shared/roster/model';
import { controllableBridge, renderInApp } from '../../ui/test-support/app';
import { TeamsView } from './TeamsView';
import { FK, basicsFor, team } from './test-support/basics';

afterEach(cleanup);

const EAST = team('00000000-0000-4000-8000-0000000000b1', 'Team Öst');
const WEST = team('00000000-0000-4000-8000-0000000000b2', 'Team Väst');

function row(name: string): TeamHistoryRow {
  return { memberId: '00000000-0000-4000-8000-0000000000c1', displayName: name, organisationName: FK.name, role: 'member', activeFrom: '2026-01-01', activeTo: null, current: true };
}

const historyNames = (): string[] => [...screen.getByTestId('team-history').querySelectorAll('tbody th')].map((th) => th.textContent ?? '');

describe('the teams tab', () => {
  it('shows the history of the team last asked for, even when the earlier team’s answer comes last', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<TeamsView basics={basicsFor({ teams: [EAST, WEST] })} />, bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Historik för Team Öst' }));
    fireEvent.click(screen.getByRole('button', { name: 'Historik för Team Väst' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls.map((call) => call.input)).toEqual([{ teamId: EAST.id }, { teamId: WEST.id }]);
    await act(async () => calls[1]?.answer({ ok: true, value: [row('Vera Väst')] }));
    await waitFor(() => expect(historyNames()).toEqual(['Vera Väst']));
    await act(async () => calls[0]?.answer({ ok: true, value: [row('Östen Öst')] }));
    expect(historyNames()).toEqual(['Vera Väst']);
    expect(screen.getByRole('heading', { name: 'Historik för Team Väst' })).toBeTruthy();
  });

  it('with no teams offers to create one, and the button opens the form with the focus on the team’s name', async () => {
    await renderInApp(<TeamsView basics={basicsFor({ teams: [] })} />);
    expect(screen.getByTestId('no-teams').textContent).toContain('Inga team ännu.');
    fireEvent.click(screen.getByRole('button', { name: 'Skapa ett team' }));
    const name = await screen.findByLabelText('Teamets namn');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(screen.queryByTestId('no-teams')).toBeNull();
    // The meeting day is a labelled choice with its help read with it.
    const weekday = screen.getByLabelText('Mötesdag');
    expect(weekday.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(weekday.getAttribute('aria-describedby') ?? '')?.textContent).toContain('Nya möten föreslås');
  });
});
