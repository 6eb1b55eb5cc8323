// @vitest-environment happy-dom
// Received packets before any has come: what to do, and the file choice as the button.
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { renderInApp } from '../../ui/test-support/app';
import type { TeamContext } from '../meetings/use-team';
import { Received } from './Received';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const team: TeamContext = {
  teams: [],
  roles: null,
  organisations: [],
  members: [],
  teamId: '00000000-0000-4000-8000-0000000000aa',
  setTeamId: () => undefined,
  canEdit: true,
  isChair: true,
  extraNames: [],
};

describe('received packets', () => {
  it('with none received yet, says what to do and opens the file choice from its button', async () => {
    const asked: string[] = [];
    const bridge: TeamvalvBridge = {
      invoke: (channel) => (asked.push(channel), Promise.resolve({ ok: true, value: [] } as never)),
      on: () => () => undefined,
    };
    const opened: HTMLInputElement[] = [];
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      opened.push(this);
    });
    await renderInApp(<Received team={team} />, bridge);
    const empty = await screen.findByTestId('received-empty');
    expect(empty.textContent).toContain('När en partner har skickat ett paket: välj filen eller släpp den i rutan ovan.');
    expect(asked).toContain('handover:received');
    expect(screen.queryByTestId('received-list')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Välj paketfil' }));
    expect(opened).toEqual([screen.getByLabelText('eller välj paketfil')]);
  });
});
