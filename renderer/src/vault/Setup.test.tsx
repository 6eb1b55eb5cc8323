// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { controllableBridge, renderInApp } from '../ui/test-support/app';
import { Setup } from './Setup';

afterEach(cleanup);

function fill(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label, { exact: true }), { target: { value } });
}

describe('Setup', () => {
  it('marks and focuses the field main named when it refuses the setup (a taken username)', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<Setup onDone={() => undefined} />, bridge);
    fill('Organisationens namn', 'Samordningsteamet Väst');
    fill('Organisationens slag', 'socialtjansten');
    fill('Organisationsnummer', '212000-2627');
    fill('Ditt namn', 'Anna Admin');
    fill('Ditt yrke', 'socialsekreterare');
    fill('Användarnamn', 'anna');
    fill('Lösenord', 'möte varje tisdag klockan nio');
    fill('Lösenord igen', 'möte varje tisdag klockan nio');
    fireEvent.submit(screen.getByRole('button', { name: 'Skapa valvet' }).closest('form') as HTMLFormElement);
    await waitFor(() => expect(calls.map((call) => call.channel)).toEqual(['vault:setup']));
    const username = screen.getByLabelText('Användarnamn', { exact: true });
    expect(username.getAttribute('aria-invalid')).toBeNull();
    await act(async () => calls[0]?.answer({ ok: false, error: { code: 'conflict', message: 'Username taken', detail: { reason: 'username_taken', field: 'adminUsername' } } }));
    await waitFor(() => expect(username.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (username.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(describedBy.join(' ')).toContain('Användarnamnet används redan av ett annat konto.');
    await waitFor(() => expect(document.activeElement).toBe(username));
    // Typing in it again clears the mark.
    fill('Användarnamn', 'anna.admin');
    expect(username.getAttribute('aria-invalid')).toBeNull();
  });
});
