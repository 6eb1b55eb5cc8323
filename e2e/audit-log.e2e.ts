// The audit log in words at 1366×768: an admin adds an organisation (twice by mistake), removes
// it, and reads both in the log as sentences with her name; the raw fields sit in a disclosure,
// the time on one line, and nothing scrolls sideways.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { ADMIN, setupVaultInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

async function admin(): Promise<Page> {
  const dataDir = await makeTempDir('audit-ui');
  dirs.push(dataDir);
  const { host, url } = await startHostWithUrl(dataDir);
  hosts.push(host);
  const page = await openApp(chromium(), url);
  await page.setViewportSize({ width: 1366, height: 768 });
  await setupVaultInUi(page);
  return page;
}

/** Whether anything on the page, or in a scrolling region, is wider than its box. */
function sidewaysScroll(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const wide: string[] = [];
    const root = document.scrollingElement;
    if (root && root.scrollWidth > root.clientWidth) wide.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
    for (const element of document.querySelectorAll<HTMLElement>('.table-scroll')) {
      if (element.scrollWidth > element.clientWidth) wide.push(`${element.getAttribute('aria-label') ?? 'region'} ${element.scrollWidth} > ${element.clientWidth}`);
    }
    return wide;
  });
}

describe('the audit log in words', () => {
  it('says who added and removed which organisation, with details in a disclosure, at 1366×768 without sideways scroll', async () => {
    const page = await admin();
    await page.getByRole('button', { name: 'Team och medlemmar' }).click();
    await page.getByRole('tab', { name: 'Organisationer' }).click();
    await page.getByRole('button', { name: 'Ny organisation' }).click();
    await page.getByLabel('Organisationens namn').fill('Försäkringskassan');
    await page.getByLabel('Organisationsnummer').fill('202100-5521');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByTestId('organisation-message').getByText('Försäkringskassan är sparad.').waitFor();
    // Saved twice: the second click changes the one saved, it does not make another (or say someone else changed it).
    await page.getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => page.getByTestId('organisations-table').getByRole('rowheader', { name: 'Försäkringskassan' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Ta bort organisationen…' }).click();
    // The question is a dialog in the page (never a native confirm), accessible while it is open.
    await page.getByRole('alertdialog').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ja, ta bort Försäkringskassan' }).click();
    await page.getByTestId('organisation-message').getByText('Försäkringskassan är borttagen.').waitFor();
    await expect.poll(() => page.getByTestId('organisations-table').getByRole('rowheader', { name: 'Försäkringskassan' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Granskningslogg' }).click();
    const table = page.getByTestId('audit-table');
    const added = table.getByRole('row').filter({ hasText: `${ADMIN.name} lade till organisationen Försäkringskassan` });
    await added.waitFor();
    await table.getByRole('row').filter({ hasText: `${ADMIN.name} tog bort organisationen Försäkringskassan` }).waitFor();
    // The second click saved the same organisation again: one added, one changed, never a second added.
    expect(await table.getByRole('row').filter({ hasText: `${ADMIN.name} lade till organisationen Försäkringskassan` }).count()).toBe(1);
    expect(await table.getByRole('row').filter({ hasText: `${ADMIN.name} ändrade organisationen Försäkringskassan` }).count()).toBe(1);
    // No event codes or raw JSON in view until a row's details are opened.
    const visibleCodes = () => table.evaluate((element) => [...element.querySelectorAll('code')].filter((code) => code.checkVisibility()).length);
    expect(await table.locator('code').count()).toBeGreaterThan(0);
    expect(await visibleCodes()).toBe(0);
    await added.getByText(/^Detaljer för post \d+$/).click();
    await added.getByText('roster.organisation-saved').waitFor();
    expect(await added.getByText('roster.organisation-saved').isVisible()).toBe(true);
    expect(await visibleCodes()).toBeGreaterThan(0);

    // The time on one line: ISO date and time in one inline box (a wrapped span has a box per line).
    const time = added.locator('.audit-time');
    expect(await time.textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await time.evaluate((element) => element.getClientRects().length)).toBe(1);

    expect(await sidewaysScroll(page)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'audit-log-1366');
  });
});
