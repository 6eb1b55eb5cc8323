// @vitest-environment happy-dom
// Teammöten's first page against a fake bridge: the team's meetings and members are held with the
// team they belong to (a late answer for the previous team is never shown), a roster that could not
// be read is said with a way to try again, and Möten / Ärenden / Sök are tabs.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { MyRoles } from '../../../../shared/ipc/contract';
import type { IpcResult } from '../../../../shared/ipc/errors';
import type { MeetingSummary } from '../../../../shared/meetings/model';
import type { Member, Team } from '../../../../shared/roster/model';
import type { PendingCall } from '../../ui/test-support/app';
import { renderInApp } from '../../ui/test-support/app';
import { MeetingsArea } from './MeetingsArea';

afterEach(cleanup);

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const ARCHIVED = '00000000-0000-4000-8000-0000000000a1';
const OTHERS = '00000000-0000-4000-8000-0000000000a2';
const ORG = '00000000-0000-4000-8000-0000000000c0';

function team(id: string, name: string, archived = false): Team {
  return { id, name, description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '', archived };
}
const TEAMS = [team(A, 'Team Öst'), team(B, 'Team Väst'), team(ARCHIVED, 'Team Gammal', true), team(OTHERS, 'Team Norr')];
// She sits in Öst, Väst and the archived one; Norr is someone else's.
const ROLES: MyRoles = { isAdmin: false, memberId: null, teams: [A, B, ARCHIVED].map((teamId) => ({ teamId, role: 'chair' as const })) };

function member(n: number, name: string, teamId: string): Member {
  return {
    id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
    displayName: name,
    profession: 'other',
    professionOther: '',
    organisationId: ORG,
    organisationName: 'Ung Arena',
    phone: '',
    email: '',
    accountId: null,
    activeFrom: '2026-01-01',
    activeTo: null,
    memberships: [{ teamId, teamName: '', role: 'member', activeFrom: '2026-01-01', activeTo: null }],
  };
}
function meeting(n: number, teamId: string, date: string): MeetingSummary {
  return { id: `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`, teamId, date, time: '09:00', week: 48, status: 'open', items: 0 };
}

type Answer = IpcResult<unknown>;
/**
 * A bridge answering at once from `answers` (by channel; a function of the input may answer
 * differently each time); a channel without an answer waits in `held` until the test answers it.
 */
function scriptedBridge(answers: Record<string, (input: unknown) => Answer>) {
  const held: PendingCall[] = [];
  const asked: { channel: string; input: unknown }[] = [];
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      asked.push({ channel, input });
      const answer = answers[channel];
      // The answer's type is the channel's output; the test answers with what that channel returns.
      if (answer) return Promise.resolve(answer(input) as never);
      return new Promise((resolve) => held.push({ channel, input, answer: (result) => resolve(result as never) }));
    },
    on: () => () => undefined,
  };
  /** Answers the held call on `channel` for `teamId`. */
  const answer = async (channel: string, teamId: string, result: Answer): Promise<void> => {
    const index = held.findIndex((call) => call.channel === channel && (call.input as { teamId?: string }).teamId === teamId);
    const [call] = index >= 0 ? held.splice(index, 1) : [];
    if (!call) throw new Error(`no ${channel} for ${teamId} waiting (held: ${held.map((c) => c.channel).join(', ')})`);
    await act(async () => call.answer(result));
  };
  return { bridge, held, asked, answer };
}

const ok = (value: unknown): Answer => ({ ok: true, value });
const emptyOverview = (teamId: string) => ({ teamId, today: '2026-11-23', horizon: '2026-12-23', entries: [], hidden: { expiring: 0, expired: 0, withdrawn: 0, paperMissing: 0 } });
const roster = {
  'roster:teams': () => ok(TEAMS),
  'roster:my-roles': () => ok(ROLES),
  'roster:organisations': () => ok([{ id: ORG, name: 'Ung Arena', isOwn: true }]),
  'guard:names': () => ok({ names: [] }),
  'meetings:resume': () => ok(null),
  'cases:consent-overview': (input: unknown) => ok(emptyOverview((input as { teamId: string }).teamId)),
};

const teamSelect = () => screen.getByLabelText('Team') as HTMLSelectElement;
const shownDates = () => [...screen.getByTestId('meetings-table').querySelectorAll('tbody th')].map((th) => th.textContent);
const chairOptions = () => [...(screen.getByLabelText('Ordförande') as HTMLSelectElement).options].map((option) => option.textContent);

