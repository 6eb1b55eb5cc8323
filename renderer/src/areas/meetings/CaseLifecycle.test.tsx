// @vitest-environment happy-dom
// The case's course in the case view (issue 20): the phase and only the changes it allows; closing
// asks for the date, outcome and analysis, with the guard's feedback as it is typed (a personnummer
// blocks saving, a name asks for a reason); the timeline as an ordered list with ISO dates; a
// check-in recorded; a reader who is no editor sees the timeline without buttons. The bridge is a
// fake that answers what main would (main's rules: main/cases/lifecycle.test.ts).
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../../shared/cases/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { Member } from '../../../../shared/roster/model';
import { renderInApp } from '../../ui/test-support/app';
import { CaseLifecycle } from './CaseLifecycle';
import type { TeamContext } from './use-team';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const ORG = '00000000-0000-4000-8000-0000000000bb';
const CASE = '00000000-0000-4000-8000-0000000000c1';
const CHAIR = '00000000-0000-4000-8000-0000000000e1';
const CHECKIN = '00000000-0000-4000-8000-0000000000f1';

const chair: Member = { id: CHAIR, displayName: 'Alva Ordförande', profession: 'other', professionOther: 'x', organisationId: ORG, organisationName: 'Ung Arena', phone: '', email: '', accountId: null, activeFrom: '2026-01-01', activeTo: null, memberships: [] };
const team = (canEdit: boolean): TeamContext => ({ teams: [], roles: null, organisations: [], members: [chair], teamId: TEAM, setTeamId: () => undefined, canEdit, isChair: canEdit, extraNames: [] });

const event = (n: number, kind: CaseDetail['timeline'][number]['kind'], onDate: string, extra: Partial<CaseDetail['timeline'][number]> = {}): CaseDetail['timeline'][number] => ({
  id: `e${n}`,
  kind,
  onDate,
  recordedAt: `${onDate}T09:00:00.000Z`,
  recordedBy: 'Alva Ordförande',
  decidedBy: null,
  outcome: null,
  outcomeOther: '',
  reason: '',
  ...extra,
});

const active: CaseDetail = {
  id: CASE,
  teamId: TEAM,
  code: 'UT-2026-002',
  ageBand: '20-24',
  consentMode: 'anonymous',
  status: 'active',
  outcome: null,
  closedOn: null,
  raisedBy: { id: ORG, name: 'Ung Arena' },
  owner: null,
  flaggedForSupervision: false,
  readable: true,
  unreadableReason: null,
  phase: 'aktiv',
  outcomeOther: '',
  consents: [],
  breakGlass: false,
  timeline: [event(1, 'aktualiserad', '2026-09-01'), event(2, 'beredning', '2026-09-08'), event(3, 'aktiv', '2026-09-15', { decidedBy: { id: CHAIR, name: 'Alva Ordförande' } })],
  checkins: [],
  closureAnalysis: '',
};
const ANALYSIS = 'Fick anställning med lönebidrag; praktiken bar.';
const closed: CaseDetail = {
  ...active,
  status: 'closed',
  phase: 'uppfoljning',
  outcome: 'arbete-med-stod',
  closedOn: '2026-11-23',
  closureAnalysis: ANALYSIS,
  timeline: [...active.timeline, event(4, 'avslutad', '2026-11-23', { outcome: 'arbete-med-stod', reason: ANALYSIS }), event(5, 'uppfoljning', '2026-11-23')],
  checkins: [{ id: CHECKIN, months: 3, dueOn: '2027-02-23', doneOn: null, status: null, cancelledOn: null }],
};

function fakeBridge() {
  const asked: { channel: string; input: unknown }[] = [];
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      asked.push({ channel, input });
      const answer = (value: unknown) => Promise.resolve({ ok: true, value } as never);
      if (channel === 'cases:close') return answer({ ...closed, phase: 'avslutad', checkins: [], timeline: closed.timeline.slice(0, 4) });
      if (channel === 'cases:record-checkin') return answer({ ...closed, checkins: [{ ...closed.checkins[0], doneOn: '2026-11-23', status: 'studier' }] });
      return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: `unexpected ${channel}` } } as never);
    },
    on: () => () => undefined,
  };
  return { bridge, asked };
}

