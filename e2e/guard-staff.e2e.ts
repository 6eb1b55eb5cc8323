// Issue 17 in the browser host: a roster member's name in an item is shown as staff (information)
// and saves without a reason; a reason that names a young person is marked on the reason field
// with its own message, and main refuses it too.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { newCase, team } from './support/team-ui';
import { ADMIN, setupVaultInUi } from './support/vault-ui';
import { inventedPersonnummer } from '../shared/guard/test-support/corpus';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();


async function start(): Promise<Page> {
  const dataDir = await makeTempDir('guard-staff');
  dirs.push(dataDir);
  const { host, url } = await startHostWithUrl(dataDir, { testClock: true });
  hosts.push(host);
  const page = await openApp(chromium(), url);
  await setupVaultInUi(page);
  return page;
}

describe('the guard and the team’s own people', () => {
  it('shows a roster member’s name as staff and saves it without a reason; marks a reason that names a young person on the reason field', async () => {
    const page = await start();
    await team(page);
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await page.getByRole('tab', { name: 'Ärenden', exact: true }).click();
    const first = await newCase(page, false);
    const second = await newCase(page, false);
    await page.getByRole('tab', { name: 'Möten', exact: true }).click();
    const newMeeting = page.getByRole('form', { name: 'Nytt möte' });
    await newMeeting.getByLabel('Datum').fill('2026-11-24');
    await newMeeting.getByLabel('Ordförande').selectOption({ label: ADMIN.name });
    await newMeeting.getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByTestId('meeting-title').getByText('v. 48').waitFor();
    for (const code of [first, second]) {
      await page.getByRole('button', { name: `Lägg till ${code} på dagordningen` }).click();
      await page.getByRole('button', { name: `Öppna ${code}` }).waitFor();
    }

    // Alva Berg is in the team's roster: her name is staff, not an identifier.
    await page.getByRole('button', { name: `Öppna ${first}` }).click();
    const editor = page.getByTestId('item-editor');
    await editor.getByLabel('Diskussion').fill('Alva gör kartläggning tillsammans med den unga. Alvas förslag: Alva Berg bokar nästa möte.');
    const hits = editor.getByTestId('guard-hits');
    await hits.getByText('Personal: ”Alva” (teamets personal)', { exact: false }).first().waitFor();
    expect(await hits.locator('li.error').count()).toBe(0);
    // "Berg" is also a municipality: with the names branch's places it may stay a place (a warning).
    expect((await hits.locator('mark.guard-staff').allTextContents()).slice(0, 2)).toEqual(['Alva', 'Alvas']);
    expect(await editor.getByLabel('Varför ska uppgifterna stå kvar?').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await editor.getByRole('button', { name: 'Spara punkten' }).click();
    await page.getByText(`${first} är sparad.`).waitFor();

    // A personnummer needs a reason; a reason naming a young person is marked on its own field.
    await page.getByRole('button', { name: `Öppna ${second}` }).click();
    const pnr = inventedPersonnummer();
    await editor.getByLabel('Diskussion').fill(`Hon lämnade ${pnr} på mötet.`);
    const reason = editor.getByLabel('Varför ska uppgifterna stå kvar?');
    await reason.fill('Fatima måste kunna hittas av teamet');
    const reasonError = editor.getByTestId('reason-error');
    await reasonError.getByText('Skälet får inte identifiera någon: ”Fatima” (namn)', { exact: false }).waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect((await reason.getAttribute('aria-describedby'))?.split(' ')).toContain(await reasonError.getAttribute('id'));
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Main refuses it too, on the reason: the field keeps its message and the focus; nothing is saved.
    await editor.getByRole('button', { name: 'Spara punkten' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    expect(await page.getByText(`${second} är sparad.`).count()).toBe(0);
    expect(await page.getByTestId('item-message').count()).toBe(0);
    // A reason without identifiers (a colleague may be named) saves.
    await reason.fill('Alva behöver numret för Försäkringskassans ärende');
    expect(await reason.getAttribute('aria-invalid')).toBe('false');
    expect(await reasonError.count()).toBe(0);
    await editor.getByRole('button', { name: 'Spara punkten' }).click();
    await page.getByText(`${second} är sparad.`).waitFor();
  });
});
