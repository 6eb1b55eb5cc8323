// @vitest-environment happy-dom
// A consent in the opened case (issue 20): whether its signed form came back, the samtyckesblankett
// saved through the folder picker, and the day the form came back recorded by an editor. The
// bridge is a fake that answers what main would (main's rules: main/cases/consents.test.ts).
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail, Consent } from '../../../../shared/cases/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { renderInApp } from '../../ui/test-support/app';
import { CasesPanel } from './CasesPanel';
import type { TeamContext } from './use-team';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const ORG = '00000000-0000-4000-8000-0000000000bb';
const CASE = '00000000-0000-4000-8000-0000000000c1';
const CONSENT = '00000000-0000-4000-8000-0000000000d1';

const consent: Consent = {
  id: CONSENT,
  organisationId: ORG,
  organisationName: 'Socialtjänsten',
  direction: 'share',
  categories: ['economy-social'],
  purpose: 'Samordnat stöd (påhittat)',
  validFrom: '2026-11-01',
  validTo: '2026-12-13',
  guardianConsent: false,
  paperFiledAt: 'Socialtjänstens akt',
  withdrawnOn: null,
  paperReturnedOn: null,
};
const detail = (paperReturnedOn: string | null): CaseDetail => ({
  id: CASE,
  teamId: TEAM,
  code: 'UT-2026-002',
  ageBand: '21-25',
  consentMode: 'consent',
  status: 'active',
  outcome: null,
  closedOn: null,
  raisedBy: { id: ORG, name: 'Socialtjänsten' },
  owner: null,
  flaggedForSupervision: false,
  readable: true,
  unreadableReason: null,
  phase: 'aktiv',
  outcomeOther: '',
  consents: [{ ...consent, paperReturnedOn }],
  breakGlass: false,
  timeline: [],
  checkins: [],
  closureAnalysis: '',
});

const team = (canEdit: boolean): TeamContext => ({ teams: [], roles: null, organisations: [], members: [], teamId: TEAM, setTeamId: () => undefined, canEdit, isChair: canEdit, extraNames: [] });

function fakeBridge() {
  const asked: { channel: string; input: unknown }[] = [];
  let returned: string | null = null;
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      asked.push({ channel, input });
      const answer = (value: unknown) => Promise.resolve({ ok: true, value } as never);
      if (channel === 'cases:list') return answer((input as { status: string }).status === 'active' ? [detail(returned)] : []);
      if (channel === 'cases:get') return answer(detail(returned));
      if (channel === 'files:folders') return answer({ path: '/export', parent: null, folders: [] });
      if (channel === 'files:remember-folder') return answer({});
      if (channel === 'cases:consent-form-pdf') return answer({ file: '/export/samtycke-UT-2026-002-2026-11-23.pdf', sha256: '0'.repeat(64), rows: 1 });
      if (channel === 'cases:consent-paper-returned') {
        returned = (input as { date: string }).date;
        return answer(detail(returned));
      }
      return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: `unexpected ${channel}` } } as never);
    },
    on: () => () => undefined,
  };
  return { bridge, asked };
}

describe('a consent in the opened case', () => {
  it('saves its samtyckesblankett into the picked folder and records the day the signed form came back', async () => {
    const fake = fakeBridge();
    let changed = 0;
    await renderInApp(<CasesPanel team={team(true)} onConsentsChanged={() => (changed += 1)} />, fake.bridge);
    fireEvent.click(await screen.findByRole('button', { name: 'Öppna UT-2026-002' }));
    const editor = await screen.findByTestId('case-editor');
    expect(within(editor).getByTestId('consents').textContent).toContain('undertecknad blankett inte tillbaka');

    fireEvent.click(within(editor).getByRole('button', { name: 'Samtyckesblankett (PDF) för Socialtjänsten' }));
    fireEvent.click(await within(editor).findByRole('button', { name: 'Spara här' }));
    await within(editor).findByText('Blanketten är sparad: /export/samtycke-UT-2026-002-2026-11-23.pdf');
    expect(fake.asked.filter((call) => call.channel === 'cases:consent-form-pdf').map((call) => call.input)).toEqual([{ consentId: CONSENT, folder: '/export' }]);

    const form = within(editor).getByRole('form', { name: 'Blanketten för Socialtjänsten kom tillbaka' });
    fireEvent.change(within(form).getByLabelText('Dag blanketten kom tillbaka'), { target: { value: '2026-11-20' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrera att blanketten kom tillbaka' }));
    await within(editor).findByText('Dagen då den undertecknade blanketten kom tillbaka är registrerad.');
    expect(fake.asked.filter((call) => call.channel === 'cases:consent-paper-returned').map((call) => call.input)).toEqual([{ consentId: CONSENT, date: '2026-11-20' }]);
    expect(within(editor).getByTestId('consents').textContent).toContain('undertecknad blankett tillbaka 2026-11-20');
    expect(within(editor).queryByRole('form', { name: 'Blanketten för Socialtjänsten kom tillbaka' })).toBeNull();
    await waitFor(() => expect(changed).toBe(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a member who is no editor may save the form but not record its return', async () => {
    const fake = fakeBridge();
    await renderInApp(<CasesPanel team={team(false)} />, fake.bridge);
    fireEvent.click(await screen.findByRole('button', { name: 'Öppna UT-2026-002' }));
    const editor = await screen.findByTestId('case-editor');
    expect(within(editor).getByRole('button', { name: 'Samtyckesblankett (PDF) för Socialtjänsten' })).toBeTruthy();
    expect(within(editor).queryByRole('form', { name: 'Blanketten för Socialtjänsten kom tillbaka' })).toBeNull();
  });
});
