// @vitest-environment happy-dom
// The psychologist's supervision page with a fake bridge (main's side is tested in main/supervision):
// a session opened and then another before the first answer came never shows the first one's record
// on the second's page; a team with no sessions says so with "Planera ett tillfälle" as the next step,
// which moves focus to the new-session form; the form's date is a working day; a case session with
// no case chosen leads to the case choice.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { IpcResult } from '../../../../shared/ipc/errors';
import { controllableBridge, renderInApp } from '../../ui/test-support/app';
import { SessionPage } from './SessionPage';
import { SupervisionArea } from './SupervisionArea';
import type { Prepared } from './types';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const CASE = '00000000-0000-4000-8000-0000000000c1';

function detail(id: string, date: string, summary: string) {
  return {
    id,
    teamId: TEAM,
    date,
    week: 48,
    form: 'process' as const,
    status: 'planned' as const,
    heldAt: null,
    datedAhead: false,
    participants: [],
    cases: [],
    records: [{ caseId: null, summary, approach: '', actions: [], sharedAt: '2026-11-23T09:00:00.000Z' }],
  };
}

/** The session list's two links, as fast as she can click them. */
function Switcher() {
  const [sessionId, setSessionId] = useState(A);
  return (
    <>
      <button type="button" onClick={() => setSessionId(B)}>
        B
      </button>
      <SessionPage sessionId={sessionId} focus="none" prepared={[]} themes={[]} extraNames={[]} onChanged={async () => undefined} />
    </>
  );
}

describe('one session’s page', () => {
  it.each([
    ['B answers first, then A', [1, 0]],
    ['A answers first, then B', [0, 1]],
  ])('opening A then B before A answers never shows A on B’s page (%s)', async (_, order) => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<Switcher />, bridge);
    fireEvent.click(screen.getByRole('button', { name: 'B' }));
    const reads = calls.filter((call) => call.channel === 'supervision:session');
    expect(reads.map((call) => call.input)).toEqual([{ sessionId: A }, { sessionId: B }]);
    const answers: IpcResult<unknown>[] = [{ ok: true, value: detail(A, '2026-11-16', 'Sammanfattning för A.') }, { ok: true, value: detail(B, '2026-11-24', 'Sammanfattning för B.') }];
    for (const index of order) await act(async () => reads[index]?.answer(answers[index] as IpcResult<unknown>));
    await screen.findByRole('heading', { name: 'Handledning 2026-11-24 (v. 48)' });
    expect(screen.getByLabelText('Sammanfattning, Hela tillfället')).toHaveProperty('value', 'Sammanfattning för B.');
    expect(document.body.textContent).not.toContain('Sammanfattning för A.');
    expect(document.body.textContent).not.toContain('2026-11-16');
  });

  it('a planned case session with no case chosen leads to the case choice: "Välj ärenden" focuses the first case', async () => {
    const { bridge, calls } = controllableBridge();
    const prepared: Prepared[] = [{ caseId: CASE, code: 'UT-2026-001', readable: true, unreadableReason: null, timeline: [], earlierThemes: [] }];
    await renderInApp(<SessionPage sessionId={A} focus="none" prepared={prepared} themes={[]} extraNames={[]} onChanged={async () => undefined} />, bridge);
    await act(async () => calls.find((call) => call.channel === 'supervision:session')?.answer({ ok: true, value: { ...detail(A, '2026-11-23', ''), form: 'case', records: [] } }));
    const empty = await screen.findByTestId('records-empty');
    expect(empty.textContent).toContain('Välj ärenden under Förberedelse ovan');
    fireEvent.click(screen.getByRole('button', { name: 'Välj ärenden' }));
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'UT-2026-001' }));
  });

  it('chosen cases no longer readable (a consent withdrawn) are named by code, with nothing to write', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<SessionPage sessionId={A} focus="none" prepared={[]} themes={[]} extraNames={[]} onChanged={async () => undefined} />, bridge);
    const cases = [{ caseId: CASE, code: 'UT-2026-001', readable: false, unreadableReason: 'consent-withdrawn', themeIds: [] }];
    await act(async () => calls.find((call) => call.channel === 'supervision:session')?.answer({ ok: true, value: { ...detail(A, '2026-11-23', ''), form: 'case', cases, records: [] } }));
    expect((await screen.findByTestId('records-empty')).textContent).toContain('Du kan inte läsa de valda ärendena i dag (UT-2026-001)');
    expect(screen.queryByLabelText(/^Sammanfattning/)).toBeNull();
  });

  it('beside a readable case, one no longer readable is named by code and has no record fields', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<SessionPage sessionId={A} focus="none" prepared={[]} themes={[]} extraNames={[]} onChanged={async () => undefined} />, bridge);
    const cases = [
      { caseId: CASE, code: 'UT-2026-001', readable: false, unreadableReason: 'consent-withdrawn', themeIds: [] },
      { caseId: B, code: 'UT-2026-002', readable: true, unreadableReason: null, themeIds: [] },
    ];
    await act(async () => calls.find((call) => call.channel === 'supervision:session')?.answer({ ok: true, value: { ...detail(A, '2026-11-23', ''), form: 'case', cases, records: [] } }));
    expect((await screen.findByTestId('records-unreadable')).textContent).toContain('Du kan inte läsa UT-2026-001 i dag');
    screen.getByLabelText('Sammanfattning, UT-2026-002');
    expect(screen.queryByLabelText('Sammanfattning, UT-2026-001')).toBeNull();
  });
});

