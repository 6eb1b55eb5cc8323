// @vitest-environment happy-dom
// The audit log's answers arrive in any order: what is on screen is always the latest question's
// answer — the rows after a reload, the sample for the period now chosen — never an earlier one's.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../../shared/ipc/contract';
import { type PendingCall, controllableBridge, renderInApp } from '../ui/test-support/app';
import { AuditLog } from './AuditLog';

afterEach(cleanup);

function row(seq: number, action: string): AuditRow {
  return { seq, at: '2026-03-03T09:00:00.000Z', username: 'demo', actorName: 'Anna Berg', organisationName: 'Ung Arena', action, caseCode: null, detail: '{}', reviewedAt: null, names: {} };
}

/** The calls made on `channel` so far, in order. */
const callsOn = (calls: PendingCall[], channel: string): PendingCall[] => calls.filter((call) => call.channel === channel);

const answer = async (call: PendingCall | undefined, value: unknown): Promise<void> => {
  if (!call) throw new Error('no such call');
  await act(async () => call.answer({ ok: true, value }));
};

const tableText = (): string => screen.getByTestId('audit-table').querySelector('tbody')?.textContent ?? '';

describe('the audit log', () => {
  it('shows the rows of the latest load, even when an earlier load answers after it', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<AuditLog />, bridge);
    expect(callsOn(calls, 'audit:list')).toHaveLength(1);
    // Verifying the chain reloads the list while the first load has not answered yet.
    fireEvent.click(screen.getByRole('button', { name: 'Kontrollera kedjan' }));
    await answer(callsOn(calls, 'audit:verify')[0], { ok: true, headSeq: 2, headHash: 'ab', firstBrokenSeq: null, reason: null });
    await waitFor(() => expect(callsOn(calls, 'audit:list')).toHaveLength(2));
    await answer(callsOn(calls, 'audit:list')[1], [row(2, 'test.after-verify'), row(1, 'test.first')]);
    await waitFor(() => expect(tableText()).toContain('test.after-verify'));
    // The first load's answer, late and older: nothing of it is shown.
    await answer(callsOn(calls, 'audit:list')[0], [row(1, 'test.stale-load')]);
    expect(tableText()).toContain('test.after-verify');
    expect(tableText()).not.toContain('test.stale-load');
    expect(screen.getByText('2 poster visas')).toBeTruthy();
    expect(screen.getByTestId('audit-message').textContent).toBe('Loggen är obruten (2 poster).');
  });

  it('shows the sample of the period now chosen, never one asked for an earlier period', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<AuditLog />, bridge);
    await answer(callsOn(calls, 'audit:list')[0], []);
    const from = screen.getByLabelText('Från');
    const takeSample = screen.getByRole('button', { name: 'Ta stickprov på läsningar' });
    fireEvent.change(from, { target: { value: '2026-01-01' } });
    fireEvent.click(takeSample);
    // Another period before the first sample came: the second question is the one that counts.
    fireEvent.change(from, { target: { value: '2026-02-01' } });
    fireEvent.click(takeSample);
    const [first, second] = callsOn(calls, 'audit:sample');
    expect((first?.input as { from: string }).from).toBe('2026-01-01');
    expect((second?.input as { from: string }).from).toBe('2026-02-01');
    await answer(second, [row(7, 'test.february')]);
    await waitFor(() => expect(screen.getByTestId('audit-sample').textContent).toContain('test.february'));
    await answer(first, [row(3, 'test.january')]);
    expect(screen.getByTestId('audit-sample').textContent).toContain('test.february');
    expect(screen.getByTestId('audit-sample').textContent).not.toContain('test.january');
    // Changing the period again takes the shown sample away: it belongs to the old period.
    fireEvent.change(from, { target: { value: '2026-02-15' } });
    expect(screen.queryByTestId('audit-sample')).toBeNull();
  });
});
