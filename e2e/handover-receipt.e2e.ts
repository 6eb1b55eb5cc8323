// Handover receipts through the UI on the browser host (issue 20), between two organisations with
// two data folders: A (Ung Arena Lidköping) exports a handover packet; B (Arbetsförmedlingen, its
// own Teamvalv) imports it and answers "mottaget, ej övertaget" with a reason — a signed receipt
// encrypted to A, written into the shared folder; A imports the receipt and the handover shows the
// answer with its date and reason; the same receipt again is refused, naming why.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { handoverReadyToExport, receivedByB } from './support/handover-ui';
import { saveScreenshot } from './support/screenshots';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

describe('handover receipts between two organisations in the browser host', () => {
  it('B answers a received packet with a receipt; A imports it and the handover shows "mottaget, ej övertaget" with the date and the reason', async () => {
    const ready = await handoverReadyToExport({ hosts, dirs, chromium });
    const { exchange, a, b, code, exportPanel } = ready;
    await exportPanel.getByLabel('Krypterat till mottagaren (rekommenderas)').check();
    await exportPanel.getByRole('button', { name: 'Spara här' }).click();
    const { received } = await receivedByB(ready);

    // B answers: not taken over, with a reason; the receipt is written into the shared folder.
    const answerForm = received.getByTestId('receipt-form');
    await answerForm.getByRole('radio', { name: 'Mottaget, ej övertaget' }).check();
    await answerForm.getByLabel('Skäl till att ärendet inte övertas').fill('Ungdomen har redan en plats i kommunens arbetsmarknadsinsats.');
    expect(await seriousAxeViolations(b)).toEqual([]);
    await answerForm.getByRole('button', { name: 'Spara här' }).click();
    await received.getByTestId('receipt-message').getByText(/Kvittot är skrivet, signerat och krypterat/).waitFor();
    await received.getByTestId('receipt-answer').getByText(/mottaget, ej övertaget\. Skäl: Ungdomen har redan en plats/).waitFor();
    const [receiptName] = (await fs.readdir(exchange)).filter((name) => name.startsWith('kvitto-'));
    expect(receiptName).toMatch(new RegExp(`^kvitto-${code}-\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{8}\\.zip\\.age$`));
    expect((await fs.readFile(path.join(exchange, receiptName ?? ''))).subarray(0, 21).toString()).toBe('age-encryption.org/v1');

    // A: the handover waits for its receipt, then shows the answer once it is imported.
    const state = a.getByTestId('receipt-state');
    await state.getByText(/väntar på kvitto från mottagaren/).waitFor();
    await a.getByLabel('Importera kvitto från mottagaren').setInputFiles(path.join(exchange, receiptName ?? ''));
    await a.getByText(`Kvittot för ${code} är kontrollerat och sparat.`).waitFor();
    await state.getByText(/mottaget \d{4}-\d{2}-\d{2}, ej övertaget \(kvitto .+\)\. Skäl: Ungdomen har redan en plats i kommunens arbetsmarknadsinsats\./).waitFor();
    expect(await seriousAxeViolations(a)).toEqual([]);
    await saveScreenshot(a, 'handover-receipt');

    // The same receipt again is refused, naming why; the state stays.
    await a.getByLabel('Importera kvitto från mottagaren').setInputFiles(path.join(exchange, receiptName ?? ''));
    await a.getByText('Kvittot togs inte emot och inget ändrades: paketet har redan ett kvitto.').waitFor();
    expect(await state.locator('li').count()).toBe(1);
  });
});
