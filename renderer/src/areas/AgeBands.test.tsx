// @vitest-environment happy-dom
// The admin's age bands (issue 20): the stored bounds are shown, a preview names the bands they
// make, a list main would refuse is marked and not sent, and a good one is saved.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamvalvBridge } from '../../../shared/ipc/bridge';
import { contract } from '../../../shared/ipc/contract';
import { renderInApp } from '../ui/test-support/app';
import { AgeBands, parseBounds } from './AgeBands';

afterEach(cleanup);

describe('age bands', () => {
  it('reads bounds as main checks them: at least two, ascending, 15–99', () => {
    expect(parseBounds('16, 20, 25, 30')).toEqual([16, 20, 25, 30]);
    expect(parseBounds('16 18;25')).toEqual([16, 18, 25]);
    for (const text of ['16', '20, 16', '14, 20', '16, 16', '16, 100', '16, 2x', '']) expect(parseBounds(text), text).toBeNull();
  });

  it('shows the stored bands, previews a change, refuses a bad list without sending it, saves a good one', async () => {
    const sent: { channel: string; input: unknown }[] = [];
    const bridge: TeamvalvBridge = {
      invoke: (channel, input) => {
        if (!contract[channel].input.safeParse(input).success) return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: 'refused' } } as never);
        sent.push({ channel, input });
        if (channel === 'cases:age-bands') return Promise.resolve({ ok: true, value: { bounds: [16, 20, 25, 30], labels: ['16-19', '20-24', '25-29', '30+'] } } as never);
        return Promise.resolve({ ok: true, value: { bounds: [16, 18, 25], labels: ['16-17', '18-24', '25+'] } } as never);
      },
      on: () => () => undefined,
    };
    await renderInApp(<AgeBands />, bridge);
    const field = screen.getByLabelText('Nedre gränser, skilda med komma') as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('16, 20, 25, 30'));
    expect(screen.getByText('Grupperna blir: 16–19, 20–24, 25–29, 30+')).toBeTruthy();
    fireEvent.change(field, { target: { value: '20, 16' } });
    expect(field.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Spara åldersgrupperna' }));
    await waitFor(() => expect(screen.getAllByText('Ange minst två hela tal mellan 15 och 99 i stigande ordning.').length).toBeGreaterThan(0));
    expect(sent.map((s) => s.channel)).toEqual(['cases:age-bands']);
    fireEvent.change(field, { target: { value: '16, 18, 25' } });
    expect(screen.getByText('Grupperna blir: 16–17, 18–24, 25+')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Spara åldersgrupperna' }));
    await screen.findByText('Åldersgrupperna är sparade: 16–17, 18–24, 25+');
    expect(sent[1]).toEqual({ channel: 'cases:set-age-bands', input: { bounds: [16, 18, 25] } });
  });
});
