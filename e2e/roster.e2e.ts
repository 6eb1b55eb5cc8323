import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { setupVaultInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

let exportRoot = '';

/** A fresh vault set up in the UI; exports go under `exportRoot` (the machine policy's export folder). */
async function adminInRoster(): Promise<Page> {
  const dataDir = await makeTempDir('roster-ui');
  exportRoot = await makeTempDir('roster-exports');
  dirs.push(dataDir, exportRoot);
  const policyFile = path.join(dataDir, '..', `${path.basename(dataDir)}-policy.json`);
  await fs.writeFile(policyFile, JSON.stringify({ exportDir: exportRoot }));
  dirs.push(policyFile);
  const { host, url } = await startHostWithUrl(dataDir, { testClock: true, env: { TEAMVALV_POLICY_FILE: policyFile } });
  hosts.push(host);
  const page = await openApp(chromium(), url);
  await setupVaultInUi(page);
  await page.getByRole('button', { name: 'Team och medlemmar' }).click();
  await page.getByRole('tab', { name: 'Medlemmar' }).waitFor();
  return page;
}

async function addMember(page: Page, member: { name: string; profession: string; organisation: string; role: string }): Promise<void> {
  await page.getByRole('button', { name: 'Lägg till medlem' }).click();
  const editor = page.getByTestId('member-editor');
  await editor.getByLabel('Namn', { exact: true }).fill(member.name);
  await editor.getByLabel('Yrke', { exact: true }).selectOption({ label: member.profession });
  await editor.getByLabel('Hemorganisation').selectOption({ label: member.organisation });
  await editor.getByLabel('E-post').fill(`${member.name.split(' ')[0]?.toLowerCase()}@example.se`);
  await editor.getByLabel('Med från').fill('2026-01-01');
  await editor.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
  await editor.getByLabel('Roll').selectOption({ label: member.role });
  await editor.getByRole('button', { name: 'Spara' }).click();
  await page.getByTestId('member-message').getByText(`${member.name} är sparad.`).waitFor();
  await editor.getByRole('button', { name: 'Stäng' }).click();
}

/** The names in the roster table's body, top to bottom. */
async function names(page: Page): Promise<string[]> {
  return page.getByTestId('roster-table').locator('tbody tr.roster-row td:first-child').allTextContents();
}

describe('the roster in the browser host', () => {
  it('creates an organisation, a team and members; filters, sorts, groups; a member who left stays in the history', async () => {
    const page = await adminInRoster();

    await page.getByRole('tab', { name: 'Organisationer' }).click();
    await page.getByRole('button', { name: 'Ny organisation' }).click();
    await page.getByLabel('Organisationens namn').fill('Arbetsförmedlingen Lidköping');
    await page.getByLabel('Kortnamn').fill('AF');
    await page.getByLabel('Organisationsnummer').fill('202100-2114');
    await page.getByLabel('Slag').selectOption({ label: 'Arbetsförmedlingen' });
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByTestId('organisations-table').getByRole('rowheader', { name: 'Arbetsförmedlingen Lidköping' }).waitFor();
    // A wrong organisationsnummer is refused with a message that says what to fix.
    await page.getByLabel('Organisationsnummer').fill('202100-2115');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('organisationsnumret ska vara ett giltigt').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Team', exact: true }).click();
    await page.getByRole('button', { name: 'Nytt team' }).click();
    await page.getByLabel('Teamets namn').fill('Team försörjningsstöd');
    await page.getByLabel('Mötesdag').selectOption({ label: 'tisdag' });
    await page.getByLabel('Mötestid').fill('09:00');
    await page.getByLabel('Mötesrum').fill('Rum Vänern');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByTestId('teams-table').getByRole('rowheader', { name: 'Team försörjningsstöd' }).waitFor();
    expect(await page.getByTestId('teams-table').textContent()).toContain('tisdag 09:00');

    await page.getByRole('tab', { name: 'Medlemmar' }).click();
    await addMember(page, { name: 'Kim Ordförande', profession: 'Socialsekreterare', organisation: 'Ung Arena Lidköping', role: 'Ordförande' });
    await addMember(page, { name: 'Alva Berg', profession: 'Arbetsförmedlare', organisation: 'Arbetsförmedlingen Lidköping', role: 'Medlem' });
    await addMember(page, { name: 'Bo Ek', profession: 'SIUS-konsulent', organisation: 'Arbetsförmedlingen Lidköping', role: 'Sekreterare' });
    await expect.poll(() => names(page)).toEqual(['Alva Berg', 'Bo Ek', 'Kim Ordförande']);

    // The list starts sorted by name; a click on the header turns it, then a column filter and the search.
    await page.getByRole('button', { name: /^Namn \(/ }).click();
    await expect.poll(() => names(page)).toEqual(['Kim Ordförande', 'Bo Ek', 'Alva Berg']);
    await page.getByLabel('Filtrera Hemorganisation').fill('Arbetsförmedlingen');
    await expect.poll(() => names(page)).toEqual(['Bo Ek', 'Alva Berg']);
    await page.getByLabel('Sök i listan').fill('sius');
    await expect.poll(() => names(page)).toEqual(['Bo Ek']);
    await page.getByLabel('Sök i listan').fill('');
    await page.getByLabel('Filtrera Hemorganisation').fill('');

    // Grouped by organisation: one group row per organisation, members under it.
    await page.getByLabel('Gruppera efter').selectOption({ label: 'Hemorganisation' });
    await expect.poll(async () => (await page.getByTestId('roster-table').locator('tbody tr.group-row').allTextContents()).sort()).toEqual(['Arbetsförmedlingen Lidköping (2)', 'Ung Arena Lidköping (1)']);
    await page.getByLabel('Gruppera efter').selectOption({ label: 'Ingen gruppering' });
    await expect.poll(() => page.getByTestId('roster-table').locator('tbody tr.group-row').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'roster');

    // Keyboard: the first line takes focus, ArrowDown moves, Enter opens that member.
    await page.getByTestId('roster-table').locator('tbody tr.roster-row').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('member-editor').getByRole('heading', { name: 'Bo Ek' }).waitFor();

    // Bo leaves (last day in the past): gone from the current roster, still in the team's history.
    await page.getByLabel('Sista dag').fill('2026-06-30');
    await page.getByRole('button', { name: 'Medlemmen slutar' }).click();
    await page.getByText('Bo Ek har slutat.').waitFor();
    await page.getByTestId('member-editor').getByRole('button', { name: 'Stäng' }).click();
    await expect.poll(() => names(page)).toEqual(['Kim Ordförande', 'Alva Berg']);
    await page.getByLabel('Visa även de som slutat').check();
    await expect.poll(() => names(page)).toContain('Bo Ek');

    await page.getByRole('tab', { name: 'Team', exact: true }).click();
    await page.getByRole('button', { name: 'Historik för Team försörjningsstöd' }).click();
    const history = page.getByTestId('team-history');
    await history.getByRole('rowheader', { name: 'Bo Ek' }).waitFor();
    const boRow = history.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Bo Ek' }) });
    expect(await boRow.textContent()).toContain('2026-06-30');
    expect(await boRow.textContent()).toContain('tidigare');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'roster-history');

    // The team's roster as PDF, written by main into the picked folder: current members only.
    await page.getByRole('tab', { name: 'Importera och exportera' }).click();
    await page.getByLabel('Vilka').selectOption({ label: 'Team försörjningsstöd' });
    await page.getByLabel('Format').selectOption({ label: 'PDF: teamlista för ett team' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(/rader är sparade i/).waitFor();
    const [pdfName] = await fs.readdir(exportRoot);
    expect(pdfName).toMatch(/^teamlista-Team_försörjningsstöd-\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = spawnSync('pdftotext', ['-layout', path.join(exportRoot, pdfName ?? ''), '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Teamlista – Team försörjningsstöd');
    expect(text).toMatch(/Kim Ordförande\s+Ordförande/);
    expect(text).toContain('Alva Berg');
    expect(text).not.toContain('Bo Ek');
  });

  it('previews an import, refuses it while a row is wrong, and imports the corrected file', async () => {
    const page = await adminInRoster();
    await page.getByRole('tab', { name: 'Importera och exportera' }).click();
    const header = 'Namn;Yrke;Hemorganisation;Telefon;E-post;Team;Roll;Från';
    const bad = `${header}\nAnna Ek;Psykolog;Ung Arena Lidköping;0510-100 00;anna@example.se;;;2026-01-01\nBo Holm;;Okänd myndighet;;;;;\n`;
    await page.getByLabel('Välj CSV-fil').setInputFiles({ name: 'medlemmar.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${bad}`, 'utf8') });
    await page.getByText('Rader som kan importeras: 1. Rader med fel: 1.').waitFor();
    await page.getByText('okänd organisation').waitFor();
    expect(await page.getByRole('button', { name: 'Importera 1 rad' }).isDisabled()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'roster-import');

    const good = bad.replace('Okänd myndighet', 'Ung Arena Lidköping');
    await page.getByLabel('Välj CSV-fil').setInputFiles({ name: 'medlemmar.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await page.getByRole('button', { name: 'Importera 2 rader' }).click();
    await page.getByText('2 medlemmar är importerade.').waitFor();
    await page.getByRole('tab', { name: 'Medlemmar' }).click();
    await expect.poll(() => names(page)).toEqual(['Anna Ek', 'Bo Holm']);
  });

  it('keeps 10,000 members scrollable: only the lines in view are in the page, End and scrolling reach the last, sort and search in main', async () => {
    const page = await adminInRoster();
    await page.getByRole('tab', { name: 'Importera och exportera' }).click();
    const lines = ['Namn;Yrke;Hemorganisation;E-post'];
    for (let i = 1; i <= 10_000; i++) lines.push(`Person ${String(i).padStart(5, '0')};Arbetskonsulent;Ung Arena Lidköping;p${i}@example.se`);
    await page.getByLabel('Välj CSV-fil').setInputFiles({ name: 'stor.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n'), 'utf8') });
    await page.getByRole('button', { name: 'Importera 10000 rader' }).click();
    await page.getByText('10000 medlemmar är importerade.').waitFor();
    await page.getByRole('tab', { name: 'Medlemmar' }).click();
    await page.getByText('10000 rader visas').waitFor();
    const rows = page.getByTestId('roster-table').locator('tbody tr.roster-row');
    expect(await rows.count()).toBeLessThan(80);
    await rows.first().focus();
    await page.keyboard.press('End');
    await page.getByTestId('roster-table').getByRole('cell', { name: 'Person 10000', exact: true }).waitFor();
    expect(await rows.count()).toBeLessThan(80);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Person 10000');

    // Scrolling (not the keyboard) to the very end shows the last member as the last line.
    const table = page.getByTestId('roster-table');
    const cell = (name: string) => table.getByRole('cell', { name, exact: true });
    await page.keyboard.press('Home');
    await cell('Person 00001').waitFor();
    expect(await cell('Person 10000').count()).toBe(0);
    await page.getByRole('region', { name: /^Teamlista/ }).evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await cell('Person 10000').waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe('10002');
    await expect.poll(() => rows.last().getAttribute('aria-rowindex')).toBe('10002');
    expect(await rows.count()).toBeLessThan(80);

    // Sorting and searching the 10,000 happen in main: the last name comes first, a search finds ten.
    await page.getByRole('button', { name: /^Namn \(/ }).click();
    await expect.poll(() => rows.first().locator('td').first().textContent()).toBe('Person 10000');
    await page.getByLabel('Sök i listan').fill('Person 0999');
    await page.getByText('10 rader visas').waitFor();
    await expect.poll(() => names(page)).toEqual(['Person 09999', 'Person 09998', 'Person 09997', 'Person 09996', 'Person 09995', 'Person 09994', 'Person 09993', 'Person 09992', 'Person 09991', 'Person 09990']);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
