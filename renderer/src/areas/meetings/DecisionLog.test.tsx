// @vitest-environment happy-dom
// The team's decision log against a fake bridge: asked for the team shown, listed as main answers
// it (newest first; a case by its code), an entry opens its meeting, an empty log says so, and
// older pages are added below on request.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { DecisionEntry, DecisionLogPage } from '../../../../shared/meetings/model';
import { renderInApp } from '../../ui/test-support/app';
import { DecisionLog } from './DecisionLog';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-00000000000a';
const M1 = '00000000-0000-4000-8000-0000000000b1';
const M2 = '00000000-0000-4000-8000-0000000000b2';
const ROUTINE: DecisionEntry = { meetingId: M2, date: '2026-12-01', position: 1, title: 'Rutin för sekretess', caseCode: null, decisions: 'Sekretessrutinen antas.' };
const FROM_CASE: DecisionEntry = { meetingId: M1, date: '2026-11-24', position: 2, title: 'UT-2026-001', caseCode: 'UT-2026-001', decisions: 'Arbetsträning hos FK.' };

/** Answers each page in turn: the first for the newest, the next for `before` the last meeting shown. */
function bridgeAnswering(...pages: DecisionLogPage[]) {
  const asked: unknown[] = [];
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      asked.push({ channel, input });
      // The answer's type is the channel's output: a page of the decision log.
      return Promise.resolve({ ok: true, value: pages[asked.length - 1] ?? { entries: [], before: null } } as never);
    },
    on: () => () => undefined,
  };
  return { bridge, asked };
}

describe('the decision log', () => {
  it("lists the team's decisions as main answers them, a case by its code, and opens an entry's meeting", async () => {
    const fake = bridgeAnswering({ entries: [ROUTINE, FROM_CASE], before: null });
    const opened: string[] = [];
    await renderInApp(<DecisionLog teamId={TEAM} onOpen={(id) => opened.push(id)} />, fake.bridge);
    const table = await screen.findByRole('table', {}, { timeout: 5000 });
    expect(fake.asked).toEqual([{ channel: 'meetings:decisions', input: { teamId: TEAM } }]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.querySelectorAll('th, td')].slice(0, 3).map((cell) => cell.textContent))).toEqual([
      ['2026-12-01', 'Rutin för sekretess', 'Sekretessrutinen antas.'],
      ['2026-11-24', 'Ärende UT-2026-001', 'Arbetsträning hos FK.'],
    ]);
    await act(async () => fireEvent.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Öppna mötet 2026-11-24' })));
    expect(opened).toEqual([M1]);
    // The whole log fitted one page: nothing older to ask for.
    expect(screen.queryByRole('button', { name: 'Visa äldre beslut' })).toBeNull();
  });

  it('adds the older page below the newer one, asked for before the last meeting shown', async () => {
    const fake = bridgeAnswering({ entries: [ROUTINE], before: M2 }, { entries: [FROM_CASE], before: null });
    await renderInApp(<DecisionLog teamId={TEAM} onOpen={() => undefined} />, fake.bridge);
    await screen.findByRole('table', {}, { timeout: 5000 });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Visa äldre beslut' })));
    expect(fake.asked).toEqual([
      { channel: 'meetings:decisions', input: { teamId: TEAM } },
      { channel: 'meetings:decisions', input: { teamId: TEAM, before: M2 } },
    ]);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual(['2026-12-01', '2026-11-24']);
    expect(screen.queryByRole('button', { name: 'Visa äldre beslut' })).toBeNull();
    // The button went with the last page: focus is on the log's heading, not lost to the page's start.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Teamets beslut' }));
  });

  it('says when no justerade minutes hold a decision yet', async () => {
    await renderInApp(<DecisionLog teamId={TEAM} onOpen={() => undefined} />, bridgeAnswering({ entries: [], before: null }).bridge);
    expect(await screen.findByText('Inga beslut i justerade protokoll ännu.', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