describe('the case’s course', () => {
  it('closes an active case with date, outcome and a guarded analysis; the timeline keeps the order and dates', async () => {
    const fake = fakeBridge();
    let shown: CaseDetail = active;
    await renderInApp(<CaseLifecycle detail={active} team={team(true)} onChange={(d) => (shown = d)} />, fake.bridge);
    expect(screen.getByTestId('case-phase').textContent).toBe('Fas: Aktiv');
    const steps = screen.getByRole('group', { name: 'Ändra fas för UT-2026-002' });
    // An active case is only closed: no archiving, no reopening.
    expect(within(steps).getAllByRole('button').map((b) => b.textContent)).toEqual(['Avsluta ärendet']);
    const items = within(screen.getByTestId('case-timeline')).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.slice(0, 24))).toEqual(['2026-09-01 Aktualiserad ', '2026-09-08 Beredning (re', '2026-09-15 Aktiv, beslut']);

    fireEvent.click(within(steps).getByRole('button', { name: 'Avsluta ärendet' }));
    const dialog = await screen.findByRole('dialog');
    const form = within(dialog).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Datum'), { target: { value: '2026-11-23' } });
    fireEvent.change(within(form).getByLabelText('Utfall (deltagarens läge vid avslut)'), { target: { value: 'arbete-med-stod' } });
    const analysis = within(form).getByLabelText('Analys vid avslut');
    const save = within(form).getByRole('button', { name: 'Spara' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // no analysis yet
    fireEvent.change(analysis, { target: { value: 'Pnr 19900101-0017 fick arbete.' } });
    expect(within(form).getByRole('alert').textContent).toContain('personnummer');
    expect(save.disabled).toBe(true);
    // A name asks for a reason before saving.
    fireEvent.change(analysis, { target: { value: 'Johanna på arbetsplatsen hjälpte till.' } });
    const reason = within(form).getByLabelText('Anledning att behålla det markerade namnet');
    expect(save.disabled).toBe(true);
    fireEvent.change(reason, { target: { value: 'Namnet är handledarens på arbetsplatsen.' } });
    expect(save.disabled).toBe(false);
    fireEvent.change(analysis, { target: { value: ANALYSIS } });
    expect(within(form).queryByLabelText('Anledning att behålla det markerade namnet')).toBeNull();
    fireEvent.click(save);
    await waitFor(() => expect(shown.phase).toBe('avslutad'));
    expect(fake.asked.map((call) => [call.channel, call.input])).toEqual([['cases:close', { caseId: CASE, date: '2026-11-23', outcome: 'arbete-med-stod', outcomeOther: '', analysis: ANALYSIS }]]);
    expect(screen.getByTestId('lifecycle-message').textContent).toBe('UT-2026-002 är nu i fasen Avslutad.');
  });

  it('records a check-in after exit; the analysis and timeline are shown; a reader who is no editor has no buttons', async () => {
    const fake = fakeBridge();
    let shown: CaseDetail = closed;
    const view = await renderInApp(<CaseLifecycle detail={closed} team={team(true)} onChange={(d) => (shown = d)} />, fake.bridge);
    expect(screen.getByTestId('closure-analysis').textContent).toBe(ANALYSIS);
    expect(within(screen.getByRole('group', { name: 'Ändra fas för UT-2026-002' })).getAllByRole('button').map((b) => b.textContent)).toEqual(['Arkivera', 'Återöppna']);
    expect(screen.getByTestId('case-checkins').textContent).toBe('efter 3 månader, planerad 2027-02-23');
    fireEvent.click(screen.getByRole('button', { name: 'Registrera uppföljning efter 3 månader' }));
    const form = within(await screen.findByRole('dialog')).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Datum'), { target: { value: '2026-11-23' } });
    fireEvent.change(within(form).getByLabelText('Deltagarens läge vid uppföljningen'), { target: { value: 'studier' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Spara' }));
    await waitFor(() => expect(shown.checkins[0]?.doneOn).toBe('2026-11-23'));
    expect(fake.asked.map((call) => call.input)).toEqual([{ checkinId: CHECKIN, date: '2026-11-23', status: 'studier' }]);
    view.unmount();

    await renderInApp(<CaseLifecycle detail={closed} team={team(false)} onChange={() => undefined} />, fake.bridge);
    expect(screen.queryByRole('group', { name: 'Ändra fas för UT-2026-002' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(within(screen.getByTestId('case-timeline')).getAllByRole('listitem')).toHaveLength(5);
  });
});
