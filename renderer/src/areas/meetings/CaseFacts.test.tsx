// @vitest-environment happy-dom
// The participant facts in the case view (issue 20): the case form offers the vault's configured
// age bands and asks kön and income at start ("Ej registrerat" is a choice, sent as null); an
// opened case's editor changes them, the income at exit only once the case has exited; another
// reader sees them as text. A save another editor's change got in before (review: lost update)
// is refused by main; the form then shows the stored facts and says, in the user's language, that
// none of the user's choices were saved.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../../shared/cases/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { contract } from '../../../../shared/ipc/contract';
import { createI18n } from '../../i18n';
import { BridgeContext } from '../../ipc/bridge-context';
import { controllableBridge, renderInApp } from '../../ui/test-support/app';
import { CaseFacts } from './CaseFacts';
import { CasesPanel } from './CasesPanel';
import type { TeamContext } from './use-team';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const ORG = '00000000-0000-4000-8000-0000000000bb';
const CASE = '00000000-0000-4000-8000-0000000000cc';

const detail = (exited: boolean): CaseDetail => ({
  id: CASE,
  teamId: TEAM,
  code: 'UT-2026-007',
  ageBand: '20-24',
  consentMode: 'anonymous',
  status: exited ? 'closed' : 'active',
  outcome: exited ? 'arbete' : null,
  closedOn: exited ? '2026-11-20' : null,
  raisedBy: { id: ORG, name: 'Ung Arena' },
  owner: null,
  flaggedForSupervision: false,
  readable: true,
  unreadableReason: null,
  outcomeOther: '',
  consents: [],
  breakGlass: false,
  phase: exited ? 'avslutad' : 'aktiv',
  timeline: [],
  checkins: [],
  closureAnalysis: '',
  facts: { gender: 'kvinna', incomeAtStart: 'forsorjningsstod', incomeAtExit: null, exited },
});

/** A bridge that answers from `answers`, checks every input against the contract, and records what was sent. */
function bridgeFor(answers: Record<string, unknown>) {
  const sent: { channel: string; input: unknown }[] = [];
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      const parsed = contract[channel].input.safeParse(input);
      if (!parsed.success) return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: 'refused' } } as never);
      sent.push({ channel, input });
      return Promise.resolve({ ok: true, value: answers[channel] ?? [] } as never);
    },
    on: () => () => undefined,
  };
  return { bridge, sent };
}

const editor: TeamContext = {
  teams: [],
  roles: null,
  organisations: [{ id: ORG, name: 'Ung Arena', shortName: 'UA', orgNumber: '212000-2627', kind: 'other', isOwn: true }] as TeamContext['organisations'],
  members: [],
  teamId: TEAM,
  setTeamId: () => undefined,
  canEdit: true,
  isChair: true,
  extraNames: [],
};

