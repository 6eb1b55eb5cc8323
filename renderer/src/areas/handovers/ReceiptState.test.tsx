// @vitest-environment happy-dom
// Issue 20: a handover's packets show where they stand — sent and waiting, received and taken
// over, or received and not taken over with the reason — and a received packet offers the answer.
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ReceivedPacket } from '../../../../shared/handover/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { localDateTime } from '../../format/time';
import { renderInApp } from '../../ui/test-support/app';
import { ReceiptAnswer } from './ReceiptAnswer';
import { ReceiptState } from './ReceiptState';

afterEach(cleanup);

const bridge: TeamvalvBridge = {
  // The folder picker lists a folder; nothing else is asked in these tests.
  invoke: (channel) => Promise.resolve({ ok: true, value: channel === 'files:folders' ? { path: '/home/kim', parent: '/home', folders: [] } : [] } as never),
  on: () => () => undefined,
};
const sha = '0'.repeat(64);
const packet = (n: number) => ({ packetId: `00000000-0000-4000-8000-00000000000${n}`, createdAt: '2026-11-24T09:00:00.000Z', encrypted: true, sha256: sha, fileName: `p${n}.zip.age` });

describe('the state of a handover’s packets', () => {
  it('says sent and waiting, received and taken over, or received and not taken over with the date and the reason', async () => {
    await renderInApp(
      <ReceiptState
        sent={[
          { ...packet(1), receipt: null },
          { ...packet(2), receipt: { outcome: 'taken-over', reason: null, receivedOn: '2026-11-25', answeredAt: '2026-11-26T08:00:00.000Z', importedAt: '2026-11-26T10:00:00.000Z' } },
          { ...packet(3), receipt: { outcome: 'not-taken-over', reason: 'Ungdomen har redan en plats hos kommunen.', receivedOn: '2026-11-25', answeredAt: '2026-11-27T08:00:00.000Z', importedAt: '2026-11-27T10:00:00.000Z' } },
        ]}
      />,
      bridge,
    );
    const items = within(screen.getByRole('list', { name: 'Skickade paket och kvitton' })).getAllByRole('listitem').map((li) => li.textContent);
    const sent = localDateTime('2026-11-24T09:00:00.000Z');
    expect(items).toEqual([
      `Paket skickat ${sent}: väntar på kvitto från mottagaren`,
      `Paket skickat ${sent}: mottaget 2026-11-25 och övertaget (kvitto ${localDateTime('2026-11-26T08:00:00.000Z')})`,
      `Paket skickat ${sent}: mottaget 2026-11-25, ej övertaget (kvitto ${localDateTime('2026-11-27T08:00:00.000Z')}). Skäl: Ungdomen har redan en plats hos kommunen.`,
    ]);
  });

  it('shows nothing for a handover with no packet sent', async () => {
    await renderInApp(<ReceiptState sent={[]} />, bridge);
    expect(screen.queryByTestId('receipt-state')).toBeNull();
  });
});

describe('the answer to a received packet', () => {
  const received = (answer: z.infer<typeof ReceivedPacket>['answer']) => ({ packetId: packet(1).packetId, answer }) as z.infer<typeof ReceivedPacket>;

  it('offers taken over by default; not taken over asks for a labelled reason', async () => {
    await renderInApp(<ReceiptAnswer packet={received(null)} onAnswered={() => undefined} />, bridge);
    const takenOver = screen.getByRole('radio', { name: 'Mottaget och övertaget' });
    expect((takenOver as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText('Skäl till att ärendet inte övertas')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'Mottaget, ej övertaget' }));
    expect(screen.getByLabelText('Skäl till att ärendet inte övertas')).toBeTruthy();
  });

  it('once answered, says what was answered and when, and offers no second answer', async () => {
    await renderInApp(<ReceiptAnswer packet={received({ outcome: 'not-taken-over', reason: 'Fel målgrupp.', answeredAt: '2026-11-26T08:00:00.000Z' })} onAnswered={() => undefined} />, bridge);
    expect(screen.getByTestId('receipt-answer').textContent).toBe(`Kvitto skickat ${localDateTime('2026-11-26T08:00:00.000Z')}: mottaget, ej övertaget. Skäl: Fel målgrupp.`);
    expect(screen.queryByRole('radio')).toBeNull();
  });
});
