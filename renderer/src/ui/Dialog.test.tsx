// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useConfirm } from './Dialog';
import { renderInApp } from './test-support/app';

afterEach(cleanup);

/** A page with a button that asks before removing, and a button outside the dialog. */
function Harness({ destructive, answers }: { destructive: boolean; answers: boolean[] }) {
  const { confirm, dialog } = useConfirm();
  const [removed, setRemoved] = useState(false);
  return (
    <main>
      <button type="button">Utanför</button>
      <button
        type="button"
        onClick={() =>
          void confirm({ title: 'Ta bort kontot?', message: 'Ta bort Bo?\nDet går inte att ångra.', confirmLabel: 'Ta bort', destructive }).then((yes) => {
            answers.push(yes);
            setRemoved(yes);
          })
        }
      >
        Öppna frågan
      </button>
      {removed && <p>Borttagen</p>}
      {dialog}
    </main>
  );
}

async function open(destructive: boolean): Promise<{ opener: HTMLElement; answers: boolean[] }> {
  const answers: boolean[] = [];
  await renderInApp(<Harness destructive={destructive} answers={answers} />);
  const opener = screen.getByRole('button', { name: 'Öppna frågan' });
  // As a user's click would: the button has focus when the dialog opens.
  act(() => opener.focus());
  fireEvent.click(opener);
  await screen.findByRole('alertdialog', { name: 'Ta bort kontot?' });
  return { opener, answers };
}

const dialog = (): HTMLElement => screen.getByRole('alertdialog');
const active = (): string | null | undefined => document.activeElement?.textContent;

describe('ConfirmDialog (useConfirm)', () => {
  it('is a modal alert dialog named by its title, with the question and the action as its button', async () => {
    await open(true);
    expect(dialog().getAttribute('aria-labelledby')).toBeTruthy();
    expect(dialog().textContent).toContain('Ta bort Bo?\nDet går inte att ångra.');
    expect(screen.getByRole('button', { name: 'Ta bort' }).className).toContain('danger');
    expect(screen.getByRole('button', { name: 'Avbryt' })).toBeTruthy();
  });

  it('gives Cancel focus first when destructive, the action otherwise', async () => {
    await open(true);
    await waitFor(() => expect(active()).toBe('Avbryt'));
    cleanup();
    await open(false);
    await waitFor(() => expect(active()).toBe('Ta bort'));
  });

  it('holds focus inside: Tab from the last button wraps to the first, and focus moved outside comes back', async () => {
    await open(true);
    await waitFor(() => expect(active()).toBe('Avbryt'));
    const cancel = screen.getByRole('button', { name: 'Avbryt' });
    const action = screen.getByRole('button', { name: 'Ta bort' });
    act(() => action.focus());
    fireEvent.keyDown(action, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    // The page behind is hidden from assistive technology while the dialog is open…
    const behind = document.querySelector('main');
    expect(behind?.closest('[aria-hidden="true"], [inert]')).not.toBeNull();
    // …and focus sent there is brought back into the dialog.
    act(() => (behind?.querySelector('button') as HTMLButtonElement).focus());
    await waitFor(() => expect(dialog().contains(document.activeElement)).toBe(true));
  });

  it('closes on Esc as Cancel, and gives focus back to the button that opened it', async () => {
    const { opener, answers } = await open(true);
    await waitFor(() => expect(active()).toBe('Avbryt'));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(answers).toEqual([false]);
    await waitFor(() => expect(document.activeElement).toBe(opener));
    expect(screen.queryByText('Borttagen')).toBeNull();
  });

  it('answers yes with the action button', async () => {
    const { opener, answers } = await open(true);
    fireEvent.click(screen.getByRole('button', { name: 'Ta bort' }));
    await screen.findByText('Borttagen');
    expect(answers).toEqual([true]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });
});
