// @vitest-environment happy-dom
// The item editor on an "övrig punkt" (issue 20) against a fake bridge: the chair adds, edits and
// removes the team's actions exactly as on a case item (the same fields, labels and keyboard
// focus), the guard marks an identifier in an action's text and holds the commit back, and the
// commit sends the actions; a committed point opens with its open actions, each by its id. A next
// follow-up still belongs to a case.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { inventedPersonnummer } from '../../../../shared/guard/test-support/corpus';
import type { IpcResult } from '../../../../shared/ipc/errors';
import type { AgendaItemView, MeetingView } from '../../../../shared/meetings/model';
import type { Member } from '../../../../shared/roster/model';
import { answeringBridge, renderInApp } from '../../ui/test-support/app';
import { ItemEditor } from './ItemEditor';
import { openMeetingView } from '../../../../shared/meetings/test-support/meeting-view';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-00000000000a';
const MEETING = '00000000-0000-4000-8000-0000000000b1';
const ITEM = '00000000-0000-4000-8000-0000000000c1';
const ANNA = '00000000-0000-4000-8000-000000000101';
const KEPT = '00000000-0000-4000-8000-0000000000d1';
const DONE = '00000000-0000-4000-8000-0000000000d2';

const meeting: MeetingView = openMeetingView({ id: MEETING, teamId: TEAM, items: 1 });
const point: AgendaItemView = {
  id: ITEM,
  position: 1,
  kind: 'other',
  title: 'Gemensamma besök',
  caseId: null,
  caseCode: null,
  readable: true,
  unreadableReason: null,
  consentWarning: null,
  uncoveredOrganisations: [],
  item: null,
  dueActions: [],
  supervisionRecord: null,
};
const anna: Member = {
  id: ANNA,
  displayName: 'Anna Andersson',
  profession: 'processledare',
  professionOther: '',
  organisationId: TEAM,
  organisationName: 'Ung Arena',
  phone: '',
  email: '',
  accountId: null,
  activeFrom: '2026-01-01',
  activeTo: null,
  memberships: [],
};

const fakeBridge = (answers: Record<string, (input: unknown) => IpcResult<unknown>>) => answeringBridge(answers);

async function open(item: AgendaItemView, answers: Record<string, (input: unknown) => IpcResult<unknown>> = {}) {
  const fake = fakeBridge(answers);
  const committed: unknown[] = [];
  await renderInApp(
    <ItemEditor meeting={meeting} item={item} members={[anna]} extraNames={[]} onCommitted={(change) => committed.push(change)} onStale={() => undefined} onClose={() => undefined} />,
    fake.bridge,
  );
  const editor = await screen.findByTestId('item-editor', {}, { timeout: 5000 });
  await waitFor(() => expect(fake.asked.map((call) => call.channel)).toContain('meetings:get-draft'));
  return { editor, fake, committed };
}

