// @vitest-environment happy-dom
// The code slip in the opened case (issue 20): an editor saves it through the folder picker; a
// refusal from main is read out as an alert; a member who does not edit, or a case the reader may
// not read, shows no button. The bridge is a fake (main's rules: main/cases/code-slip.test.ts).
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { renderInApp } from '../../ui/test-support/app';
import { CodeSlip } from './CodeSlip';

afterEach(cleanup);

const CASE = '00000000-0000-4000-8000-0000000000c1';
const kase = { id: CASE, code: 'UT-2026-002', readable: true };

function fakeBridge(refuse: boolean) {
  const asked: { channel: string; input: unknown }[] = [];
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      asked.push({ channel, input });
      const answer = (value: unknown) => Promise.resolve({ ok: true, value } as never);
      if (channel === 'files:folders') return answer({ path: '/export', parent: null, folders: [] });
      if (channel === 'files:remember-folder') return answer({});
      if (channel === 'cases:code-slip-pdf' && !refuse) return answer({ file: '/export/kodlapp-UT-2026-002-2026-11-23.pdf', sha256: '0'.repeat(64), rows: 1 });
      if (channel === 'cases:code-slip-pdf') return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'no', detail: { reason: 'not_team_editor' } } } as never);
      return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: `unexpected ${channel}` } } as never);
    },
    on: () => () => undefined,
  };
  return { bridge, asked };
}

describe('the code slip button', () => {
  it('saves the slip into the picked folder and says where', async () => {
    const fake = fakeBridge(false);
    await renderInApp(<CodeSlip detail={kase} canEdit />, fake.bridge);
    const button = screen.getByRole('button', { name: 'Kodlapp (PDF)' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    expect(screen.getByText(/aldrig ett namn/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Spara här' }));
    expect((await screen.findByRole('status')).textContent).toBe('Kodlappen är sparad: /export/kodlapp-UT-2026-002-2026-11-23.pdf');
    expect(fake.asked.filter((call) => call.channel === 'cases:code-slip-pdf').map((call) => call.input)).toEqual([{ caseId: CASE, folder: '/export' }]);
    expect(screen.queryByText(/aldrig ett namn/)).toBeNull();
  });

  it('reads a refusal out as an alert', async () => {
    await renderInApp(<CodeSlip detail={kase} canEdit />, fakeBridge(true).bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Kodlapp (PDF)' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Spara här' }));
    expect((await screen.findByRole('alert')).textContent).not.toBe('');
  });

  it('is not offered to a reader who does not edit, nor on a case the reader may not read', async () => {
    await renderInApp(<CodeSlip detail={kase} canEdit={false} />, fakeBridge(false).bridge);
    expect(screen.queryByRole('button', { name: 'Kodlapp (PDF)' })).toBeNull();
    cleanup();
    await renderInApp(<CodeSlip detail={{ ...kase, readable: false }} canEdit />, fakeBridge(false).bridge);
    expect(screen.queryByRole('button', { name: 'Kodlapp (PDF)' })).toBeNull();
  });
});
