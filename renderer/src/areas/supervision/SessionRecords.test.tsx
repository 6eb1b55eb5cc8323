// @vitest-environment happy-dom
// Sharing a held session's record again sends only what changed: an unchanged record keeps the date
// it was shared, and the log gets no "shared" row for it. The bridge is a fake that answers every
// call and keeps them (main's side, sharing and its audit row, is tested in main/supervision).
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { renderInApp } from '../../ui/test-support/app';
import { SessionRecords } from './SessionPage';

afterEach(cleanup);

const SESSION = '00000000-0000-4000-8000-00000000000a';

describe('sharing a held session again', () => {
  it('sends nothing for an unchanged record, and the changed record once', async () => {
    const calls: { channel: string; input: unknown }[] = [];
    const bridge: TeamvalvBridge = {
      invoke: (channel, input) => {
        calls.push({ channel, input });
        return Promise.resolve({ ok: true, value: {} } as never);
      },
      on: () => () => undefined,
    };
    const detail = {
      id: SESSION,
      teamId: '00000000-0000-4000-8000-00000000000b',
      date: '2026-11-20',
      week: 47,
      form: 'process' as const,
      status: 'held' as const,
      heldAt: '2026-11-20T10:00:00.000Z',
      datedAhead: false,
      participants: [],
      cases: [],
      records: [{ caseId: null, summary: 'Teamets arbetssätt.', approach: 'Turas om.', actions: ['Ny rutin'], sharedAt: '2026-11-20T10:00:00.000Z' }],
    };
    const done: string[] = [];
    await renderInApp(
      <SessionRecords detail={detail} session={{ id: SESSION, date: '2026-11-20', week: 47, form: 'process', status: 'held' }} themes={[]} extraNames={[]} onDone={async (message) => void done.push(message)} />,
      bridge,
    );
    const shareAgain = screen.getByRole('button', { name: 'Dela ändringarna med teamet' });
    fireEvent.click(shareAgain);
    await waitFor(() => expect(done).toHaveLength(1));
    expect(calls.filter((call) => call.channel === 'supervision:share-record')).toEqual([]);

    fireEvent.change(screen.getByLabelText('Sammanfattning, Hela tillfället'), { target: { value: 'Teamets arbetssätt, nu med veckovis avstämning.' } });
    fireEvent.click(shareAgain);
    await waitFor(() => expect(done).toHaveLength(2));
    expect(calls.filter((call) => call.channel === 'supervision:share-record').map((call) => call.input)).toEqual([
      { sessionId: SESSION, caseId: null, summary: 'Teamets arbetssätt, nu med veckovis avstämning.', approach: 'Turas om.', actions: ['Ny rutin'] },
    ]);
  });
});
