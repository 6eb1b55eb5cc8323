// The förbund's participant figures in the browser host, on the demo vault (issue 20): the chair
// makes a case with kön, income at start and a configured age band; the follow-up for the
// cumulative part-year (1 January to the end of this tertial) shows it in the table by kön and age
// band, beside the demo's invented participants, exits and income transitions; axe clean. The
// team's own report for that part-year is saved with the participant tables (its report to the
// förbund waits until the tertial is over).
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { startHostWithExportFolder } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { unlockDemoInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

describe('the förbund’s participant figures in the browser host', () => {
  it('a case made with kön and income shows in the cumulative part-year’s table by kön and age band, and in its report', async () => {
    const { host, url, dataDir, exportRoot: exportDir } = await startHostWithExportFolder('figures', { demo: true });
    dirs.push(dataDir, exportDir);
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await unlockDemoInUi(page, 'ordforande');

    // A new case: the configured bands, kön and income at start asked for.
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    await page.getByRole('tab', { name: 'Ärenden', exact: true }).click();
    const form = page.getByRole('form', { name: 'Nytt ärende' });
    await form.getByLabel('Åldersgrupp').selectOption({ label: '25–29 år' });
    await form.getByLabel('Kön').selectOption({ label: 'Kvinna' });
    await form.getByLabel('Försörjning vid start').selectOption({ label: 'Försörjningsstöd' });
    // Taken on directly: a participant counts from the case's first day as aktiv (a raised case is none yet).
    await form.getByLabel('Startar som').selectOption({ label: 'Aktiv' });
    await form.getByRole('button', { name: 'Nytt ärende' }).click();
    const facts = page.getByTestId('case-editor').getByTestId('case-facts');
    await facts.getByText('Försörjning vid avslut registreras när ärendet har avslutats.').waitFor();
    expect(await facts.getByLabel('Kön').inputValue()).toBe('kvinna');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The follow-up from 1 January to the end of this tertial (Stockholm's today).
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const month = Number(today.slice(5, 7));
    const tertial = month <= 4 ? 1 : month <= 8 ? 2 : 3;
    await page.getByRole('button', { name: 'Uppföljning' }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Hittills i år (från 1 januari)' });
    await page.getByLabel('Till och med').selectOption(String(tertial));
    const end = ['04-30', '08-31', '12-31'][tertial - 1];
    await page.getByText(`Perioden ${today.slice(0, 4)}-01-01 – ${today.slice(0, 4)}-${end} (svensk tid).`).waitFor();
    const active = page.getByRole('table', { name: 'Deltagare i perioden efter kön och åldersgrupp' });
    // The older bands' column is always there (review): which columns there are tells nothing.
    expect(await active.getByRole('row').first().getByRole('columnheader').allTextContents()).toEqual(['Kön', '16–19 år', '20–24 år', '25–29 år', '30+ år', 'Äldre åldersindelning', 'Totalt']);
    // The new case: the only woman of 25–29 among the demo's participants.
    const women = active.getByRole('row', { name: /^Kvinna/ });
    expect((await women.getByRole('cell').allTextContents())[2]).toBe('1');
    const started = page.getByRole('table', { name: 'Nya deltagare efter kön och åldersgrupp' });
    expect((await started.getByRole('row', { name: /^Kvinna/ }).getByRole('cell').allTextContents())[2]).toBe('1');
    await page.getByRole('table', { name: 'Avslut i perioden efter status vid avslut och kön' }).waitFor();
    await page.getByRole('table', { name: 'Försörjning vid start (rader) och vid avslut (kolumner), avslutade i perioden' }).waitFor();
    await page.getByTestId('participants-forsorjningsstod').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: 'Deltagare för samordningsförbundet' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'followup-figures');

    // The part-year runs to this tertial's end, not over yet: its report to the förbund waits (nothing written).
    await page.getByRole('button', { name: 'Spara rapporten som CSV' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(/En period rapporteras till förbundet när den är slut/).waitFor();
    expect((await fs.readdir(exportDir)).filter((name) => name.endsWith('.csv'))).toEqual([]);
    // The team's own report of the part-year holds the participant tables, the counts as they are.
    await page.getByLabel('Dölj små tal (rapporten lämnar teamet)').uncheck();
    await page.getByRole('button', { name: 'Spara rapporten som CSV' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(/Rapporten är sparad i/).waitFor();
    const [file] = (await fs.readdir(exportDir)).filter((name) => name.endsWith('.csv'));
    const csv = await fs.readFile(path.join(exportDir, file ?? ''), 'utf8');
    expect(csv).toContain(`"Period";"${today.slice(0, 4)}-01-01 – ${today.slice(0, 4)}-${end}"`);
    expect(csv).toMatch(/"Deltagare i perioden efter kön och åldersgrupp";"Kvinna, 25–29 år";"[1-9]\d*"/);
    expect(csv).toContain('"Avslut: försörjning vid start → vid avslut";"Totalt";');
  });
});