describe('the item editor on an övrig punkt', () => {
  it('adds, edits and removes the team’s actions as on a case item; the guard holds an identifier back; the commit sends them', async () => {
    const { editor, fake, committed } = await open(point, {
      'meetings:commit-item': () => ({ ok: true, value: { change: 'item-committed', meetingId: MEETING, item: point } }),
    });
    expect(within(editor).getByRole('heading', { name: 'Övrig punkt: Gemensamma besök' })).toBeTruthy();
    // A next follow-up belongs to a case; the actions are here.
    expect(within(editor).queryByLabelText('Nästa uppföljning')).toBeNull();
    const actions = within(editor).getByRole('group', { name: 'Åtgärder' });

    // A new action's text takes the focus; it is due on the meeting's day until changed.
    await act(async () => fireEvent.click(within(actions).getByRole('button', { name: 'Lägg till åtgärd' })));
    const text = within(actions).getByLabelText<HTMLTextAreaElement>('Åtgärd 1');
    expect(document.activeElement).toBe(text);
    expect(within(actions).getByLabelText<HTMLInputElement>('Klart senast, åtgärd 1').value).toBe('2026-11-24');
    fireEvent.change(text, { target: { value: 'Ta fram ny rutin för gemensamma besök' } });
    const responsible = within(actions).getByLabelText<HTMLSelectElement>('Ansvarig för åtgärd 1');
    expect([...responsible.options].map((o) => o.textContent)).toEqual(['ingen ansvarig', 'Anna Andersson']);
    fireEvent.change(responsible, { target: { value: ANNA } });
    fireEvent.change(within(actions).getByLabelText('Klart senast, åtgärd 1'), { target: { value: '2027-02-01' } });
    // A second one, removed again.
    await act(async () => fireEvent.click(within(actions).getByRole('button', { name: 'Lägg till åtgärd' })));
    expect(document.activeElement).toBe(within(actions).getByLabelText('Åtgärd 2'));
    await act(async () => fireEvent.click(within(actions).getByRole('button', { name: 'Ta bort åtgärd 2' })));
    expect(within(actions).queryByLabelText('Åtgärd 2')).toBeNull();

    // An identifier in the action's text: marked, and the point cannot be saved (an övrig punkt keeps none, reason or not).
    fireEvent.change(text, { target: { value: `Ring ${inventedPersonnummer()}` } });
    expect(within(actions).getByTestId('guard-hits')).toBeTruthy();
    expect(within(editor).getByTestId('other-item-identifiers')).toBeTruthy();
    expect(within(editor).queryByLabelText('Varför ska uppgifterna stå kvar?')).toBeNull();
    expect(within(editor).getByRole<HTMLButtonElement>('button', { name: 'Spara punkten' }).disabled).toBe(true);
    fireEvent.change(text, { target: { value: 'Ta fram ny rutin för gemensamma besök' } });
    const save = within(editor).getByRole<HTMLButtonElement>('button', { name: 'Spara punkten' });
    expect(save.disabled).toBe(false);
    await act(async () => fireEvent.click(save));
    expect(fake.asked.find((call) => call.channel === 'meetings:commit-item')?.input).toEqual({
      agendaItemId: ITEM,
      body: {
        notes: '',
        decisions: '',
        nextFollowUp: null,
        actions: [{ text: 'Ta fram ny rutin för gemensamma besök', responsibleMemberId: ANNA, dueDate: '2027-02-01' }],
      },
    });
    await waitFor(() => expect(committed).toHaveLength(1));
    expect(within(editor).getByTestId('item-message').textContent).toBe('Gemensamma besök är sparad.');
  });

  it('opens a committed point with its open actions, each kept by its id (a done one is history, not edited here)', async () => {
    const committedPoint: AgendaItemView = {
      ...point,
      item: {
        id: '00000000-0000-4000-8000-0000000000e1',
        notes: 'Rutinen diskuterades.',
        decisions: 'En ny rutin tas fram.',
        nextFollowUp: null,
        committedAt: '2026-11-24T09:30:00.000Z',
        guardOverridden: false,
        actions: [
          { id: KEPT, caseId: null, text: 'Ta fram ny rutin', responsibleMemberId: ANNA, responsibleName: 'Anna Andersson', dueDate: '2027-02-01', done: false },
          { id: DONE, caseId: null, text: 'Boka lokal', responsibleMemberId: null, responsibleName: null, dueDate: '2026-11-30', done: true },
        ],
      },
    };
    const { editor, fake } = await open(committedPoint, {
      'meetings:commit-item': () => ({ ok: true, value: { change: 'item-committed', meetingId: MEETING, item: committedPoint } }),
    });
    const actions = within(editor).getByRole('group', { name: 'Åtgärder' });
    expect(within(actions).getByLabelText<HTMLTextAreaElement>('Åtgärd 1').value).toBe('Ta fram ny rutin');
    expect(within(actions).queryByLabelText('Åtgärd 2')).toBeNull();
    fireEvent.change(within(actions).getByLabelText('Åtgärd 1'), { target: { value: 'Ta fram ny rutin till februari' } });
    await act(async () => fireEvent.click(within(editor).getByRole('button', { name: 'Spara punkten' })));
    expect(fake.asked.find((call) => call.channel === 'meetings:commit-item')?.input).toEqual({
      agendaItemId: ITEM,
      body: { notes: 'Rutinen diskuterades.', decisions: 'En ny rutin tas fram.', nextFollowUp: null, actions: [{ id: KEPT, text: 'Ta fram ny rutin till februari', responsibleMemberId: ANNA, dueDate: '2027-02-01' }] },
    });
  });
});
