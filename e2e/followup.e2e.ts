// Follow-up in the browser host, on the demo vault's invented year: key figures, tables and the
// Chart.js charts drawn under the app's CSP (no violation reported), axe clean, and the CSV report
// written into the policy's export folder — the year's report to the förbund refused while the
// year is not over, the team's own report (small counts shown) saved.
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

describe('follow-up in the browser host', () => {
  it('shows the period’s figures with charts under the CSP; the year’s report to the förbund waits for the year’s end, the team’s own report is saved', async () => {
    const { host, url, dataDir, exportRoot: exportDir } = await startHostWithExportFolder('followup', { demo: true });
    dirs.push(dataDir, exportDir);
    hosts.push(host);
    const page = await openApp(chromium(), url);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await unlockDemoInUi(page, 'ordforande');
    await page.getByRole('button', { name: 'Uppföljning' }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'År' });
    const figures = page.getByTestId('key-figures');
    // The demo's finalised meeting last week.
    await expect.poll(async () => figures.getByRole('row', { name: /Hållna teammöten/ }).getByRole('cell').textContent()).toBe('1');
    await page.getByRole('img', { name: 'Utfall för avslutade ärenden' }).waitFor();
    await page.getByRole('img', { name: 'Möten och nya ärenden per vecka' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'followup');
    // The year is not over: no report of it leaves the team yet (it would fix the year's figures and threshold); nothing is written.
    await page.getByRole('button', { name: 'Spara rapporten som CSV' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(/En period rapporteras till förbundet när den är slut/).waitFor();
    expect((await fs.readdir(exportDir)).filter((name) => /\.(csv|pdf)$/.test(name))).toEqual([]);
    // The team's own report (small counts shown: it stays in the team) is saved at any time.
    await page.getByLabel('Dölj små tal (rapporten lämnar teamet)').uncheck();
    await page.getByRole('button', { name: 'Spara rapporten som CSV' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(/Rapporten är sparad i/).waitFor();
    const [file] = (await fs.readdir(exportDir)).filter((name) => name.endsWith('.csv'));
    const csv = await fs.readFile(path.join(exportDir, file ?? ''), 'utf8');
    expect(csv.startsWith('\uFEFF"Avsnitt";"Kategori";"Antal"\r\n')).toBe(true);
    // The new demo cases, shown as they are in the team's own report (a count, never "..").
    expect(csv).toMatch(/"Ärenden";"Nya";"[1-9]\d*"/);
    // The same report as a PDF, read back with pdftotext.
    await page.getByRole('button', { name: 'Spara rapporten som PDF' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await expect.poll(async () => (await fs.readdir(exportDir)).filter((name) => name.endsWith('.pdf')).length).toBe(1);
    const [pdf] = (await fs.readdir(exportDir)).filter((name) => name.endsWith('.pdf'));
    const text = spawnSync('pdftotext', ['-layout', path.join(exportDir, pdf ?? ''), '-'], { encoding: 'utf8' }).stdout;
    for (const expected of ['Uppföljning – Team försörjningsstöd', '2026-01-01 – 2026-12-31', 'Hållna teammöten', 'Avsnitt']) expect(text).toContain(expected);
    expect(violations).toEqual([]);
  });
});
