// @vitest-environment happy-dom
// The justering on the meeting page against a fake bridge: the chair names a justerare among the
// members present when finalising; the page then says whom the minutes wait for; the justerare
// confirms the minutes by their hash, and the page shows both confirmations.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../../../shared/ipc/errors';
import type { Justering, MeetingView } from '../../../../shared/meetings/model';
import { answeringBridge, renderInApp } from '../../ui/test-support/app';
import { MeetingPage } from './MeetingPage';
import type { TeamContext } from './use-team';
import { openMeetingView } from '../../../../shared/meetings/test-support/meeting-view';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-00000000000a';
const MEETING = '00000000-0000-4000-8000-0000000000b1';
const KIM = '00000000-0000-4000-8000-000000000101';
const FIA = '00000000-0000-4000-8000-000000000102';
const SAM = '00000000-0000-4000-8000-000000000103';
const SHA = 'ab'.repeat(32);

const team: TeamContext = { teams: [], roles: null, organisations: [], members: [], teamId: TEAM, setTeamId: () => undefined, canEdit: true, isChair: true, extraNames: [] };

function meeting(over: Partial<MeetingView>): MeetingView {
  return openMeetingView({
    id: MEETING,
    teamId: TEAM,
    chair: { id: KIM, name: 'Kim Ordf' },
    attendance: [
      { memberId: KIM, name: 'Kim Ordf', organisationName: 'Ung Arena', status: 'present', leftSince: null },
      { memberId: FIA, name: 'Fia FK', organisationName: 'Försäkringskassan', status: 'present', leftSince: null },
      { memberId: SAM, name: 'Sam Sekr', organisationName: 'Arbetsförmedlingen', status: 'absent', leftSince: null },
    ],
    ...over,
  });
}
const waiting: Justering = { chair: { name: 'Kim Ordf', confirmedAt: '2026-11-24T10:15:00.000Z' }, justerare: { memberId: FIA, name: 'Fia FK', confirmedAt: null }, canConfirm: false };

const fakeBridge = (answers: Record<string, (input: unknown) => IpcResult<unknown>>) => answeringBridge(answers, []);

