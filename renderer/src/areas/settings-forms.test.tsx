// @vitest-environment happy-dom
// Settings' forms on the ui layer, with answers arriving in any order: the register extract shows
// the latest search's answer only, and the guard's name list never writes a late first load over
// what the admin has typed since; retention rules that cannot be read say so instead of nothing.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type PendingCall, controllableBridge, renderInApp } from '../ui/test-support/app';
import { GuardNames } from './GuardNames';
import { RegisterExtract } from './RegisterExtract';
import { RetentionRules } from './RetentionRules';
import { RetentionRefreshProvider } from './gallring/refresh';

afterEach(cleanup);

async function answer(call: PendingCall | undefined, value: unknown): Promise<void> {
  if (!call) throw new Error('no such call');
  await act(async () => call.answer({ ok: true, value }));
}

describe('the register extract', () => {
  it('shows the latest search only, even when an earlier one answers after it', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<RegisterExtract />, bridge);
    const code = screen.getByLabelText('Ärendekod');
    fireEvent.change(screen.getByLabelText('Skäl (begärans diarienummer)'), { target: { value: 'Begäran 2026:15' } });
    const run = screen.getByRole('button', { name: 'Ta fram utdrag' });
    fireEvent.change(code, { target: { value: 'ut-2026-001' } });
    fireEvent.click(run);
    // A typo put right, searched again before the first answer came.
    fireEvent.change(code, { target: { value: 'ut-2026-002' } });
    fireEvent.click(run);
    const [first, second] = calls.filter((call) => call.channel === 'register:extract');
    expect(first?.input).toEqual({ caseCode: 'UT-2026-001', reason: 'Begäran 2026:15' });
    expect(second?.input).toEqual({ caseCode: 'UT-2026-002', reason: 'Begäran 2026:15' });
    await answer(second, { caseCode: 'UT-2026-002', records: [{ kind: 'case', date: '2026-02-01', text: 'andra ärendet' }] });
    await screen.findByTestId('register-extract');
    await answer(first, { caseCode: 'UT-2026-001', records: [{ kind: 'case', date: '2026-01-01', text: 'första ärendet' }] });
    const table = screen.getByTestId('register-extract');
    expect(table.querySelector('caption')?.textContent).toBe('UT-2026-002: 1 uppgifter');
    expect(table.textContent).toContain('andra ärendet');
    expect(table.textContent).not.toContain('första ärendet');
  });
});

describe('the guard’s own names', () => {
  it('keeps what the admin typed when the stored list comes after', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<GuardNames />, bridge);
    const names = screen.getByLabelText('Namn och platser att stoppa, ett per rad');
    expect(names.tagName).toBe('TEXTAREA');
    fireEvent.change(names, { target: { value: 'Lillån\nNorrby' } });
    await answer(calls.find((call) => call.channel === 'guard:names'), { names: ['Gamla listan'] });
    expect((names as HTMLTextAreaElement).value).toBe('Lillån\nNorrby');

    fireEvent.click(screen.getByRole('button', { name: 'Spara listan' }));
    const save = calls.find((call) => call.channel === 'guard:set-names');
    expect(save?.input).toEqual({ names: ['Lillån', 'Norrby'] });
    await answer(save, { names: ['Lillån', 'Norrby'] });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2 namn sparade.'));
  });

  it('shows the stored list when it comes before any typing', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<GuardNames />, bridge);
    await answer(calls.find((call) => call.channel === 'guard:names'), { names: ['Lillån', 'Norrby'] });
    expect((screen.getByLabelText('Namn och platser att stoppa, ett per rad') as HTMLTextAreaElement).value).toBe('Lillån\nNorrby');
  });
});

describe('the retention rules', () => {
  it('say why when the stored rules cannot be read, instead of showing nothing', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(
      <RetentionRefreshProvider>
        <RetentionRules />
      </RetentionRefreshProvider>,
      bridge,
    );
    const load = calls.find((call) => call.channel === 'retention:rules');
    await act(async () => load?.answer({ ok: false, error: { code: 'internal', message: 'unreadable' } }));
    expect(screen.getByRole('heading', { name: 'Gallring: hur länge uppgifter sparas' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Något gick fel i Teamvalv. Försök igen; om felet kvarstår, starta om appen.');
    expect(screen.queryByRole('form')).toBeNull();
  });
});
