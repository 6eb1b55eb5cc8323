// @vitest-environment happy-dom
// "Teamets åtgärder att följa upp" on the meeting page against a fake bridge (issue 20): the team's
// open actions from earlier övriga punkter, due by the meeting's day; the chair marks one done, the
// answer is merged into the page (the action leaves the list) and the heading takes the focus; a
// member who does not edit sees the list without the buttons.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../../../shared/ipc/errors';
import type { MeetingView, TeamActionDue } from '../../../../shared/meetings/model';
import { answeringBridge, renderInApp } from '../../ui/test-support/app';
import { MeetingPage } from './MeetingPage';
import type { TeamContext } from './use-team';
import { openMeetingView } from '../../../../shared/meetings/test-support/meeting-view';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-00000000000a';
const MEETING = '00000000-0000-4000-8000-0000000000b1';
const EARLIER = '00000000-0000-4000-8000-0000000000b0';
const ANNA = '00000000-0000-4000-8000-000000000101';
const ROUTINE = '00000000-0000-4000-8000-0000000000d1';
const ROOM = '00000000-0000-4000-8000-0000000000d2';

const team: TeamContext = { teams: [], roles: null, organisations: [], members: [], teamId: TEAM, setTeamId: () => undefined, canEdit: true, isChair: true, extraNames: [] };
const routine: TeamActionDue = { id: ROUTINE, caseId: null, text: 'Ta fram ny rutin för gemensamma besök', responsibleMemberId: ANNA, responsibleName: 'Anna Andersson', dueDate: '2026-12-01', done: false, meetingId: EARLIER, meetingDate: '2026-11-24', itemTitle: 'Gemensamma besök' };
const room: TeamActionDue = { ...routine, id: ROOM, text: 'Boka lokal', responsibleMemberId: null, responsibleName: null, dueDate: '2026-11-30' };

function meeting(over: Partial<MeetingView>): MeetingView {
  return openMeetingView({ id: MEETING, teamId: TEAM, date: '2026-12-01', week: 49, teamActionsDue: [room, routine], ...over });
}

const fakeBridge = (answers: Record<string, (input: unknown) => IpcResult<unknown>>) => answeringBridge(answers, []);

describe("the team's actions to follow up on the meeting page", () => {
  it('lists them with who and when; the chair marks one done: it leaves the list, the heading takes the focus; then all are done', async () => {
    let refuse = true;
    const fake = fakeBridge({
      'meetings:get': () => ({ ok: true, value: meeting({}) }),
      'meetings:set-team-action-done': (input) => {
        const { actionId } = input as { actionId: string };
        if (refuse) return { ok: false, error: { code: 'forbidden', message: 'x', detail: { reason: 'not_team_editor' } } };
        const left = actionId === ROOM ? [routine] : [];
        return { ok: true, value: { change: 'team-action-done', meetingId: MEETING, action: { ...(actionId === ROOM ? room : routine), done: true }, ...(left.length > 0 ? { teamActionsDue: left } : {}) } };
      },
    });
    await renderInApp(<MeetingPage meetingId={MEETING} team={team} resumeItemId={null} onBack={() => undefined} />, fake.bridge);
    const section = await screen.findByTestId('team-actions-due', {}, { timeout: 5000 });
    expect(within(section).getByRole('heading', { name: 'Teamets åtgärder att följa upp' })).toBeTruthy();
    expect(within(section).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Boka lokal – ingen ansvarig, senast 2026-11-30 (från mötet 2026-11-24, Gemensamma besök) Markera ”Boka lokal” som klar',
      'Ta fram ny rutin för gemensamma besök – Anna Andersson, senast 2026-12-01 (från mötet 2026-11-24, Gemensamma besök) Markera ”Ta fram ny rutin för gemensamma besök” som klar',
    ]);
    // A refusal is said in the list, which stays as it was.
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Markera ”Boka lokal” som klar' })));
    expect(within(section).getByTestId('team-action-message').textContent).toContain('ordförande');
    expect(within(section).getAllByRole('listitem')).toHaveLength(2);
    refuse = false;
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Markera ”Boka lokal” som klar' })));
    expect(fake.asked.filter((call) => call.channel === 'meetings:set-team-action-done').map((call) => call.input)).toEqual([
      { meetingId: MEETING, actionId: ROOM, done: true },
      { meetingId: MEETING, actionId: ROOM, done: true },
    ]);
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(1));
    expect(within(section).getByTestId('team-action-message').textContent).toBe('”Boka lokal” är markerad som klar.');
    expect(document.activeElement).toBe(within(section).getByRole('heading', { name: 'Teamets åtgärder att följa upp' }));
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Markera ”Ta fram ny rutin för gemensamma besök” som klar' })));
    await waitFor(() => expect(within(section).queryAllByRole('listitem')).toHaveLength(0));
    expect(section.textContent).toContain('Teamets åtgärder att följa upp är klara.');
  });

  it('shows a member who does not edit the list without buttons, and nothing when there is nothing to follow up', async () => {
    await renderInApp(
      <MeetingPage meetingId={MEETING} team={{ ...team, canEdit: false, isChair: false }} resumeItemId={null} onBack={() => undefined} />,
      fakeBridge({ 'meetings:get': () => ({ ok: true, value: meeting({ canEdit: false, canFinalise: false }) }) }).bridge,
    );
    const section = await screen.findByTestId('team-actions-due', {}, { timeout: 5000 });
    expect(within(section).getAllByRole('listitem')).toHaveLength(2);
    expect(within(section).queryByRole('button')).toBeNull();
    cleanup();
    await renderInApp(<MeetingPage meetingId={MEETING} team={team} resumeItemId={null} onBack={() => undefined} />, fakeBridge({ 'meetings:get': () => ({ ok: true, value: meeting({ teamActionsDue: undefined }) }) }).bridge);
    await screen.findByTestId('meeting-title', {}, { timeout: 5000 });
    expect(screen.queryByTestId('team-actions-due')).toBeNull();
  });
});