describe('justering on the meeting page', () => {
  it('lets the chair name a justerare among the members present (not the chair), and then says whom the minutes wait for', async () => {
    let view = meeting({});
    const fake = fakeBridge({
      'meetings:get': () => ({ ok: true, value: view }),
      'meetings:finalise': () => {
        view = meeting({ status: 'finalised', canEdit: false, canFinalise: false, minutesSha256: SHA, justering: waiting });
        return { ok: true, value: { change: 'finalised', meetingId: MEETING, minutesSha256: SHA, justering: waiting } };
      },
    });
    await renderInApp(<MeetingPage meetingId={MEETING} team={team} resumeItemId={null} onBack={() => undefined} />, fake.bridge);
    // The first render loads the translations and the page on a busy machine: wait for the title.
    await screen.findByTestId('meeting-title', {}, { timeout: 5000 });
    await act(async () => fireEvent.click(await screen.findByRole('button', { name: 'Justera protokollet' })));
    const confirm = screen.getByTestId('finalise-confirm');
    const select = within(confirm).getByLabelText<HTMLSelectElement>('Justerare');
    // Present members other than the chair: Fia only (Kim chairs, Sam is absent); none is the default.
    expect([...select.options].map((option) => option.textContent)).toEqual(['Ingen justerare – ordföranden justerar ensam', 'Fia FK']);
    expect(select.value).toBe('');
    fireEvent.change(select, { target: { value: FIA } });
    await act(async () => fireEvent.click(within(confirm).getByRole('button', { name: 'Ja, justera' })));
    expect(fake.asked.find((call) => call.channel === 'meetings:finalise')?.input).toEqual({ meetingId: MEETING, futureDateAcknowledged: false, justerareMemberId: FIA });
    await waitFor(() => expect(screen.getByTestId('justering-state').textContent).toBe('Väntar på justering av Fia FK.'));
    expect(screen.getByText('Du har justerat som ordförande. Protokollet väntar på justering av Fia FK.')).toBeTruthy();
    // The chair is not the justerare: no button to confirm.
    expect(screen.queryByRole('button', { name: 'Bekräfta justeringen' })).toBeNull();
  });

  it('lets the justerare confirm the minutes by their hash; the page then shows both confirmations; a refusal is said beside the button', async () => {
    let refuse = true;
    const fake = fakeBridge({
      'meetings:get': () => ({ ok: true, value: meeting({ status: 'finalised', canEdit: false, canFinalise: false, minutesSha256: SHA, justering: { ...waiting, canConfirm: true } }) }),
      'meetings:confirm-justering': () =>
        refuse
          ? { ok: false, error: { code: 'forbidden', message: 'x', detail: { reason: 'not_justerare' } } }
          : { ok: true, value: { change: 'justerad', meetingId: MEETING, justering: { ...waiting, justerare: { ...waiting.justerare, confirmedAt: '2026-11-25T08:30:00.000Z' } } } },
    });
    await renderInApp(<MeetingPage meetingId={MEETING} team={{ ...team, canEdit: false, isChair: false }} resumeItemId={null} onBack={() => undefined} />, fake.bridge);
    const section = await screen.findByTestId('justering', {}, { timeout: 5000 });
    expect(within(section).getByTestId('justering-state').textContent).toBe('Väntar på justering av Fia FK.');
    expect(section.textContent).toContain('Ordförande Kim Ordf justerade 2026-11-24 11:15.');
    expect(section.textContent).toContain('Justerare Fia FK har inte justerat än.');
    const button = within(section).getByRole('button', { name: 'Bekräfta justeringen' });
    await act(async () => fireEvent.click(button));
    expect(within(section).getByTestId('justering-message').textContent).toContain('Bara den justerare som ordföranden valde kan bekräfta justeringen.');
    refuse = false;
    await act(async () => fireEvent.click(button));
    expect(fake.asked.filter((call) => call.channel === 'meetings:confirm-justering').map((call) => call.input)).toEqual([
      { meetingId: MEETING, minutesSha256: SHA },
      { meetingId: MEETING, minutesSha256: SHA },
    ]);
    await waitFor(() => expect(screen.getByTestId('justering-state').textContent).toBe('Justerat av ordföranden och justeraren.'));
    expect(screen.getByTestId('justering').textContent).toContain('Justerare Fia FK justerade 2026-11-25 09:30.');
    expect(screen.getByText('Du har justerat protokollet. Det är nu justerat av ordföranden och dig.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Bekräfta justeringen' })).toBeNull();
  });
  it('lets the chair name another present member while the justerare has not confirmed; a refusal is said in the justering; a member sees no such form', async () => {
    let refuse = true;
    const allPresent = meeting({}).attendance.map((a) => ({ ...a, status: 'present' as const }));
    const finalised = meeting({ status: 'finalised', canEdit: false, canFinalise: false, minutesSha256: SHA, justering: waiting, attendance: allPresent });
    const fake = fakeBridge({
      'meetings:get': () => ({ ok: true, value: finalised }),
      'meetings:change-justerare': () =>
        refuse
          ? { ok: false, error: { code: 'invalid_input', message: 'x', detail: { reason: 'justerare_left_team', field: 'justerareMemberId' } } }
          : { ok: true, value: { change: 'justerare-changed', meetingId: MEETING, justering: { ...waiting, justerare: { memberId: SAM, name: 'Sam Sekr', confirmedAt: null } } } },
    });
    await renderInApp(<MeetingPage meetingId={MEETING} team={team} resumeItemId={null} onBack={() => undefined} />, fake.bridge);
    const section = await screen.findByTestId('justering', {}, { timeout: 5000 });
    const form = within(section).getByRole('form', { name: 'Byt justerare' });
    const select = within(form).getByLabelText<HTMLSelectElement>('Ny justerare');
    // Present members other than the chair and the justerare named: Sam only.
    expect([...select.options].map((option) => option.textContent)).toEqual(['Välj…', 'Sam Sekr']);
    fireEvent.change(select, { target: { value: SAM } });
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Byt justerare' })));
    expect(within(section).getByTestId('justering-message').textContent).toContain('har lämnat teamet');
    refuse = false;
    fireEvent.change(select, { target: { value: SAM } });
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Byt justerare' })));
    expect(fake.asked.filter((call) => call.channel === 'meetings:change-justerare').map((call) => call.input)).toEqual([
      { meetingId: MEETING, justerareMemberId: SAM },
      { meetingId: MEETING, justerareMemberId: SAM },
    ]);
    await waitFor(() => expect(screen.getByTestId('justering-state').textContent).toBe('Väntar på justering av Sam Sekr.'));
    expect(screen.getByTestId('justerare-changed').textContent).toBe('Protokollet väntar nu på justering av Sam Sekr.');
    cleanup();
    await renderInApp(<MeetingPage meetingId={MEETING} team={{ ...team, canEdit: false, isChair: false }} resumeItemId={null} onBack={() => undefined} />, fakeBridge({ 'meetings:get': () => ({ ok: true, value: finalised }) }).bridge);
    await screen.findByTestId('justering', {}, { timeout: 5000 });
    expect(screen.queryByRole('form', { name: 'Byt justerare' })).toBeNull();
  });
});
