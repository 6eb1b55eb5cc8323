// @vitest-environment happy-dom
// The trust store without any partner key: an admin gets the next step as a button (importing a
// key file, or first adding the partner organisation); anyone else is told who does it.
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { Area } from '../../app/areas';
import { NavigateContext } from '../../app/navigate';
import { renderInApp } from '../../ui/test-support/app';
import type { TeamContext } from '../meetings/use-team';
import { Keys } from './Keys';

afterEach(cleanup);

type Organisations = TeamContext['organisations'];
const OWN = { id: '00000000-0000-4000-8000-0000000000b1', name: 'Ung Arena', shortName: 'UA', orgNumber: '212000-2627', kind: 'arbetsmarknadsenhet', isOwn: true } satisfies Organisations[number];
const PARTNER = { id: '00000000-0000-4000-8000-0000000000b2', name: 'Arbetsförmedlingen', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen', isOwn: false } satisfies Organisations[number];

/** Main with no own key shown and an empty trust store. */
const emptyStore: TeamvalvBridge = {
  invoke: () => Promise.resolve({ ok: true, value: [] } as never),
  on: () => () => undefined,
};

async function renderKeys(isAdmin: boolean, organisations: Organisations): Promise<Area[]> {
  const went: Area[] = [];
  await renderInApp(
    <NavigateContext.Provider value={(area, section) => went.push(area, ...(section ? [section as Area] : []))}>
      <Keys isAdmin={isAdmin} organisations={organisations} />
    </NavigateContext.Provider>,
    emptyStore,
  );
  return went;
}

describe('the trust store without partner keys', () => {
  it('an admin with a partner organisation is led to the import form: its organisation choice gets focus', async () => {
    await renderKeys(true, [OWN, PARTNER]);
    const empty = await screen.findByTestId('no-trusted-keys');
    expect(empty.textContent).toContain('Importera partnerns nyckelfil');
    expect(screen.queryByTestId('trusted-keys')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Importera en nyckelfil' }));
    const choice = screen.getByRole('form', { name: 'Importera en partners nyckelfil' }).querySelector('select');
    expect(choice).not.toBeNull();
    expect(document.activeElement).toBe(choice);
    expect([...(choice?.options ?? [])].map((option) => option.text)).toEqual(['Välj organisation', 'Arbetsförmedlingen']);
  });

  it('an admin without any partner organisation is sent to add one first', async () => {
    const went = await renderKeys(true, [OWN]);
    await screen.findByTestId('no-trusted-keys');
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till en partnerorganisation' }));
    expect(went).toEqual(['roster', 'roster-tab-organisations']);
  });

  it('anyone else is told that an administrator adds the keys, with no button', async () => {
    await renderKeys(false, [OWN, PARTNER]);
    const empty = await screen.findByTestId('no-trusted-keys');
    expect(empty.textContent).toBe('Inga partnernycklar ännu. En administratör importerar och bekräftar partnernas nycklar här.');
    expect(empty.querySelector('button')).toBeNull();
  });
});
