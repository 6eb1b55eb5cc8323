// Gallring in the browser host, on the demo vault: the preview by the rules (nothing is due in
// fresh demo data), early gallring of a demo case under a decision (what is left is a tombstone,
// and the register extract finds no record of the case itself), the monthly schedule and the
// notice it leaves for admins at sign-in; then, with the clock two months on, a purge by hand —
// refused when what is due changed after the preview, then run with the fresh counts. Axe clean
// and no CSP violation on every screen.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../shared/demo';
import { cutoffDate } from '../shared/retention/model';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { type RunningHost, makeTempDir, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();
const DAY = 24 * 3600 * 1000;
const ADMIN_NAME = 'Demo Administratör';

interface Started {
  readonly page: Page;
  readonly host: RunningHost;
  /** Every confirmation the page asked for (all accepted). */
  readonly dialogs: string[];
  /** Console messages that report a CSP violation. */
  readonly violations: string[];
}

async function start(name: string): Promise<Started> {
  const dataDir = await makeTempDir(name);
  dirs.push(dataDir);
  const { host, url } = await startHostWithUrl(dataDir, { testClock: true, args: ['--demo'] });
  hosts.push(host);
  const page = await openApp(chromium(), url);
  const dialogs: string[] = [];
  const violations: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return { page, host, dialogs, violations };
}

async function signIn(page: Page, username: string, displayName: string): Promise<void> {
  await page.getByTestId('unlock-screen').waitFor();
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.getByText(`Inloggad: ${displayName}`).waitFor();
}

async function lock(page: Page): Promise<void> {
  await page.keyboard.press('Control+L');
  await page.getByTestId('unlock-screen').waitFor();
}

/** The chair's consent case in the demo team: a case with consents and finalised minutes behind it. */
async function demoConsentCase(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Teammöten' }).click();
  await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
  await page.getByRole('button', { name: 'Ärenden', exact: true }).click();
  const row = page.getByTestId('cases-table').getByRole('row').filter({ hasText: 'Med samtycke' }).first();
  const code = ((await row.getByRole('rowheader').textContent()) ?? '').trim();
  expect(code).toMatch(/^UT-\d{4}-\d{3}$/);
  return code;
}

/** Tabs forward from where focus is until an element with this accessible text has it. */
async function tabTo(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')) === text) return;
  }
  throw new Error(`"${text}" is not reachable with Tab`);
}

/** A data cell of a table by its row's header (the row's name starts with it) and column (after the header). */
const cell = (page: Page, testId: string, row: string, column: number) =>
  page.getByTestId(testId).getByRole('row', { name: new RegExp(`^${row} `) }).getByRole('cell').nth(column);

