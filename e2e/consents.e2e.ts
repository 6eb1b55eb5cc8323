// Consents in the browser host, on the demo vault (issue 20): the chair sees, on her start page, the
// demo's consent that ends within 30 days with its signed form not yet back; opens the case from
// there, saves the samtyckesblankett into the policy's export folder (read back with pdftotext) and
// saves the case's code slip (kodlapp) there too, and records the day the signed form came back —
// after which the overview says so. Axe clean.
import { spawnSync } from 'node:child_process';
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

describe('consents in the browser host', () => {
  it('the chair sees a consent ending soon on her start page, prints its form and records the signed paper’s return', async () => {
    const { host, url, dataDir, exportRoot: exportDir } = await startHostWithExportFolder('consents', { demo: true });
    dirs.push(dataDir, exportDir);
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await unlockDemoInUi(page, 'ordforande');
    // The start page: the team's meetings, with the consents to review above them.
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    const overview = page.getByRole('table', { name: 'Samtycken att se över' });
    const soon = overview.getByRole('row', { name: /Socialtjänsten Demokommun/ });
    await soon.waitFor();
    expect(await soon.getByRole('cell').allTextContents()).toEqual(['Socialtjänsten Demokommun (påhittad)', expect.stringMatching(/^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$/), 'går ut om 20 dagar', 'inte tillbaka']);
    const code = (await soon.getByRole('rowheader').textContent()) ?? '';
    expect(code).toMatch(/^UT-\d{4}-\d{3}$/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'consents-start');

    // To the case, in Ärenden: the form, saved into the export folder.
    await soon.getByRole('button', { name: `Gå till ${code}` }).click();
    const editor = page.getByTestId('case-editor');
    await editor.getByRole('heading', { name: code }).waitFor();
    await editor.getByRole('button', { name: 'Samtyckesblankett (PDF) för Socialtjänsten Demokommun (påhittad)' }).click();
    await editor.getByRole('button', { name: 'Spara här' }).click();
    await editor.getByText(/Blanketten är sparad/).waitFor();
    const [pdf] = (await fs.readdir(exportDir)).filter((name) => name.endsWith('.pdf'));
    expect(pdf).toMatch(new RegExp(`^samtycke-${code}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    const text = spawnSync('pdftotext', ['-layout', path.join(exportDir, pdf ?? ''), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    for (const expected of [`Ärendekod: ${code}`, 'Socialtjänsten Demokommun (påhittad) får lämna uppgifter om mig', 'Ekonomi och social situation', 'Samordnat stöd kring ekonomin (påhittat)', 'Den unga', 'Underskrift', 'Ort och datum']) expect(text).toContain(expected);

    // The code slip for the owning organisation's journal (README "Hur ett ärendes kod kopplas till en person").
    const slipPanel = editor.getByTestId('code-slip');
    await slipPanel.getByRole('button', { name: 'Kodlapp (PDF)' }).click();
    await slipPanel.getByText(/aldrig ett namn/).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await slipPanel.getByRole('button', { name: 'Spara här' }).click();
    await slipPanel.getByText(/Kodlappen är sparad/).waitFor();
    const [slip] = (await fs.readdir(exportDir)).filter((name) => name.startsWith('kodlapp-'));
    expect(slip).toMatch(new RegExp(`^kodlapp-${code}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    const slipText = spawnSync('pdftotext', ['-layout', path.join(exportDir, slip ?? ''), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    for (const expected of [code, 'Samverkansteam: Team försörjningsstöd', 'Anteckna koden i er egen journal/akt.', 'Journal-/aktnummer i er verksamhet:', 'Förvara inte kodlappen tillsammans med teamets papper']) expect(slipText).toContain(expected);
    expect(slipText).not.toContain('Alva Ordförande');

    // The signed form came back today.
    const form = editor.getByRole('form', { name: 'Blanketten för Socialtjänsten Demokommun (påhittad) kom tillbaka' });
    const day = await form.getByLabel('Dag blanketten kom tillbaka').inputValue();
    await form.getByRole('button', { name: 'Registrera att blanketten kom tillbaka' }).click();
    await editor.getByText('Dagen då den undertecknade blanketten kom tillbaka är registrerad.').waitFor();
    await editor.getByText(new RegExp(`undertecknad blankett tillbaka ${day}`)).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Back on the start view, the overview says the form is back.
    await page.getByRole('tab', { name: 'Möten' }).click();
    await expect.poll(async () => overview.getByRole('row', { name: /Socialtjänsten Demokommun/ }).getByRole('cell').last().textContent()).toBe(`tillbaka ${day}`);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
