// Reports sent to the förbund in the browser host, on the demo vault (issue 20): the chair saves
// T1 with counts below 3 hidden; the year's threshold is then locked to 3 (the field says why), the
// page says T1 was sent, saving T1 again (as a PDF) makes a copy of the report sent, and the
// register lists both; axe clean.
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { startHostWithExportFolder } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { unlockDemoInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

describe('reports sent to the förbund in the browser host', () => {
  it('locks the year’s threshold once T1 is sent, and saves T1 again as a copy of the report sent', async () => {
    const { host, url, dataDir, exportRoot: exportDir } = await startHostWithExportFolder('followup-sent', { demo: true });
    dirs.push(dataDir, exportDir);
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await unlockDemoInUi(page, 'ordforande');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const year = today.slice(0, 4);

    await page.getByRole('button', { name: 'Uppföljning' }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Tertial' });
    await page.getByLabel('Tertial', { exact: true }).selectOption('1');
    await page.getByText(`Perioden ${year}-01-01 – ${year}-04-30 (svensk tid).`).waitFor();
    const threshold = page.getByLabel('Dölj antal under');
    await threshold.fill('3');
    await threshold.blur();
    await page.getByRole('button', { name: 'Spara rapporten som CSV' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(/Rapporten är sparad i/).waitFor();

    // The year's threshold is now 3: locked, with the reason read with the field.
    await page.getByText(`Låst till 3 för ${year}: årets första rapport till förbundet skickades ${today} med den tröskeln.`, { exact: false }).waitFor();
    expect(await threshold.inputValue()).toBe('3');
    expect(await threshold.getAttribute('readonly')).not.toBeNull();
    await page.getByTestId('sent-period').getByText(`Rapporten för den här perioden skickades ${today}.`, { exact: false }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('sent-register').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'followup-sent');

    // T1 again, as a PDF: a copy of the report sent, the same figures.
    await page.getByRole('button', { name: 'Spara rapporten som PDF' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(`Det är en kopia av rapporten som skickades ${today}, med samma siffror.`, { exact: false }).waitFor();
    await expect.poll(async () => (await page.getByTestId('sent-register').getByRole('row').count())).toBe(3);
    expect(await page.getByTestId('sent-register').getByRole('row').nth(2).getByRole('cell').nth(2).textContent()).toBe('Kopia som PDF');
    expect((await fs.readdir(exportDir)).filter((name) => /\.(csv|pdf)$/.test(name))).toHaveLength(2);

    // Another tertial of the year: the same locked threshold.
    await page.getByLabel('Tertial', { exact: true }).selectOption('2');
    await page.getByText(`Perioden ${year}-05-01 – ${year}-08-31 (svensk tid).`).waitFor();
    expect(await page.getByLabel('Dölj antal under').inputValue()).toBe('3');
  });
});
