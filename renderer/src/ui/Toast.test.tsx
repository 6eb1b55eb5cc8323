// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from './Toast';
import { ActionRow } from './Toast';
import { renderInApp } from './test-support/app';

afterEach(cleanup);

function Save({ outcome }: { outcome: Message }) {
  const [message, setMessage] = useState<Message>(null);
  return (
    <ActionRow message={message} testId="save-status">
      <button type="button" onClick={() => setMessage(outcome)}>
        Spara
      </button>
    </ActionRow>
  );
}

describe('Toast beside its action', () => {
  it('has its polite live region in the page before anything is said, and says the confirmation in it', async () => {
    await renderInApp(<Save outcome={{ error: false, text: 'Sparat.' }} />);
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');
    expect(screen.queryByTestId('save-status')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    // The same element (announced because it was already there), right beside the button.
    expect(screen.getByRole('status')).toBe(region);
    expect(region.textContent).toBe('Sparat.');
    expect(screen.getByTestId('save-status')).toBe(region);
    expect(region.closest('.action-row')?.contains(screen.getByRole('button', { name: 'Spara' }))).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says a failure as an alert', async () => {
    await renderInApp(<Save outcome={{ error: true, text: 'Kunde inte sparas.' }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    expect(screen.getByRole('alert').textContent).toBe('Kunde inte sparas.');
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