describe('Teammöten', () => {
  it('offers only her own current teams, and never shows the previous team’s meetings or members after a switch, even when they answer late', async () => {
    const fake = scriptedBridge(roster);
    await renderInApp(<MeetingsArea />, fake.bridge);
    await waitFor(() => expect([...teamSelect().options].map((option) => option.textContent)).toEqual(['Team Öst', 'Team Väst']));
    expect(teamSelect().value).toBe(A);
    await waitFor(() => expect(fake.held.map((call) => call.channel).sort()).toEqual(['meetings:list', 'roster:members']));

    // Switched to Väst before Öst answered; Väst answers, then Öst, late.
    fireEvent.change(teamSelect(), { target: { value: B } });
    await waitFor(() => expect(fake.held).toHaveLength(4));
    await fake.answer('meetings:list', B, ok([meeting(2, B, '2026-11-25')]));
    await fake.answer('roster:members', B, ok([member(2, 'Bo Väst', B)]));
    await fake.answer('meetings:list', A, ok([meeting(1, A, '2026-11-24')]));
    await fake.answer('roster:members', A, ok([member(1, 'Alva Öst', A)]));
    expect(teamSelect().value).toBe(B);
    expect(shownDates()).toEqual(['2026-11-25 09:00']);
    expect(chairOptions()).toEqual(['Välj…', 'Bo Väst']);

    // Back to Öst: Väst's list and members go at once, before Öst's answer comes.
    fireEvent.change(teamSelect(), { target: { value: A } });
    expect(shownDates()).toEqual([]);
    expect(chairOptions()).toEqual(['Välj…']);
    await waitFor(() => expect(fake.held).toHaveLength(2));
    await fake.answer('meetings:list', A, ok([meeting(1, A, '2026-11-24')]));
    await fake.answer('roster:members', A, ok([member(1, 'Alva Öst', A)]));
    expect(shownDates()).toEqual(['2026-11-24 09:00']);
    expect(chairOptions()).toEqual(['Välj…', 'Alva Öst']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says when the teams could not be read and what to do — not that she sits in no team — and loads them again on the button', async () => {
    let teamsAsked = 0;
    const fake = scriptedBridge({
      ...roster,
      'roster:teams': () => (++teamsAsked === 1 ? { ok: false, error: { code: 'internal', message: 'read failed' } } : ok(TEAMS)),
      'roster:members': () => ok([]),
      'meetings:list': () => ok([]),
    });
    await renderInApp(<MeetingsArea />, fake.bridge);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Teamets uppgifter kunde inte läsas in – team, roller, medlemmar, organisationer eller de extra namn som stoppas i ärendetext – så det som visas här kan vara ofullständigt. Något gick fel i Teamvalv. Försök igen; om felet kvarstår, starta om appen.');
    expect(screen.queryByTestId('no-team')).toBeNull();
    expect(screen.queryByLabelText('Team')).toBeNull();

    fireEvent.click(within(screen.getByTestId('team-error')).getByRole('button', { name: 'Läs in igen' }));
    await waitFor(() => expect(teamSelect().value).toBe(A));
    expect(teamsAsked).toBe(2);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('team-error')).toBeNull();
  });

  it('shows a failure to read the chosen team’s members beside the team, which stays usable', async () => {
    const fake = scriptedBridge({ ...roster, 'roster:members': () => ({ ok: false, error: { code: 'forbidden', message: 'no' } }), 'meetings:list': () => ok([]) });
    await renderInApp(<MeetingsArea />, fake.bridge);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Teamets uppgifter kunde inte läsas in');
    expect(alert.textContent).toContain('Ditt konto har inte behörighet till detta.');
    expect(teamSelect().value).toBe(A);
    expect(screen.getByRole('form', { name: 'Nytt möte' })).toBeTruthy();
  });

  it('has Möten, Ärenden and Sök as tabs that the arrow keys, Home and End move between, each showing its own panel', async () => {
    const fake = scriptedBridge({ ...roster, 'roster:members': () => ok([]), 'meetings:list': () => ok([]), 'cases:list': () => ok([]) });
    await renderInApp(<MeetingsArea />, fake.bridge);
    await waitFor(() => expect(teamSelect().value).toBe(A));
    const tablist = screen.getByRole('tablist', { name: 'Visa' });
    const tab = (name: string) => within(tablist).getByRole('tab', { name });
    expect(within(tablist).getAllByRole('tab').map((element) => element.textContent)).toEqual(['Möten', 'Ärenden', 'Sök']);
    expect(tab('Möten').getAttribute('aria-selected')).toBe('true');
    const panel = () => screen.getByRole('tabpanel');
    expect(within(panel()).getByTestId('meetings-table')).toBeTruthy();
    expect(panel().getAttribute('aria-labelledby')).toBe(tab('Möten').id);

    act(() => tab('Möten').focus());
    fireEvent.keyDown(tab('Möten'), { key: 'ArrowRight' });
    expect(tab('Ärenden').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab('Ärenden'));
    await waitFor(() => expect(within(panel()).getByTestId('cases-table')).toBeTruthy());
    expect(screen.queryByTestId('meetings-table')).toBeNull();

    fireEvent.keyDown(tab('Ärenden'), { key: 'End' });
    expect(tab('Sök').getAttribute('aria-selected')).toBe('true');
    expect(within(panel()).getByRole('search')).toBeTruthy();
    expect(screen.queryByTestId('cases-table')).toBeNull();

    // Past the last tab, the first.
    fireEvent.keyDown(tab('Sök'), { key: 'ArrowRight' });
    expect(tab('Möten').getAttribute('aria-selected')).toBe('true');
    expect(within(panel()).getByTestId('meetings-table')).toBeTruthy();
    fireEvent.keyDown(tab('Möten'), { key: 'ArrowLeft' });
    expect(tab('Sök').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(tab('Sök'), { key: 'Home' });
    expect(tab('Möten').getAttribute('aria-selected')).toBe('true');
  });

  it('shows the team’s consents to review on the start view — details of readable cases, counts of the rest — and opens a case from it in Ärenden', async () => {
    const CASE = '00000000-0000-4000-8000-0000000000d1';
    const entry = (state: string, extra: Record<string, unknown>) => ({
      consentId: '00000000-0000-4000-8000-0000000000e1',
      caseId: CASE,
      caseCode: 'UT-2026-007',
      organisationName: 'Socialtjänsten',
      direction: 'share',
      validFrom: '2026-06-01',
      validTo: '2026-12-13',
      withdrawnOn: null,
      paperReturnedOn: null,
      state,
      daysLeft: 20,
      ...extra,
    });
    const overview = {
      ...emptyOverview(A),
      entries: [entry('expiring', {}), entry('expiring', { consentId: '00000000-0000-4000-8000-0000000000e2', validTo: '2026-11-23', daysLeft: 0, paperReturnedOn: '2026-11-02' }), entry('withdrawn', { consentId: '00000000-0000-4000-8000-0000000000e3', withdrawnOn: '2026-11-20' })],
      hidden: { expiring: 2, expired: 0, withdrawn: 1, paperMissing: 3 },
    };
    const detail = { id: CASE, teamId: A, code: 'UT-2026-007', ageBand: '18-20', consentMode: 'consent', status: 'active', outcome: null, closedOn: null, raisedBy: { id: ORG, name: 'Ung Arena' }, owner: null, flaggedForSupervision: false, readable: true, unreadableReason: null, phase: 'aktiv', outcomeOther: '', consents: [], breakGlass: false, timeline: [], checkins: [], closureAnalysis: '' };
    const fake = scriptedBridge({ ...roster, 'roster:members': () => ok([]), 'meetings:list': () => ok([]), 'cases:list': () => ok([]), 'cases:consent-overview': () => ok(overview), 'cases:get': () => ok(detail) });
    await renderInApp(<MeetingsArea />, fake.bridge);
    const table = await screen.findByRole('table', { name: 'Samtycken att se över' });
    const rows = [...table.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['UT-2026-007', 'Socialtjänsten', '2026-06-01 – 2026-12-13', 'går ut om 20 dagar', 'inte tillbaka'],
      ['UT-2026-007', 'Socialtjänsten', '2026-06-01 – 2026-11-23', 'går ut i dag', 'tillbaka 2026-11-02'],
      ['UT-2026-007', 'Socialtjänsten', '2026-06-01 – 2026-12-13', 'återkallat 2026-11-20, inte förnyat', 'inte tillbaka'],
    ]);
    expect(screen.getByTestId('consent-overview-hidden').textContent).toBe(
      'Dessutom i ärenden du inte får läsa: 2 går snart ut, 0 har gått ut, 1 är återkallade, 3 saknar undertecknad blankett. Den som får läsa ärendet ser vilka.',
    );
    expect(screen.getByText(/till och med 2026-12-23/)).toBeTruthy();
    expect(fake.asked.filter((call) => call.channel === 'cases:consent-overview').map((call) => call.input)).toEqual([{ teamId: A }]);
    // From the start view to the case, in Ärenden.
    fireEvent.click(within(table).getAllByRole('button', { name: 'Gå till UT-2026-007' })[0] as HTMLElement);
    await waitFor(() => expect(screen.getByTestId('case-editor')).toBeTruthy());
    expect(screen.getByRole('tab', { name: 'Ärenden' }).getAttribute('aria-selected')).toBe('true');
    expect(fake.asked.filter((call) => call.channel === 'cases:get').map((call) => call.input)).toEqual([{ caseId: CASE }]);
  });

  it('says when no consent needs reviewing', async () => {
    const fake = scriptedBridge({ ...roster, 'roster:members': () => ok([]), 'meetings:list': () => ok([]) });
    await renderInApp(<MeetingsArea />, fake.bridge);
    await screen.findByText('Inga samtycken behöver ses över i dag.');
    expect(screen.queryByRole('table', { name: 'Samtycken att se över' })).toBeNull();
  });
});
