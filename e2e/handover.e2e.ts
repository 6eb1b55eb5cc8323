// A handover round trip through the UI on the browser host, between two organisations with two
// data folders: A (Ung Arena Lidköping) and B (Arbetsförmedlingen, with its own Teamvalv). They
// exchange key files through a shared folder and confirm each other's fingerprint; A makes a
// handover of a consent case and exports the packet (encrypted by default); B imports it and sees
// the content with A's verified name.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { handoverReadyToExport, keysTab, receivedByB } from './support/handover-ui';
import { saveScreenshot } from './support/screenshots';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

describe('handover packets between two organisations in the browser host', () => {
  it('A exports a signed, encrypted packet; B imports it and sees the content with A’s verified name', async () => {
    const ready = await handoverReadyToExport({ hosts, dirs, chromium });
    const { exchange, a, b, aFingerprint, exportPanel } = ready;
    await saveScreenshot(a, 'handover-export');

    // An unencrypted packet is asked about first, in the app's own dialog: Cancel has focus, Esc
    // keeps the packet unwritten and gives focus back; encrypted is chosen again.
    await exportPanel.getByLabel('Okrypterat paket (loggas)').check();
    const saveHere = exportPanel.getByRole('button', { name: 'Spara här' });
    await saveHere.click();
    const plaintext = a.getByRole('alertdialog', { name: 'Okrypterat paket?' });
    await plaintext.getByText('Skriva ett OKRYPTERAT paket? Alla som får tag på filen kan läsa den. Valet loggas.').waitFor();
    expect(await a.evaluate(() => document.activeElement?.textContent)).toBe('Avbryt');
    await plaintext.getByRole('button', { name: 'Skriv okrypterat' }).waitFor();
    expect(await seriousAxeViolations(a)).toEqual([]);
    await a.keyboard.press('Escape');
    await plaintext.waitFor({ state: 'detached' });
    expect(await saveHere.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await fs.readdir(exchange)).filter((name) => name.startsWith('overlamning-'))).toEqual([]);
    await exportPanel.getByLabel('Krypterat till mottagaren (rekommenderas)').check();
    await saveHere.click();
    const { packetName } = await receivedByB(ready);
    await saveScreenshot(b, 'handover-received');

    // The same packet again is refused, naming why, and nothing more is stored.
    await b.getByLabel('eller välj paketfil').setInputFiles(path.join(exchange, packetName ?? ''));
    await b.getByText('Paketet togs inte emot och inget sparades: paketet är redan mottaget.').waitFor();
    expect(await b.getByTestId('received-list').locator('li').count()).toBe(1);

    // Revoking B's key is asked about in the app's own dialog (never a native one): Esc keeps the
    // key and gives focus back to the button; the destructive answer revokes it.
    await keysTab(a);
    const bRow = a.getByTestId('trusted-keys').getByRole('row', { name: /Arbetsförmedlingen/ });
    const revoke = bRow.getByRole('button', { name: 'Återkalla' });
    await revoke.click();
    const question = a.getByRole('alertdialog', { name: 'Återkalla nyckeln?' });
    await question.getByText('Återkalla nyckeln för Arbetsförmedlingen? Inget den har signerat tas emot längre.').waitFor();
    // Cancel has focus first in a destructive question.
    expect(await a.evaluate(() => document.activeElement?.textContent)).toBe('Avbryt');
    expect(await seriousAxeViolations(a)).toEqual([]);
    await a.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await revoke.evaluate((element) => element === document.activeElement)).toBe(true);
    await bRow.getByText('bekräftad').waitFor();
    await revoke.click();
    await question.getByRole('button', { name: 'Återkalla', exact: true }).click();
    await bRow.getByText('återkallad').waitFor();

    // Revoking our own key cannot be undone, so it is asked about too: Esc keeps the key; the
    // destructive answer replaces it with a new one.
    await a.getByText('Byt vår nyckel').click();
    await a.getByLabel('Skäl (loggas)').fill('Datorn med nyckeln har stulits');
    const revokeOwn = a.getByRole('button', { name: 'Återkalla (nyckeln kan vara röjd)' });
    await revokeOwn.click();
    const ownQuestion = a.getByRole('alertdialog', { name: 'Återkalla vår nyckel?' });
    await ownQuestion.getByText(/^Vår nuvarande nyckel återkallas och en ny skapas\. Det går inte att ångra/).waitFor();
    expect(await a.evaluate(() => document.activeElement?.textContent)).toBe('Avbryt');
    expect(await seriousAxeViolations(a)).toEqual([]);
    await a.keyboard.press('Escape');
    await ownQuestion.waitFor({ state: 'detached' });
    expect(await revokeOwn.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(((await a.getByTestId('own-fingerprint').textContent()) ?? '').trim()).toBe(aFingerprint);
    await revokeOwn.click();
    await ownQuestion.getByRole('button', { name: 'Återkalla vår nyckel' }).click();
    await a.getByTestId('handover-message').getByText(/^Ny nyckel med fingeravtryck/).waitFor();
    // The key shown is read again after the answer: wait for it (CI once read it before it came).
    await expect.poll(async () => ((await a.getByTestId('own-fingerprint').textContent()) ?? '').trim()).not.toBe(aFingerprint);
  });
});