describe('gallring in the browser host', () => {
  it('previews by the rules, purges one case early under a decision, and the scheduled run leaves a notice the admin acknowledges', async () => {
    const { page, dialogs, violations } = await start('gallring');

    // A case code from the demo data, as the chair sees it; she has no gallring in Settings.
    await signIn(page, 'ordforande', 'Alva Ordförande (påhittad)');
    const code = await demoConsentCase(page);
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByRole('heading', { name: 'Byt lösenord' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Gallring enligt regler' }).count()).toBe(0);
    await lock(page);

    await signIn(page, 'demo', ADMIN_NAME);
    // The schedule is off: no notice.
    expect(await page.getByTestId('retention-notice').count()).toBe(0);
    await page.getByRole('button', { name: 'Inställningar' }).click();

    // The preview by the rules: the demo data is days old, so nothing is due yet.
    await page.getByRole('button', { name: 'Visa vad som ska gallras nu' }).click();
    const preview = page.getByTestId('purge-preview');
    await preview.waitFor();
    const asOf = /(\d{4}-\d{2}-\d{2})/.exec((await preview.locator('caption').textContent()) ?? '')?.[1] ?? '';
    expect(asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await preview.getByRole('rowheader').allTextContents()).toEqual(['Ärendeuppgifter', 'Justerade protokoll', 'Handledning', 'Överlämningar och paket', 'Loggposter']);
    for (const kind of ['Ärendeuppgifter', 'Justerade protokoll', 'Handledning', 'Överlämningar och paket', 'Loggposter']) {
      expect(await cell(page, 'purge-preview', kind, 0).textContent()).toBe('0');
      expect(await cell(page, 'purge-preview', kind, 1).textContent()).toBe('–');
      expect(await cell(page, 'purge-preview', kind, 2).textContent()).toBe(`före ${cutoffDate(asOf, 60)} (60 mån.)`);
    }
    // Cases held back by records another rule keeps: a count for cases only.
    expect(await cell(page, 'purge-preview', 'Ärendeuppgifter', 3).textContent()).toBe('0');
    expect(await cell(page, 'purge-preview', 'Loggposter', 3).textContent()).toBe('–');
    await page.getByText('Inget ska gallras just nu.').waitFor();
    expect(await page.getByRole('button', { name: 'Gallra nu' }).isDisabled()).toBe(true);
    // Focus lands on the fresh preview.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('purge-preview');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: 'Gallring enligt regler' }).evaluate((heading) => heading.scrollIntoView());
    await saveScreenshot(page, 'gallring-preview');

    // Early gallring of the consent case: what goes, per part.
    const early = page.getByTestId('early-gallring');
    await early.getByLabel('Ärendekod').fill(code.toLowerCase());
    await early.getByRole('button', { name: 'Visa vad som gallras' }).click();
    const parts = page.getByTestId('gallring-preview');
    await parts.getByText(`${code} (Team försörjningsstöd): detta raderas`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('gallring-preview');
    expect(await cell(page, 'gallring-preview', 'Ärendet', 0).textContent()).toBe('1');
    expect(await cell(page, 'gallring-preview', 'Samtycken', 0).textContent()).toBe('1');
    expect(await cell(page, 'gallring-preview', 'Justerade protokoll där ärendets del tas bort', 0).textContent()).toBe('1');
    const total = Number(await cell(page, 'gallring-preview', 'Totalt', 0).textContent());
    expect(total).toBeGreaterThan(3);
    await early.getByLabel('Beslutets diarienummer').fill('Dnr 2026/123');
    await early.getByLabel('Beslutsdatum').fill(asOf);
    const submit = early.getByRole('button', { name: `Gallra ${code}` });
    // Nothing goes before the admin says it cannot be undone.
    expect(await submit.isDisabled()).toBe(true);
    await early.getByLabel('Jag förstår att det inte går att ångra').check();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'gallring-early');
    await submit.click();
    const status = page.getByTestId('gallring-status');
    await status.getByText(`${code} är gallrat: ${total} uppgifter raderades.`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('gallring-status');
    expect(await parts.count()).toBe(0);
    // The tombstone: code, team, decision, date, who, how much.
    const tombstone = page.getByTestId('tombstones').getByRole('row', { name: code });
    await tombstone.waitFor();
    expect(await tombstone.getByRole('cell').allTextContents()).toEqual(['Team försörjningsstöd', 'Dnr 2026/123', asOf, expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), ADMIN_NAME, String(total)]);
    // The case is gone: a second preview finds no such case, and says where to look.
    await early.getByLabel('Ärendekod').fill(code);
    await early.getByRole('button', { name: 'Visa vad som gallras' }).click();
    await early.getByRole('alert').getByText(`Det finns inget ärende med koden ${code}.`).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The register extract for the code: the tombstone and log rows, no record of the case itself.
    const extractForm = page.getByRole('form', { name: 'Registerutdrag' });
    await extractForm.getByLabel('Ärendekod').fill(code);
    await extractForm.getByLabel('Skäl (begärans diarienummer)').fill('Begäran 2026:15');
    await extractForm.getByRole('button', { name: 'Ta fram utdrag' }).click();
    const extract = page.getByTestId('register-extract');
    await extract.getByRole('rowheader', { name: 'Gallrat enligt beslut' }).waitFor();
    const kinds = new Set(await extract.getByRole('rowheader').allTextContents());
    expect([...kinds].filter((kind) => kind !== 'Gallrat enligt beslut' && kind !== 'Logg')).toEqual([]);

    // The schedule: turning it on is confirmed first; it runs at the next unlock (not yet run this month).
    // The box follows main's answer, so it is ticked once the schedule is saved.
    const toggle = page.getByLabel('Gallra automatiskt varje månad');
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    const facts = page.getByTestId('schedule-facts');
    await facts.getByText(/^På sedan \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/).waitFor();
    expect(dialogs.at(-1)).toContain('Slå på automatisk gallring?');
    await facts.getByText(`tidigast ${asOf}`).waitFor();
    await facts.getByText('Ingen gallring har körts ännu').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Locked and opened again: the scheduled run happened, and the admin sees its notice.
    await lock(page);
    await signIn(page, 'demo', ADMIN_NAME);
    const notice = page.getByTestId('retention-notice');
    await notice.getByRole('status').getByText(/^Automatisk gallring kördes \d{4}-\d{2}-\d{2} \d{2}:\d{2}: /).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'gallring-notice');
    // Keyboard: both buttons are reachable; the link leads to the gallring section's heading.
    await tabTo(page, 'Kvittera');
    await tabTo(page, 'Visa gallringen i Inställningar');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Gallring enligt regler');
    await facts.getByText(/\(automatisk\)/).waitFor();
    await notice.getByRole('button', { name: 'Kvittera' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    await page.getByText('Gallringen är kvitterad.').waitFor({ state: 'attached' });
    // Acknowledged for good: not there at the next sign-in (and no second run this month).
    await lock(page);
    await signIn(page, 'demo', ADMIN_NAME);
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await facts.getByText(/\(automatisk\)/).waitFor();
    expect(await notice.count()).toBe(0);
    expect(violations).toEqual([]);
  });

  it('purges by hand with the counts shown, and shows the fresh preview when what is due changed', async () => {
    const { page, host, dialogs, violations } = await start('gallring-purge');
    await signIn(page, 'demo', ADMIN_NAME);
    await page.getByRole('button', { name: 'Inställningar' }).click();
    const rules = page.getByRole('form', { name: 'Gallring: hur länge uppgifter sparas' });
    for (const label of ['Ärendeuppgifter', 'Justerade protokoll', 'Handledning', 'Överlämningar och paket']) await rules.getByLabel(label).fill('1');
    await rules.getByRole('button', { name: 'Spara gallringsregler' }).click();
    await page.getByText('Gallringsreglerna är sparade.').waitFor();
    // Two months on, the demo's meetings and supervision are older than a month.
    await lock(page);
    await host.advance(70 * DAY);
    await signIn(page, 'demo', ADMIN_NAME);
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByRole('button', { name: 'Visa vad som ska gallras nu' }).click();
    await expect.poll(async () => Number(await cell(page, 'purge-preview', 'Justerade protokoll', 0).textContent())).toBe(2);
    expect(Number(await cell(page, 'purge-preview', 'Handledning', 0).textContent())).toBeGreaterThan(0);

    // The minutes' rule goes back to five years after the preview: the purge is refused, nothing
    // goes, and the preview shown is the fresh one.
    await rules.getByLabel('Justerade protokoll').fill('60');
    await rules.getByRole('button', { name: 'Spara gallringsregler' }).click();
    await page.getByText('Gallringsreglerna är sparade.').waitFor();
    await page.getByRole('button', { name: 'Gallra nu' }).click();
    await page.getByRole('alert').getByText('Det som ska gallras har ändrats sedan förhandsvisningen').waitFor();
    expect(dialogs.at(-1)).toMatch(/Justerade protokoll: 2[\s\S]*Det går inte att ångra\./);
    await expect.poll(async () => cell(page, 'purge-preview', 'Justerade protokoll', 0).textContent()).toBe('0');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Purged with the fresh counts: the confirmation repeats them, the result is announced.
    const due = Number(await cell(page, 'purge-preview', 'Handledning', 0).textContent());
    await page.getByRole('button', { name: 'Gallra nu' }).click();
    const status = page.getByTestId('purge-status');
    await status.getByText(new RegExp(`^Gallringen är klar .*Handledning: ${due}`)).waitFor();
    expect(dialogs.at(-1)).toContain(`Handledning: ${due}`);
    expect(dialogs.at(-1)).not.toContain('Justerade protokoll');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('purge-status');
    await expect.poll(async () => cell(page, 'purge-preview', 'Handledning', 0).textContent()).toBe('0');
    await page.getByTestId('schedule-facts').getByText(/\(manuell\): .*Handledning: /).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'gallring-purged');
    expect(violations).toEqual([]);
  });
});
