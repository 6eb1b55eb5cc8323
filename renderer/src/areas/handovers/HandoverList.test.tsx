// @vitest-environment happy-dom
// The handovers of the chosen case: an answer for a case no longer chosen is never listed under
// the one chosen now, and a case without handovers offers "Ny överlämning" as its next step. The
// bridge answers only when the test says so, in the order the test picks.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../../shared/cases/model';
import type { Area } from '../../app/areas';
import { NavigateContext } from '../../app/navigate';
import { type PendingCall, controllableBridge, renderInApp } from '../../ui/test-support/app';
import type { TeamContext } from '../meetings/use-team';
import { HandoverList } from './HandoverList';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const ORG = '00000000-0000-4000-8000-0000000000bb';

function kase(n: number): CaseSummary {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    teamId: TEAM,
    code: `UT-2026-00${n}`,
    ageBand: '18-20',
    consentMode: 'consent',
    status: 'active',
    outcome: null,
    closedOn: null,
    raisedBy: { id: ORG, name: 'Ung Arena' },
    owner: null,
    flaggedForSupervision: false,
    readable: true,
    unreadableReason: null,
    phase: 'aktiv',
  };
}

function handover(n: number, caseId: string, toOrganisation: string) {
  return {
    id: `00000000-0000-4000-8000-0000000010${String(n).padStart(2, '0')}`,
    caseId,
    caseCode: 'UT-2026-001',
    date: '2026-11-24',
    fromOrganisation: 'Ung Arena',
    toOrganisation,
    toFunction: `${toOrganisation}, mottagningen`,
    consentOverride: false,
    sent: [],
  };
}

const team: TeamContext = {
  teams: [],
  roles: null,
  organisations: [{ id: ORG, name: 'Ung Arena', shortName: 'UA', orgNumber: '212000-2627', kind: 'arbetsmarknadsenhet', isOwn: true }],
  members: [],
  teamId: TEAM,
  setTeamId: () => undefined,
  canEdit: true,
  isChair: true,
  extraNames: [],
};

/** The next call the page makes on `channel`, once it has made it. */
async function nextCall(calls: PendingCall[], seen: number, channel: string): Promise<PendingCall> {
  await waitFor(() => expect(calls.length).toBeGreaterThan(seen));
  const call = calls[seen];
  if (!call) throw new Error('no call');
  expect(call.channel).toBe(channel);
  return call;
}

describe('the handovers of a case', () => {
  it('never lists the handovers of a case chosen earlier under the case chosen now, however the answers arrive', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<HandoverList team={team} />, bridge);
    const [a, b] = [kase(1), kase(2)];
    (await nextCall(calls, 0, 'cases:list')).answer({ ok: true, value: [a, b] });
    const select = await screen.findByLabelText('Ärende');
    await screen.findByRole('option', { name: b.code });

    // A, answered: A's handover is listed.
    fireEvent.change(select, { target: { value: a.id } });
    const forA = await nextCall(calls, 1, 'handover:list');
    expect(forA.input).toEqual({ caseId: a.id });
    forA.answer({ ok: true, value: [handover(1, a.id, 'Arbetsförmedlingen')] });
    await screen.findByText(/Arbetsförmedlingen, mottagningen/);

    // B chosen: until B's own answer, nothing of A's stays under B.
    fireEvent.change(select, { target: { value: b.id } });
    const forB = await nextCall(calls, 2, 'handover:list');
    expect(forB.input).toEqual({ caseId: b.id });
    expect(screen.queryByText(/Arbetsförmedlingen, mottagningen/)).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Hämtar ärendets överlämningar …');

    // A again, then B again before A has answered; A's answer comes last and is dropped.
    fireEvent.change(select, { target: { value: a.id } });
    const lateA = await nextCall(calls, 3, 'handover:list');
    fireEvent.change(select, { target: { value: b.id } });
    const laterB = await nextCall(calls, 4, 'handover:list');
    laterB.answer({ ok: true, value: [handover(2, b.id, 'Försäkringskassan')] });
    forB.answer({ ok: true, value: [] });
    await screen.findByText(/Försäkringskassan, mottagningen/);
    lateA.answer({ ok: true, value: [handover(3, a.id, 'Arbetsförmedlingen')] });
    // Whatever the late answers were, B's own list is what is shown (once they have been handled).
    await act(async () => undefined);
    expect(screen.getByTestId('handover-list').textContent).toContain('Försäkringskassan');
    expect(screen.getByTestId('handover-list').textContent).not.toContain('Arbetsförmedlingen');
    expect(screen.queryByTestId('handover-empty')).toBeNull();
  });

  it('a case without handovers says so and offers "Ny överlämning", which opens the form with its heading focused', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<HandoverList team={team} />, bridge);
    const a = kase(1);
    (await nextCall(calls, 0, 'cases:list')).answer({ ok: true, value: [a] });
    await screen.findByRole('option', { name: a.code });
    fireEvent.change(screen.getByLabelText('Ärende'), { target: { value: a.id } });
    (await nextCall(calls, 1, 'handover:list')).answer({ ok: true, value: [] });
    const empty = await screen.findByTestId('handover-empty');
    expect(empty.textContent).toContain('Inga överlämningar för ärendet ännu.');
    // The empty state's button is the only "Ny överlämning" on the page.
    expect(screen.getAllByRole('button', { name: 'Ny överlämning' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Ny överlämning' }));
    const form = await screen.findByTestId('new-handover');
    expect(document.activeElement?.textContent).toBe('Ny överlämning');
    expect(form.contains(document.activeElement)).toBe(true);
    expect(screen.queryByTestId('handover-empty')).toBeNull();
    // Avbryt closes the form and the next step is offered again.
    fireEvent.click(screen.getByRole('button', { name: 'Avbryt' }));
    await screen.findByTestId('handover-empty');
    expect(screen.queryByTestId('new-handover')).toBeNull();
  });

  it('a team without active cases offers the way to Teammöten', async () => {
    const { bridge, calls } = controllableBridge();
    const went: Area[] = [];
    await renderInApp(
      <NavigateContext.Provider value={(area) => went.push(area)}>
        <HandoverList team={team} />
      </NavigateContext.Provider>,
      bridge,
    );
    (await nextCall(calls, 0, 'cases:list')).answer({ ok: true, value: [] });
    const empty = await screen.findByTestId('handover-no-cases');
    expect(empty.textContent).toContain('Teamet har inga aktiva ärenden att överlämna.');
    fireEvent.click(screen.getByRole('button', { name: 'Gå till Teammöten' }));
    expect(went).toEqual(['meetings']);
  });
});
