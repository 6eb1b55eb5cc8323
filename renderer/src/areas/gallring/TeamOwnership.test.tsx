// @vitest-environment happy-dom
// Who owns the records (issue 20): the admin's form per team sends what was typed (an empty
// decision as none), and once every team in use has a gallringsbeslut the retention rules above
// stop saying "Förslag". The wording never calls the admin's switch a gallringsbeslut of their own.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import sv from '../../i18n/sv.json';
import en from '../../i18n/en.json';
import type { TeamOwnership as Owned } from '../../../../shared/retention/ownership';
import { RETENTION_DEFAULTS, RETENTION_MINIMUM } from '../../../../shared/retention/model';
import { type PendingCall, controllableBridge, renderInApp } from '../../ui/test-support/app';
import { RetentionRules } from '../RetentionRules';
import { RetentionRefreshProvider } from './refresh';
import { TeamOwnership } from './TeamOwnership';

afterEach(cleanup);

const TEAM = '6f0c8f4e-8d3a-4f6b-9a51-2f0a7d0c1b11';
const ARCHIVED = '6f0c8f4e-8d3a-4f6b-9a51-2f0a7d0c1b12';
const team = (over: Partial<Owned> = {}): Owned => ({ teamId: TEAM, teamName: 'Team Öst', archived: false, controller: null, archiveCreator: null, decisionReference: null, updatedAt: null, ...over });
const view = (decisionReference: string | null) => ({
  rules: { ...RETENTION_DEFAULTS },
  defaults: { ...RETENTION_DEFAULTS },
  minimum: { ...RETENTION_MINIMUM },
  backupMaxDays: 366,
  proposal: decisionReference === null,
  decisions: [{ teamName: 'Team Öst', decisionReference }],
});

async function answer(call: PendingCall | undefined, value: unknown): Promise<void> {
  if (!call) throw new Error('no such call');
  await act(async () => call.answer({ ok: true, value }));
}
const last = (calls: PendingCall[], channel: string): PendingCall | undefined => calls.filter((call) => call.channel === channel).at(-1);

describe('who owns the records', () => {
  it('saves a team’s authorities and decision; the rules stop being a proposal', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(
      <RetentionRefreshProvider>
        <TeamOwnership />
        <RetentionRules />
      </RetentionRefreshProvider>,
      bridge,
    );
    await answer(last(calls, 'retention:ownership'), [team(), team({ teamId: ARCHIVED, teamName: 'Team Arkiv', archived: true })]);
    await answer(last(calls, 'roster:organisations'), [{ id: TEAM, name: 'Exempelby kommun (påhittad)', shortName: 'EK', orgNumber: '212000-0000', kind: 'kommun', isOwn: true }]);
    await answer(last(calls, 'retention:rules'), view(null));
    expect(screen.getByTestId('retention-proposal').textContent).toBe('Förslag');
    expect(screen.getByTestId('retention-decision').textContent).toContain('Saknas för: Team Öst.');
    // Archived teams are not asked for; the roster's organisations are offered.
    expect(screen.queryByTestId('ownership-Team Arkiv')).toBeNull();
    expect([...document.querySelectorAll('#ownership-authorities option')].map((o) => o.getAttribute('value'))).toEqual(['Exempelby kommun (påhittad)']);

    const form = screen.getByTestId('ownership-Team Öst');
    expect(within(form).getByTestId('ownership-state').textContent).toBe('Inget gallringsbeslut angivet: gallringsreglerna är ett förslag för det här teamet.');
    fireEvent.change(within(form).getByLabelText('Personuppgiftsansvarig myndighet'), { target: { value: 'Socialnämnden i Exempelby (påhittad)' } });
    fireEvent.change(within(form).getByLabelText('Arkivbildare'), { target: { value: 'Exempelby kommun (påhittad)' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Spara för Team Öst' }));
    // No decision typed: sent as none.
    expect(last(calls, 'retention:set-ownership')?.input).toEqual({ teamId: TEAM, controller: 'Socialnämnden i Exempelby (påhittad)', archiveCreator: 'Exempelby kommun (påhittad)', decisionReference: null });
    await answer(last(calls, 'retention:set-ownership'), team({ controller: 'Socialnämnden i Exempelby (påhittad)', archiveCreator: 'Exempelby kommun (påhittad)' }));
    await answer(last(calls, 'retention:rules'), view(null));

    fireEvent.change(within(form).getByLabelText('Gallringsbeslut (diarienummer och datum)'), { target: { value: '  Dnr KS 2025/123, 2025-03-01 ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Spara för Team Öst' }));
    expect(last(calls, 'retention:set-ownership')?.input).toMatchObject({ decisionReference: 'Dnr KS 2025/123, 2025-03-01' });
    await answer(last(calls, 'retention:set-ownership'), team({ controller: 'S', archiveCreator: 'A', decisionReference: 'Dnr KS 2025/123, 2025-03-01' }));
    expect(within(form).getByRole('status').textContent).toBe('Sparat för Team Öst.');
    expect(within(form).getByTestId('ownership-state').textContent).toBe('Gallringsreglerna följer Dnr KS 2025/123, 2025-03-01.');
    // Saving told the rules: they load again, and say whose decision they carry out.
    await answer(last(calls, 'retention:rules'), view('Dnr KS 2025/123, 2025-03-01'));
    await waitFor(() => expect(screen.queryByTestId('retention-proposal')).toBeNull());
    expect(screen.getByTestId('retention-decision').textContent).toBe('Reglerna verkställer myndighetens gallringsbeslut: Team Öst – Dnr KS 2025/123, 2025-03-01.');
  });

  it('a refusal is said in words beside the form', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(
      <RetentionRefreshProvider>
        <TeamOwnership />
      </RetentionRefreshProvider>,
      bridge,
    );
    await answer(last(calls, 'retention:ownership'), [team({ controller: 'Socialnämnden (påhittad)', archiveCreator: 'Kommunen (påhittad)' })]);
    expect(last(calls, 'retention:set-ownership')).toBeUndefined();
    fireEvent.change(screen.getByLabelText('Gallringsbeslut (diarienummer och datum)'), { target: { value: 'Begäran 19121212-1212' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara för Team Öst' }));
    const save = last(calls, 'retention:set-ownership');
    expect(save?.input).toMatchObject({ decisionReference: 'Begäran 19121212-1212' });
    await act(async () => save?.answer({ ok: false, error: { code: 'invalid_input', message: 'x', detail: { reason: 'identifiers_in_text', field: 'decisionReference' } } }));
    expect(screen.getByRole('alert').textContent).toContain('kan identifiera en person');
  });

  it('the gallring screens never call the admin’s switch their own gallringsbeslut', () => {
    const texts = (value: unknown): string[] => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(texts) : []);
    for (const group of [sv.gallring, sv.retention, sv.ownership]) for (const text of texts(group)) expect(text).not.toMatch(/stående gallringsbeslut|ditt .*gallringsbeslut/i);
    for (const group of [en.gallring, en.retention, en.ownership]) for (const text of texts(group)) expect(text).not.toMatch(/standing (purge )?decision|your .*decision/i);
    expect(sv.gallring.schedule.help).toContain('verkställer');
    expect(en.gallring.schedule.help).toContain('carries them out');
  });
});
