// @vitest-environment happy-dom
// Early gallring of one case: the counts on screen are always those of the code in the field. A
// preview still on its way when the admin changes the code is dropped when it comes, so no
// decision can be given under another case's counts.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { GALLRING_PARTS, type GallringCounts, type GallringPreview } from '../../../../shared/retention/model';
import { type PendingCall, controllableBridge, renderInApp } from '../../ui/test-support/app';
import { EarlyGallring } from './EarlyGallring';
import { RetentionRefreshProvider } from './refresh';

afterEach(cleanup);

function preview(caseCode: string, teamName: string): GallringPreview {
  const counts = Object.fromEntries(GALLRING_PARTS.map((part) => [part, part === 'case' ? 1 : 0])) as GallringCounts;
  return { caseCode, teamName, counts, backups: 0, privateNotesKept: 0 };
}

async function answer(call: PendingCall | undefined, value: unknown): Promise<void> {
  if (!call) throw new Error('no such call');
  await act(async () => call.answer({ ok: true, value }));
}

describe('early gallring', () => {
  it('drops the counts of a code changed while they were on their way, and shows those of the code asked for now', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(
      <RetentionRefreshProvider>
        <EarlyGallring />
      </RetentionRefreshProvider>,
      bridge,
    );
    const previews = () => calls.filter((call) => call.channel === 'retention:gallring-preview');
    await answer(calls.find((call) => call.channel === 'retention:tombstones'), []);
    const code = screen.getByLabelText('Ärendekod');
    fireEvent.change(code, { target: { value: 'UT-2026-001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Visa vad som gallras' }));
    expect(previews()[0]?.input).toEqual({ caseCode: 'UT-2026-001' });
    // Another code before the first answer came.
    fireEvent.change(code, { target: { value: 'UT-2026-002' } });
    await answer(previews()[0], preview('UT-2026-001', 'Team A'));
    expect(screen.queryByTestId('gallring-preview')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Gallra UT-2026-001' })).toBeNull();
    expect(screen.getByTestId('gallring-status').textContent).toBe('');

    fireEvent.click(screen.getByRole('button', { name: 'Visa vad som gallras' }));
    expect(previews()[1]?.input).toEqual({ caseCode: 'UT-2026-002' });
    await answer(previews()[1], preview('UT-2026-002', 'Team B'));
    const table = await screen.findByTestId('gallring-preview');
    expect(table.querySelector('caption')?.textContent).toContain('UT-2026-002');
    await waitFor(() => expect(document.activeElement).toBe(table));
    expect(screen.getByRole('button', { name: 'Gallra UT-2026-002' })).toBeTruthy();
  });
});