describe('participant facts', () => {
  it('the case form offers the configured age bands and asks kön and income at start; "Ej registrerat" is sent as not recorded', async () => {
    const { bridge, sent } = bridgeFor({ 'cases:age-bands': { bounds: [16, 18, 25], labels: ['16-17', '18-24', '25+'] }, 'cases:create': detail(false) });
    await renderInApp(<CasesPanel team={editor} />, bridge);
    const form = screen.getByRole('form', { name: 'Nytt ärende' });
    const bands = within(form).getByLabelText('Åldersgrupp') as HTMLSelectElement;
    await waitFor(() => expect([...bands.options].map((o) => o.textContent)).toEqual(['16–17 år', '18–24 år', '25+ år']));
    const gender = within(form).getByLabelText('Kön') as HTMLSelectElement;
    const income = within(form).getByLabelText('Försörjning vid start') as HTMLSelectElement;
    // Asked: nothing is chosen for the user, and the form cannot be sent until something is.
    expect([gender.value, income.value, gender.required, income.required]).toEqual(['', '', true, true]);
    expect([...gender.options].map((o) => o.textContent)).toEqual(['Välj …', 'Kvinna', 'Man', 'Annat / vill inte ange', 'Ej registrerat']);
    fireEvent.change(bands, { target: { value: '18-24' } });
    fireEvent.change(gender, { target: { value: 'man' } });
    fireEvent.change(income, { target: { value: 'ej-registrerat' } });
    fireEvent.submit(form);
    await waitFor(() => expect(sent.find((s) => s.channel === 'cases:create')?.input).toMatchObject({ ageBand: '18-24', gender: 'man', incomeAtStart: null }));
  });

  it('an editor changes the facts; the income at exit is offered only once the case has exited', async () => {
    const changed: CaseDetail[] = [];
    const open = bridgeFor({ 'cases:set-facts': detail(false) });
    await renderInApp(<CaseFacts detail={detail(false)} canEdit onChange={(d) => changed.push(d)} />, open.bridge);
    expect(screen.queryByLabelText('Försörjning vid avslut')).toBeNull();
    expect(screen.getByText('Försörjning vid avslut registreras när ärendet har avslutats.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Kön'), { target: { value: 'annat' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara uppgifterna' }));
    await waitFor(() => expect(screen.getByTestId('case-facts-message').textContent).toBe('Uppgifterna för uppföljning är sparade.'));
    // Without an income at exit: the case has not exited.
    // With the facts the page showed: main writes only while they are still the stored ones.
    expect(open.sent).toEqual([{ channel: 'cases:set-facts', input: { caseId: CASE, gender: 'annat', incomeAtStart: 'forsorjningsstod', expected: { gender: 'kvinna', incomeAtStart: 'forsorjningsstod', incomeAtExit: null } } }]);
    expect(changed).toHaveLength(1);
    cleanup();

    const exited = bridgeFor({ 'cases:set-facts': detail(true) });
    await renderInApp(<CaseFacts detail={detail(true)} canEdit onChange={() => undefined} />, exited.bridge);
    fireEvent.change(screen.getByLabelText('Försörjning vid avslut'), { target: { value: 'arbete' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara uppgifterna' }));
    await waitFor(() => expect(exited.sent).toEqual([{ channel: 'cases:set-facts', input: { caseId: CASE, gender: 'kvinna', incomeAtStart: 'forsorjningsstod', incomeAtExit: 'arbete', expected: { gender: 'kvinna', incomeAtStart: 'forsorjningsstod', incomeAtExit: null } } }]));
  });

  it('another reader sees the facts as text, "Ej registrerat" where nothing was recorded', async () => {
    await renderInApp(<CaseFacts detail={detail(true)} canEdit={false} onChange={() => undefined} />, bridgeFor({}).bridge);
    const facts = screen.getByTestId('case-facts');
    expect([...facts.querySelectorAll('dt, dd')].map((e) => e.textContent)).toEqual(['Kön', 'Kvinna', 'Försörjning vid start', 'Försörjningsstöd', 'Försörjning vid avslut', 'Ej registrerat']);
    expect(within(facts).queryByRole('button')).toBeNull();
  });

  it('someone else changed the facts meanwhile: the save is refused, the form shows the stored facts and says nothing of the user’s was saved', async () => {
    const { bridge, calls } = controllableBridge();
    const changed: CaseDetail[] = [];
    await renderInApp(<CaseFacts detail={detail(false)} canEdit onChange={(d) => changed.push(d)} />, bridge);
    fireEvent.change(screen.getByLabelText('Försörjning vid start'), { target: { value: 'arbetsloshetsersattning' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara uppgifterna' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.input).toMatchObject({ incomeAtStart: 'arbetsloshetsersattning', expected: { gender: 'kvinna', incomeAtStart: 'forsorjningsstod', incomeAtExit: null } });
    calls[0]?.answer({ ok: false, error: { code: 'conflict', message: 'x', detail: { reason: 'facts_changed' } } });
    // The case is read again …
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toMatchObject({ channel: 'cases:get', input: { caseId: CASE } });
    const stored = { ...detail(false), facts: { gender: 'man' as const, incomeAtStart: 'forsorjningsstod' as const, incomeAtExit: null, exited: false } };
    calls[1]?.answer({ ok: true, value: stored });
    // … and shown as stored, with the reason in Swedish; the user's choice is not kept in the form.
    await waitFor(() => expect(screen.getByTestId('case-facts-message').textContent).toBe(
      'Uppgifterna för uppföljning har ändrats sedan formuläret visades (av någon annan, eller i ett annat fönster). Inget av dina val sparades. Formuläret visar nu de sparade uppgifterna – kontrollera dem, gör din ändring igen och spara.',
    ));
    expect((screen.getByLabelText('Kön') as HTMLSelectElement).value).toBe('man');
    expect((screen.getByLabelText('Försörjning vid start') as HTMLSelectElement).value).toBe('forsorjningsstod');
    expect(changed).toEqual([stored]);
    // Saved again, it sends the facts it now shows as what it saw.
    fireEvent.change(screen.getByLabelText('Försörjning vid start'), { target: { value: 'arbetsloshetsersattning' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara uppgifterna' }));
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2]?.input).toEqual({ caseId: CASE, gender: 'man', incomeAtStart: 'arbetsloshetsersattning', expected: { gender: 'man', incomeAtStart: 'forsorjningsstod', incomeAtExit: null } });
  });

  it('the same refusal in English', async () => {
    const { bridge, calls } = controllableBridge();
    const i18n = await createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <BridgeContext.Provider value={bridge}>
          <CaseFacts detail={detail(false)} canEdit onChange={() => undefined} />
        </BridgeContext.Provider>
      </I18nextProvider>,
    );
    fireEvent.submit(screen.getByRole('button', { name: 'Save the facts' }).closest('form') as HTMLFormElement);
    await waitFor(() => expect(calls).toHaveLength(1));
    calls[0]?.answer({ ok: false, error: { code: 'conflict', message: 'x', detail: { reason: 'facts_changed' } } });
    await waitFor(() => expect(calls).toHaveLength(2));
    calls[1]?.answer({ ok: true, value: detail(false) });
    await waitFor(() => expect(screen.getByTestId('case-facts-message').textContent).toBe(
      'The follow-up facts were changed since the form was shown (by someone else, or in another window). None of your choices were saved. The form now shows the saved facts – check them, make your change again and save.',
    ));
  });
});
