// @vitest-environment happy-dom
// The members tab on the component layer: switching team shows only that team's members (the
// last team's lines go at once, and a late answer for it is dropped); the latest save's answer is
// the one shown; a team with no members offers to add one. The bridge is answered by hand.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member, MembersPage, RosterLine } from '../../../../shared/roster/model';
import { type PendingCall, controllableBridge, renderInApp } from '../../ui/test-support/app';
import { MembersView } from './MembersView';
import { FK, OWN, basicsFor, team } from './test-support/basics';

const EAST = team('00000000-0000-4000-8000-0000000000b1', 'Team Öst');
const WEST = team('00000000-0000-4000-8000-0000000000b2', 'Team Väst');

beforeEach(() => {
  // happy-dom lays nothing out: give the table's scroll area a height, so the virtualiser has rows to show.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
  // happy-dom's observer reports a size of nothing; without one the virtualiser keeps the size above.
  vi.stubGlobal('ResizeObserver', undefined);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function line(n: number, name: string, teamName: string): RosterLine {
  const memberId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { key: memberId, memberId, name, profession: 'Arbetsförmedlare', organisation: FK.name, team: teamName, role: 'Medlem', phone: '', email: '', from: '2026-01-01', to: '' };
}
const page = (lines: RosterLine[]): { ok: true; value: MembersPage } => ({ ok: true, value: { total: lines.length, offset: 0, lines, groups: null } });

const pageCalls = (calls: PendingCall[]): PendingCall[] => calls.filter((call) => call.channel === 'roster:members-page');
const teamOf = (call: PendingCall | undefined): string | undefined => (call?.input as { teamId?: string }).teamId;
const shownNames = (): string[] => [...screen.getByTestId('roster-table').querySelectorAll('tbody tr.roster-row td:first-child')].map((td) => td.textContent ?? '');

describe('the members tab', () => {
  it('shows only the chosen team’s members: the last team’s lines go as soon as another team is chosen', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<MembersView basics={basicsFor({ teams: [EAST, WEST] })} />, bridge);
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(1));
    await act(async () => pageCalls(calls)[0]?.answer(page([line(1, 'Alva Öst', EAST.name), line(2, 'Vera Väst', WEST.name)])));
    await waitFor(() => expect(shownNames()).toEqual(['Alva Öst', 'Vera Väst']));

    // Team Öst, answered: only its member.
    fireEvent.change(screen.getByLabelText('Visa team'), { target: { value: EAST.id } });
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(2));
    expect(teamOf(pageCalls(calls)[1])).toBe(EAST.id);
    await act(async () => pageCalls(calls)[1]?.answer(page([line(1, 'Alva Öst', EAST.name)])));
    await waitFor(() => expect(shownNames()).toEqual(['Alva Öst']));

    // Team Väst chosen: Team Öst's lines are gone before Team Väst's answer comes.
    fireEvent.change(screen.getByLabelText('Visa team'), { target: { value: WEST.id } });
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(3));
    expect(shownNames()).toEqual([]);
    expect(screen.getByTestId('roster-count').textContent).toBe('');

    await act(async () => pageCalls(calls)[2]?.answer(page([line(2, 'Vera Väst', WEST.name)])));
    await waitFor(() => expect(shownNames()).toEqual(['Vera Väst']));
    expect(screen.getByTestId('roster-count').textContent).toBe('1 rad visas');
  });

  it('drops the answer for a team no longer chosen even when it comes after the chosen one’s', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<MembersView basics={basicsFor({ teams: [EAST, WEST] })} />, bridge);
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(1));
    await act(async () => pageCalls(calls)[0]?.answer(page([])));
    fireEvent.change(screen.getByLabelText('Visa team'), { target: { value: EAST.id } });
    fireEvent.change(screen.getByLabelText('Visa team'), { target: { value: WEST.id } });
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(3));
    expect(pageCalls(calls).slice(1).map(teamOf)).toEqual([EAST.id, WEST.id]);
    await act(async () => pageCalls(calls)[2]?.answer(page([line(2, 'Vera Väst', WEST.name)])));
    await waitFor(() => expect(shownNames()).toEqual(['Vera Väst']));
    await act(async () => pageCalls(calls)[1]?.answer(page([line(1, 'Alva Öst', EAST.name), line(3, 'Östen Öst', EAST.name)])));
    expect(shownNames()).toEqual(['Vera Väst']);
    expect(screen.getByTestId('roster-count').textContent).toBe('1 rad visas');
  });

  it('a team with no members offers to add one: the button opens the editor for that team, the focus on the name', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<MembersView basics={basicsFor({ teams: [EAST, WEST] })} />, bridge);
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(1));
    await act(async () => pageCalls(calls)[0]?.answer(page([line(2, 'Vera Väst', WEST.name)])));
    expect(screen.queryByTestId('roster-empty')).toBeNull();
    fireEvent.change(screen.getByLabelText('Visa team'), { target: { value: EAST.id } });
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(2));
    // Not before the answer: while it is on its way nothing is said to be empty.
    expect(screen.queryByTestId('roster-empty')).toBeNull();
    await act(async () => pageCalls(calls)[1]?.answer(page([])));
    const empty = await screen.findByTestId('roster-empty');
    expect(empty.textContent).toContain('Team Öst har inga medlemmar ännu.');
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till en medlem i Team Öst' }));
    const editor = await screen.findByTestId('member-editor');
    const name = screen.getByLabelText('Namn');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect((editor.querySelector('select') as HTMLSelectElement | null) && (screen.getByLabelText('Team', { selector: 'select' }) as HTMLSelectElement).value).toBe(EAST.id);
    expect(screen.queryByTestId('roster-empty')).toBeNull();
  });

  const member: Member = {
    id: line(1, '', '').memberId,
    displayName: 'Alva Berg',
    profession: 'arbetsformedlare',
    professionOther: '',
    organisationId: OWN.id,
    organisationName: OWN.name,
    phone: '',
    email: '',
    accountId: null,
    activeFrom: '2026-01-01',
    activeTo: null,
    memberships: [],
  };

  /** The members tab with Alva Berg in it, her editor opened by a click on her line. */
  async function openAlva(): Promise<PendingCall[]> {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<MembersView basics={basicsFor({ teams: [EAST] })} />, bridge);
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(1));
    await act(async () => pageCalls(calls)[0]?.answer(page([line(1, 'Alva Berg', EAST.name)])));
    await waitFor(() => expect(shownNames()).toEqual(['Alva Berg']));
    fireEvent.click(screen.getByRole('cell', { name: 'Alva Berg' }));
    await waitFor(() => expect(calls.filter((call) => call.channel === 'roster:member')).toHaveLength(1));
    await act(async () => calls.find((call) => call.channel === 'roster:member')?.answer({ ok: true, value: member }));
    await screen.findByTestId('member-editor');
    return calls;
  }

  it('keeps the message that a member left in view where the form was, once the form is gone', async () => {
    const calls = await openAlva();
    fireEvent.change(screen.getByLabelText('Sista dag'), { target: { value: '2026-06-30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Medlemmen slutar' }));
    await waitFor(() => expect(calls.filter((call) => call.channel === 'roster:member-leaves')).toHaveLength(1));
    await act(async () => calls.find((call) => call.channel === 'roster:member-leaves')?.answer({ ok: true, value: { ...member, activeTo: '2026-06-30' } }));
    await waitFor(() => expect(screen.getByTestId('member-message').textContent).toBe('Alva Berg har slutat. Personen finns kvar i teamens historik.'));
    expect(screen.queryByRole('button', { name: 'Medlemmen slutar' })).toBeNull();
  });

  it('keeps a refused save’s message beside Spara when a different change made after it succeeds first', async () => {
    const calls = await openAlva();
    fireEvent.change(screen.getByLabelText('E-post'), { target: { value: 'alva.berg@af.se' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ge plats eller ändra roll' }));
    const of = (channel: string) => calls.find((call) => call.channel === channel);
    await waitFor(() => expect(of('roster:set-membership')).toBeDefined());
    await act(async () => of('roster:set-membership')?.answer({ ok: true, value: member }));
    await act(async () => of('roster:save-member')?.answer({ ok: false, error: { code: 'invalid_input', message: 'Invalid input: email', detail: { field: 'email' } } }));
    const messages = () => screen.queryAllByTestId('member-message').map((element) => element.textContent ?? '');
    await waitFor(() => expect(messages().some((text) => text.startsWith('Fältet ”E-post” är inte rätt ifyllt'))).toBe(true));
    // Beside the button whose change was refused.
    const refused = screen.getAllByTestId('member-message').find((element) => element.textContent?.startsWith('Fältet ”E-post”'));
    expect(refused?.closest('.action-row')?.textContent).toContain('Spara');
  });

  it('a member still opening when she starts a new member does not replace the new-member form', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<MembersView basics={basicsFor({ teams: [EAST] })} />, bridge);
    await waitFor(() => expect(pageCalls(calls)).toHaveLength(1));
    await act(async () => pageCalls(calls)[0]?.answer(page([line(1, 'Alva Berg', EAST.name)])));
    await waitFor(() => expect(shownNames()).toEqual(['Alva Berg']));
    fireEvent.click(screen.getByRole('cell', { name: 'Alva Berg' }));
    await waitFor(() => expect(calls.filter((call) => call.channel === 'roster:member')).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till medlem' }));
    fireEvent.change(screen.getByLabelText('Namn'), { target: { value: 'Ny Person' } });
    await act(async () => calls.find((call) => call.channel === 'roster:member')?.answer({ ok: true, value: member }));
    expect(screen.getByRole('heading', { name: 'Lägg till medlem' })).toBeTruthy();
    expect(screen.getByLabelText('Namn')).toHaveProperty('value', 'Ny Person');
  });

  it('shows the latest save’s answer when two saves of a member are answered out of order', async () => {
    const calls = await openAlva();
    const name = screen.getByLabelText('Namn');
    fireEvent.change(name, { target: { value: 'Alva Berg Ek' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    fireEvent.change(name, { target: { value: 'Alva Ek' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    const saves = () => calls.filter((call) => call.channel === 'roster:save-member');
    await waitFor(() => expect(saves()).toHaveLength(2));
    await act(async () => saves()[1]?.answer({ ok: true, value: { ...member, displayName: 'Alva Ek' } }));
    await waitFor(() => expect(screen.getByTestId('member-message').textContent).toBe('Alva Ek är sparad.'));
    await act(async () => saves()[0]?.answer({ ok: true, value: { ...member, displayName: 'Alva Berg Ek' } }));
    expect(screen.getByTestId('member-message').textContent).toBe('Alva Ek är sparad.');
    expect(screen.getByRole('heading', { name: 'Alva Ek' })).toBeTruthy();
    // Beside the button that saved.
    expect(screen.getByTestId('member-message').closest('.action-row')?.textContent).toContain('Spara');
  });
});