/** Main as the page sees it for a psychologist in one team with no sessions and nothing flagged. */
function emptyTeamBridge(): TeamvalvBridge {
  const answers: Record<string, unknown> = {
    'roster:teams': [{ id: TEAM, name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '', archived: false }],
    'roster:my-roles': { isAdmin: false, memberId: null, teams: [{ teamId: TEAM, role: 'member' }] },
    'roster:organisations': [],
    'guard:names': { names: [] },
    'roster:members': [],
    'supervision:prepare': [],
    'supervision:sessions': [],
    'supervision:themes': [],
    'supervision:themes-year': [],
  };
  return {
    invoke: (channel) => Promise.resolve((channel in answers ? { ok: true, value: answers[channel] } : { ok: false, error: { code: 'internal', message: channel } }) as never),
    on: () => () => undefined,
  };
}

describe('a team with no sessions yet', () => {
  it('says so, with "Planera ett tillfälle" moving focus to the new-session form; its date is the Monday after a Sunday', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 6, 20, 0)); // Sunday 6 December 2026, evening
    await renderInApp(<SupervisionArea account={{ username: 'pia', displayName: 'Pia Psykolog', roles: ['psychologist'], mustChangePassword: false }} />, emptyTeamBridge());
    const empty = await screen.findByTestId('sessions-empty');
    expect(empty.textContent).toContain('Inga tillfällen ännu för teamet.');
    const form = screen.getByRole('form', { name: 'Nytt handledningstillfälle' });
    // Shown by itself at first: focus is not taken from where she is.
    expect(document.activeElement).not.toBe(screen.getByRole('heading', { name: 'Nytt handledningstillfälle' }));
    fireEvent.click(screen.getByRole('button', { name: 'Planera ett tillfälle' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Nytt handledningstillfälle' })));
    expect(form.contains(document.activeElement)).toBe(true);
    expect(screen.getByLabelText('Datum')).toHaveProperty('value', '2026-12-07');
    // Nothing flagged: the empty preparation offers process supervision instead, and the form follows.
    fireEvent.click(screen.getByRole('button', { name: 'Planera processhandledning i stället' }));
    expect(screen.getByLabelText('Form')).toHaveProperty('value', 'process');
    expect(document.activeElement).toBe(screen.getByLabelText('Form'));
  });

  it('on a weekday the date is today', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 4, 9, 0)); // Friday 4 December 2026
    await renderInApp(<SupervisionArea account={{ username: 'pia', displayName: 'Pia Psykolog', roles: ['psychologist'], mustChangePassword: false }} />, emptyTeamBridge());
    await screen.findByTestId('sessions-empty');
    expect(screen.getByLabelText('Datum')).toHaveProperty('value', '2026-12-04');
  });
});

describe('switching team', () => {
  const OTHER = '00000000-0000-4000-8000-0000000000bb';
  /** Team Öst has a flagged case and no sessions; every read for Team Väst fails (a vault locking mid-switch). */
  function twoTeamBridge(): TeamvalvBridge {
    const shared: Record<string, unknown> = {
      'roster:teams': [
        { id: TEAM, name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '', archived: false },
        { id: OTHER, name: 'Team Väst', description: '', meetingWeekday: 3, meetingTime: '09:00', meetingRoom: '', archived: false },
      ],
      'roster:my-roles': { isAdmin: false, memberId: null, teams: [{ teamId: TEAM, role: 'member' }, { teamId: OTHER, role: 'member' }] },
      'roster:organisations': [],
      'guard:names': { names: [] },
      'roster:members': [],
      'supervision:themes': [],
    };
    const east: Record<string, unknown> = {
      'supervision:prepare': [{ caseId: CASE, code: 'UT-2026-001', readable: true, unreadableReason: null, timeline: [], earlierThemes: [] }],
      'supervision:sessions': [],
      'supervision:themes-year': [{ theme: 'Motivation', month: '2026-11', count: 2 }],
    };
    return {
      invoke: (channel, input) => {
        const teamId = (input as { teamId?: string }).teamId;
        const value = channel in shared ? shared[channel] : teamId === TEAM ? east[channel] : undefined;
        return Promise.resolve((value !== undefined ? { ok: true, value } : { ok: false, error: { code: 'internal', message: channel } }) as never);
      },
      on: () => () => undefined,
    };
  }

  it('to a team whose reads fail shows the failure, and nothing of the team she left: no flagged case, no empty state, no form', async () => {
    await renderInApp(<SupervisionArea account={{ username: 'pia', displayName: 'Pia Psykolog', roles: ['psychologist'], mustChangePassword: false }} />, twoTeamBridge());
    // Team Öst: its flagged case is offered in the new-session form.
    await screen.findByTestId('sessions-empty');
    expect(document.body.textContent).toContain('UT-2026-001');
    await waitFor(() => expect(document.body.textContent).toContain('Motivation'));
    fireEvent.change(screen.getByLabelText('Team'), { target: { value: OTHER } });
    await waitFor(() => expect(screen.getByTestId('supervision-load-error').textContent).toContain('Något gick fel i Teamvalv.'));
    expect(document.body.textContent).not.toContain('UT-2026-001');
    expect(document.body.textContent).not.toContain('Motivation');
    expect(screen.queryByTestId('sessions-empty')).toBeNull();
    expect(screen.queryByRole('form', { name: 'Nytt handledningstillfälle' })).toBeNull();
  });
});
