// @vitest-environment happy-dom
// The register of reports sent on the follow-up page (issue 20): once the year's first report to
// the förbund is sent, its threshold is the year's — the field shows it, locked, and says why — and
// for a period already sent the page says a new save is a copy, and when today's figures differ.
// A member who is not the chair is not asked the register.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FollowUpStats, SentReportsView } from '../../../../shared/followup/model';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import { renderInApp } from '../../ui/test-support/app';
import { FollowUpArea } from './FollowUpArea';

afterEach(cleanup);

const TEAM = '00000000-0000-4000-8000-0000000000a1';
const REPORT = '00000000-0000-4000-8000-0000000000b1';
const EMPTY = { rows: [], columns: [], cells: [] };

function stats(from: string, to: string): FollowUpStats {
  return {
    teamId: TEAM,
    from,
    to,
    meetingsHeld: 4,
    weekly: [],
    attendance: [],
    casesDiscussed: { consent: 0, anonymous: 0 },
    newCases: 0,
    closedCases: 0,
    outcomes: [],
    supervisionSessions: 0,
    handoversSent: [],
    handoversReceived: [],
    actions: { due: 0, doneOnTime: 0, late: 0, notDone: 0 },
    participants: { ageBands: [], active: EMPTY, started: EMPTY, exits: EMPTY, incomes: EMPTY, forsorjningsstod: { atStart: 0, atExit: 0 }, checkins: EMPTY, cameBack: EMPTY, atEnd: EMPTY },
  };
}

function bridgeFor(role: 'chair' | 'member'): { bridge: TeamvalvBridge; asked: string[] } {
  const asked: string[] = [];
  const answers: Record<string, unknown> = {
    'roster:teams': [{ id: TEAM, name: 'Team Väst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '', archived: false }],
    'roster:my-roles': { isAdmin: false, memberId: null, teams: [{ teamId: TEAM, role }] },
    'roster:organisations': [],
    'guard:names': { names: [] },
    'roster:members': [],
  };
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      asked.push(channel);
      if (channel === 'followup:stats') {
        const period = (input as { period: { year: number; tertial?: number; kind: string } }).period;
        const t1 = period.kind === 'tertial' && period.tertial === 1;
        return Promise.resolve({ ok: true, value: t1 ? stats(`${period.year}-01-01`, `${period.year}-04-30`) : stats(`${period.year}-09-01`, `${period.year}-12-31`) } as never);
      }
      if (channel === 'followup:sent-reports') {
        const year = (input as { year: number }).year;
        const view: SentReportsView = {
          threshold: { value: 3, fixedOn: `${year}-05-04` },
          reports: [
            {
              id: REPORT,
              from: `${year}-01-01`,
              to: `${year}-04-30`,
              suppressBelow: 3,
              format: 'csv',
              sha256: 'a'.repeat(64),
              sentOn: `${year}-05-04`,
              sentAt: `${year}-05-04T08:00:00.000Z`,
              sentBy: 'Kim Ordförande (påhittad)',
              copyOf: null,
              hiddenTables: [],
              differs: ['participants'],
            },
          ],
          hiddenInNewReports: ['participants'],
        };
        return Promise.resolve({ ok: true, value: view } as never);
      }
      return Promise.resolve({ ok: true, value: answers[channel] ?? [] } as never);
    },
    on: () => () => undefined,
  };
  return { bridge, asked };
}

describe('reports sent to the förbund on the follow-up page', () => {
  it('locks the threshold to the year’s, says why, and says a sent period’s figures differ today', async () => {
    const { bridge } = bridgeFor('chair');
    await renderInApp(<FollowUpArea />, bridge);
    const field = (await screen.findByLabelText('Dölj antal under')) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('3'));
    expect(field.readOnly).toBe(true);
    // The reason is the field's description, read with it.
    const help = (field.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    expect(help).toMatch(/Låst till 3 för \d{4}: årets första rapport till förbundet skickades \d{4}-05-04 med den tröskeln\./);
    // Typing does not change a locked threshold.
    fireEvent.change(field, { target: { value: '7' } });
    fireEvent.blur(field);
    expect(field.value).toBe('3');

    // A period not sent yet (T3): new reports hide the tables that could not be kept consistent.
    fireEvent.change(screen.getByLabelText('Tertial'), { target: { value: '3' } });
    await waitFor(() => expect(screen.getByTestId('sent-hidden').textContent).toContain('deltagare, nya deltagare, avslut och försörjning'));
    expect(screen.queryByTestId('sent-differs')).toBeNull();

    // T1, sent: a save is a copy, and today's figures differ from what was sent.
    fireEvent.change(screen.getByLabelText('Tertial'), { target: { value: '1' } });
    await waitFor(() => expect(screen.getByTestId('sent-period').textContent).toMatch(/^Rapporten för den här perioden skickades \d{4}-05-04\. Sparar du den igen blir det en kopia/));
    expect(screen.getByTestId('sent-differs').textContent).toMatch(/^Dagens siffror för perioden skiljer sig från rapporten som skickades \d{4}-05-04 \(deltagare, nya deltagare, avslut och försörjning\)/);
    const register = screen.getByTestId('sent-register');
    expect([...register.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent))).toEqual([
      [expect.stringMatching(/^\d{4}-01-01 – \d{4}-04-30$/), expect.stringMatching(/-05-04$/), 'Kim Ordförande (påhittad)', 'Skickad som CSV', 'Skiljer sig: deltagare, nya deltagare, avslut och försörjning'],
    ]);
  });

  it('asks no register for a member who is not the chair, and leaves the threshold to choose', async () => {
    const { bridge, asked } = bridgeFor('member');
    await renderInApp(<FollowUpArea />, bridge);
    const field = (await screen.findByLabelText('Dölj antal under')) as HTMLInputElement;
    expect(field.readOnly).toBe(false);
    expect(field.value).toBe('5');
    expect(asked).not.toContain('followup:sent-reports');
    expect(screen.queryByTestId('sent-reports')).toBeNull();
  });
});
