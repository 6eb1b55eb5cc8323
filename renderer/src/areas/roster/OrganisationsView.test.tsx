// @vitest-environment happy-dom
// The organisations tab on the component layer: the removal names the organisation removed (not
// what the form holds by then), the latest save's answer is the one shown, and an empty list
// offers the next step.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { controllableBridge, renderInApp } from '../../ui/test-support/app';
import { OrganisationsView } from './OrganisationsView';
import { FK, basicsFor } from './test-support/basics';

afterEach(cleanup);

const message = (): string | null | undefined => screen.queryByTestId('organisation-message')?.textContent;

describe('the organisations tab', () => {
  it('says the removed organisation’s own name, even when the form’s name was changed before removing', async () => {
    const { bridge, calls } = controllableBridge();
    const basics = basicsFor();
    await renderInApp(<OrganisationsView basics={basics} />, bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Ändra Försäkringskassan' }));
    // Typed into the name but not saved: the organisation in the vault is still Försäkringskassan.
    fireEvent.change(screen.getByLabelText('Organisationens namn'), { target: { value: 'Försäkringskassan Skaraborg' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ta bort organisationen…' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Ta bort organisationen…' });
    expect(dialog.textContent).toContain('Ta bort Försäkringskassan?');
    fireEvent.click(screen.getByRole('button', { name: 'Ja, ta bort Försäkringskassan' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.channel).toBe('roster:remove-organisation');
    expect(calls[0]?.input).toEqual({ organisationId: FK.id });
    await act(async () => calls[0]?.answer({ ok: true, value: { removed: true } }));
    await waitFor(() => expect(message()).toBe('Försäkringskassan är borttagen.'));
    expect(basics.reloads).toBe(1);
    // Beside the buttons, not elsewhere on the page; nothing left to remove.
    expect(screen.getByTestId('organisation-message').closest('.action-row')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Ta bort organisationen…' })).toBeNull();
  });

  it('removes nothing when the question is cancelled', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<OrganisationsView basics={basicsFor()} />, bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Ändra Försäkringskassan' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ta bort organisationen…' }));
    await screen.findByRole('alertdialog');
    fireEvent.click(screen.getByRole('button', { name: 'Avbryt' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls).toHaveLength(0);
    expect(message()).toBeFalsy();
  });

  it('shows the latest save’s answer when two saves are answered out of order', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<OrganisationsView basics={basicsFor()} />, bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Ändra Försäkringskassan' }));
    const name = screen.getByLabelText('Organisationens namn');
    fireEvent.change(name, { target: { value: 'FK Lidköping' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    fireEvent.change(name, { target: { value: 'FK Skaraborg' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls.map((call) => (call.input as { name: string }).name)).toEqual(['FK Lidköping', 'FK Skaraborg']);
    await act(async () => calls[1]?.answer({ ok: true, value: { ...FK, name: 'FK Skaraborg' } }));
    await waitFor(() => expect(message()).toBe('FK Skaraborg är sparad.'));
    await act(async () => calls[0]?.answer({ ok: true, value: { ...FK, name: 'FK Lidköping' } }));
    expect(message()).toBe('FK Skaraborg är sparad.');
  });

  it('makes a new organisation once when Spara is clicked again before the first answer', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<OrganisationsView basics={basicsFor()} />, bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Ny organisation' }));
    fireEvent.change(screen.getByLabelText('Organisationens namn'), { target: { value: 'Arbetsförmedlingen' } });
    fireEvent.change(screen.getByLabelText('Organisationsnummer'), { target: { value: '202100-2114' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    const made = { id: '00000000-0000-4000-8000-0000000000a3', name: 'Arbetsförmedlingen', shortName: '', orgNumber: '202100-2114', kind: 'other' as const, isOwn: false };
    await act(async () => calls[0]?.answer({ ok: true, value: made }));
    await waitFor(() => expect(message()).toBe('Arbetsförmedlingen är sparad.'));
    // Saved again: it changes the one made.
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect((calls[1]?.input as { id?: string }).id).toBe(made.id);
  });

  it('with no organisations offers to add one, and the button opens the form with the focus on its first field', async () => {
    await renderInApp(<OrganisationsView basics={basicsFor({ organisations: [] })} />);
    const empty = screen.getByTestId('no-organisations');
    expect(empty.textContent).toContain('Inga organisationer ännu.');
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till organisation' }));
    const name = await screen.findByLabelText('Organisationens namn');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(screen.queryByTestId('no-organisations')).toBeNull();
  });

  it('with no organisations tells someone who is not an admin who adds them, without a button', async () => {
    await renderInApp(<OrganisationsView basics={basicsFor({ organisations: [], roles: { isAdmin: false, memberId: null, teams: [] } })} />);
    expect(screen.getByTestId('no-organisations').textContent).toContain('En administratör lägger till dem.');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
