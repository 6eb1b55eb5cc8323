// @vitest-environment happy-dom
// The roster's CSV import on the component layer: the chosen file is previewed, then imported, and
// the answer is shown.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../shared/roster/model';
import { controllableBridge, renderInApp } from '../../ui/test-support/app';
import { ImportExport } from './ImportExport';
import { basicsFor } from './test-support/basics';

afterEach(cleanup);

const HEADER = 'Namn;Yrke;Hemorganisation';
const preview = (valid: number): { ok: true; value: ImportPreview } => ({ ok: true, value: { headerOk: true, rows: [], valid, invalid: 0 } });
const csvFile = (rows: string[]): File => new File([[HEADER, ...rows].join('\n')], 'medlemmar.csv', { type: 'text/csv' });

describe('the roster import', () => {
  it('previews the chosen file (no other file can be chosen meanwhile), imports it, and says so beside the button', async () => {
    const { bridge, calls } = controllableBridge();
    await renderInApp(<ImportExport basics={basicsFor()} />, bridge);
    const previews = () => calls.filter((call) => call.channel === 'roster:import-preview');
    const input = screen.getByLabelText('Välj CSV-fil');
    const first = 'Anna Ek;Psykolog;Ung Arena Lidköping';
    const second = 'Bo Holm;Arbetsförmedlare;Försäkringskassan';
    fireEvent.change(input, { target: { files: [csvFile([first, second])] } });
    await waitFor(() => expect(previews()).toHaveLength(1));
    expect((input as HTMLInputElement).disabled).toBe(true);
    await act(async () => previews()[0]?.answer(preview(2)));
    await screen.findByRole('button', { name: 'Importera 2 rader' });
    expect((input as HTMLInputElement).disabled).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Importera 2 rader' }));
    const imports = () => calls.filter((call) => call.channel === 'roster:import');
    await waitFor(() => expect(imports()).toHaveLength(1));
    expect((imports()[0]?.input as { csv: string }).csv).toContain(second);
    await act(async () => imports()[0]?.answer({ ok: true, value: { created: 2 } }));
    await waitFor(() => expect(screen.getByTestId('roster-files-message').textContent).toBe('2 medlemmar är importerade.'));
    expect(screen.queryByRole('button', { name: 'Importera 2 rader' })).toBeNull();
  });
});
