// @vitest-environment happy-dom
// Gallring by the rules, by hand: nothing is purged until the admin confirms the counts in the
// app's own dialog (Avbryt purges nothing), and a preview asked for before the rules changed is
// never offered to purge from. The bridge answers when the test says (main's side is tested in
// main/services/retention).
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type PurgeCounts, type PurgePreview, RETENTION_KINDS } from '../../../../shared/retention/model';
import { type PendingCall, controllableBridge, renderInApp } from '../../ui/test-support/app';
import { PurgeByRules } from './PurgeByRules';
import { RetentionRefreshProvider, useRetentionRefresh } from './refresh';

afterEach(cleanup);

const DIGEST = 'ab'.repeat(32);

function preview(counts: Partial<PurgeCounts>): PurgePreview {
  const all: PurgeCounts = { 'case-records': 0, minutes: 0, supervision: 0, handovers: 0, 'audit-log': 0, ...counts };
  return {
    asOf: '2026-05-04',
    groups: RETENTION_KINDS.map((kind) => ({ kind, months: 1, cutoff: '2026-04-04', count: all[kind], oldest: all[kind] > 0 ? '2026-01-10' : null, heldBack: 0 })),
    counts: all,
    digest: DIGEST,
  };
}

/** What else on the settings page does after saving the rules: bumps the gallring version. */
function RulesSaved() {
  const { bump } = useRetentionRefresh();
  return (
    <button type="button" onClick={() => bump()}>
      Regler sparade
    </button>
  );
}

async function renderPurge(): Promise<PendingCall[]> {
  const { bridge, calls } = controllableBridge();
  await renderInApp(
    <RetentionRefreshProvider>
      <RulesSaved />
      <PurgeByRules failure={null} />
    </RetentionRefreshProvider>,
    bridge,
  );
  return calls;
}

const callsOn = (calls: PendingCall[], channel: string): PendingCall[] => calls.filter((call) => call.channel === channel);

async function answer(call: PendingCall | undefined, value: unknown): Promise<void> {
  if (!call) throw new Error('no such call');
  await act(async () => call.answer({ ok: true, value }));
}

describe('gallring by the rules', () => {
  it('asks first: Avbryt purges nothing, Gallra purges exactly the counts and records shown', async () => {
    const calls = await renderPurge();
    fireEvent.click(screen.getByRole('button', { name: 'Visa vad som ska gallras nu' }));
    const shown = preview({ supervision: 3, 'audit-log': 2 });
    await answer(callsOn(calls, 'retention:preview')[0], shown);
    await screen.findByTestId('purge-preview');

    fireEvent.click(screen.getByRole('button', { name: 'Gallra nu' }));
    const question = await screen.findByRole('alertdialog', { name: 'Gallra nu?' });
    expect(question.textContent).toContain('5 uppgifter raderas för alltid');
    expect(question.textContent).toContain('Handledning: 3');
    // Destructive: Avbryt has the focus first, so Enter does not purge.
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Avbryt'));
    fireEvent.click(screen.getByRole('button', { name: 'Avbryt' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(callsOn(calls, 'retention:purge')).toEqual([]);
    expect(screen.getByTestId('purge-status').textContent).toBe('');

    fireEvent.click(screen.getByRole('button', { name: 'Gallra nu' }));
    const again = await screen.findByRole('alertdialog', { name: 'Gallra nu?' });
    fireEvent.click(again.querySelector('button.danger') ?? again);
    await waitFor(() => expect(callsOn(calls, 'retention:purge')).toHaveLength(1));
    expect(callsOn(calls, 'retention:purge')[0]?.input).toEqual({ confirmed: shown.counts, digest: DIGEST });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await answer(callsOn(calls, 'retention:purge')[0], { at: '2026-05-04T08:00:00.000Z', counts: shown.counts, scheduled: false });
    await answer(callsOn(calls, 'retention:preview')[1], preview({}));
    await waitFor(() => expect(screen.getByTestId('purge-status').textContent).toMatch(/^Gallringen är klar .*: Handledning: 3, Loggposter: 2\.$/));
  });

  it('never offers a preview asked for before the rules changed, even when it answers after the change', async () => {
    const calls = await renderPurge();
    fireEvent.click(screen.getByRole('button', { name: 'Visa vad som ska gallras nu' }));
    // The rules are saved while the preview is on its way: its cut-offs are the old ones.
    fireEvent.click(screen.getByRole('button', { name: 'Regler sparade' }));
    await answer(callsOn(calls, 'retention:preview')[0], preview({ minutes: 4 }));
    await screen.findByTestId('purge-preview-stale');
    expect(screen.queryByTestId('purge-preview')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Gallra nu' })).toBeNull();

    // Asked again under the new rules: that one is shown.
    fireEvent.click(screen.getByRole('button', { name: 'Visa vad som ska gallras nu' }));
    await answer(callsOn(calls, 'retention:preview')[1], preview({}));
    await screen.findByTestId('purge-preview');
    expect(screen.queryByTestId('purge-preview-stale')).toBeNull();
    expect(screen.getByRole('button', { name: 'Gallra nu' }).getAttribute('aria-disabled')).toBe('true');
  });
});
