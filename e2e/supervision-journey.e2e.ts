// The psychologist's journey at 1366×768 on the demo vault: she lands on Handledning (on the team
// whose session waits for her), creates a planned session, leaves it (another area, another team)
// and comes back, opens it again from the list and completes and shares it; a session dated ahead
// is not marked held without a warning; the chair then finds the shared record on the next meeting.
// No page scrolls sideways, axe finds nothing serious, no native dialog ever opens.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, onOrAfter, workingDayOnOrAfter } from '../main/vault/demo-dates';
import { workingDayOnOrAfter as defaultSessionDate } from '../shared/time/working-day';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { unlockDemoInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();
const SUMMARY = 'Oron inför nya situationer styr mer än motivationen. (Påhittat.)';
const AHEAD_SUMMARY = 'Skrivet i förväg, ska inte delas. (Påhittat.)';

/** Today as the host's clock has it (the test clock starts at the real time): a Stockholm date. */
function stockholmToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

async function signIn(page: Page, username: string, displayName: string): Promise<void> {
  await page.getByTestId('unlock-screen').waitFor();
  await unlockDemoInUi(page, username);
  await page.getByText(`Inloggad: ${displayName}`).waitFor();
}

/** How far the page scrolls sideways (0: not at all), the document and the content area both. */
async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    const overflow = (element: Element | null): number => (element ? element.scrollWidth - element.clientWidth : 0);
    return Math.max(overflow(document.documentElement), overflow(document.getElementById('content')));
  });
}

/** The browser's own calendar date (the page's date fields default from it). */
async function browserToday(page: Page): Promise<string> {
  return page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
}

async function selectedTeam(page: Page): Promise<string> {
  return page.getByLabel('Team', { exact: true }).evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
}

describe('the psychologist’s supervision journey at 1366×768', () => {
  it('lands on Handledning, creates a planned session, leaves and comes back, completes and shares it; a session dated ahead warns first', { timeout: 120_000 }, async () => {
    const dataDir = await makeTempDir('supervision-journey');
    dirs.push(dataDir);
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true, args: ['--demo'] });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const today = stockholmToday();
    // The demo's planned session: the first working day a week or more ahead (main/vault/demo-supervision.ts).
    const demoPlanned = workingDayOnOrAfter(addDays(today, 7));

    // She lands on Handledning, on the team whose planned session waits, with that session open.
    await signIn(page, 'psykolog', 'Pelle Psykolog (påhittad)');
    await page.getByRole('heading', { level: 1, name: 'Handledning' }).waitFor();
    expect(await page.getByRole('button', { name: 'Handledning', exact: true }).getAttribute('aria-current')).toBe('page');
    const sessionPage = page.getByTestId('session-page');
    await sessionPage.getByRole('heading', { name: `Handledning ${demoPlanned}` }).waitFor();
    await sessionPage.getByTestId('session-status').getByText('planerat, inte genomfört ännu').waitFor();
    expect(await selectedTeam(page)).toBe('Team försörjningsstöd');
    // Its preparation, what is shared and the private notes (open: the demo password opens her key), all on one page.
    await sessionPage.getByTestId('session-preparation').waitFor();
    await sessionPage.getByTestId('session-records').waitFor();
    await sessionPage.getByTestId('private-notes').getByLabel('Förberedelse').waitFor();
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'supervision-landing');

    // A new session for today, with the case the team flagged.
    await page.getByRole('button', { name: 'Nytt tillfälle' }).click();
    const form = page.getByRole('form', { name: 'Nytt handledningstillfälle' });
    await expect.poll(() => form.getByRole('heading', { name: 'Nytt handledningstillfälle' }).evaluate((h) => h === document.activeElement)).toBe(true);
    const code = ((await form.getByTestId('preparation').locator('strong').first().textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-ZÅÄÖ]+-\d{4}-\d{3}$/);
    await form.getByTestId('preparation').getByLabel(code).check();
    // The date defaults to a working day: today on Monday–Friday, the Monday after on a weekend.
    expect(await form.getByLabel('Datum').inputValue()).toBe(defaultSessionDate(await browserToday(page)));
    await form.getByLabel('Datum').fill(today);
    await form.getByLabel('Pelle Psykolog (påhittad)').check();
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Skapa tillfället' }).click();
    await page.getByTestId('supervision-message').getByText(/^Handledningstillfället är skapat/).waitFor();
    await sessionPage.getByRole('heading', { name: `Handledning ${today}` }).waitFor();
    await sessionPage.getByLabel(`Sammanfattning, ${code}`).waitFor();

    // She leaves: another area and back, then another team and back (the data is fetched again).
    await page.getByRole('button', { name: 'Teammöten', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Teammöten' }).waitFor();
    await page.getByRole('button', { name: 'Handledning', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Handledning' }).waitFor();
    // Back on the team whose sessions wait for her, the new one in the list.
    const list = page.getByTestId('session-list');
    await list.getByRole('listitem').filter({ hasText: `${today} (v.` }).getByText('planerat').waitFor();
    expect(await selectedTeam(page)).toBe('Team försörjningsstöd');
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team aktivitetsersättning' });
    // No sessions there: the next step is a button, which takes her to the new-session form.
    const empty = page.getByTestId('sessions-empty');
    await empty.getByText('Inga tillfällen ännu för teamet.').waitFor();
    await empty.getByRole('button', { name: 'Planera ett tillfälle' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Nytt handledningstillfälle' }).getByRole('heading', { name: 'Nytt handledningstillfälle' }).evaluate((h) => h === document.activeElement)).toBe(true);
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    await list.getByRole('listitem').filter({ hasText: `${today} (v.` }).getByText('planerat').waitFor();

    // Opened again from the list: the record form is there for the planned session; completed and shared.
    await list.getByRole('button', { name: `${today} (v.` }).click();
    await sessionPage.getByRole('heading', { name: `Handledning ${today}` }).waitFor();
    await sessionPage.getByTestId('session-status').getByText('planerat, inte genomfört ännu').waitFor();
    const records = sessionPage.getByTestId('session-records');
    await records.getByRole('group', { name: `Teman för ${code}` }).getByLabel('Motivation').check();
    await records.getByLabel(`Sammanfattning, ${code}`).fill(SUMMARY);
    await records.getByLabel(`Överenskommet arbetssätt, ${code}`).fill('Korta steg, en kontaktperson i taget.');
    await records.getByLabel(`Åtgärder, ${code} (en per rad)`).fill('Ärendebäraren stämmer av varje vecka');
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'supervision-session');
    await records.getByRole('button', { name: 'Handledningen är genomförd – dela med teamet' }).click();
    await page.getByTestId('supervision-message').getByText('Handledningen är genomförd. Det som delats visas i teamets nästa möte.').waitFor();
    await sessionPage.getByTestId('session-status').getByText(/genomfört \(markerat/).waitFor();
    await records.getByText(/^Delat med teamet /).waitFor();
    await list.getByRole('listitem').filter({ hasText: `${today} (v.` }).getByText('genomfört').waitFor();

    // The demo's planned session is dated ahead: marking it held warns first, and "Avbryt" changes nothing.
    await list.getByRole('button', { name: `${demoPlanned} (v.` }).click();
    await sessionPage.getByRole('heading', { name: `Handledning ${demoPlanned}` }).waitFor();
    await records.getByLabel(`Sammanfattning, ${code}`).fill(AHEAD_SUMMARY);
    await records.getByRole('button', { name: 'Handledningen är genomförd – dela med teamet' }).click();
    const warning = page.getByTestId('future-warning');
    await warning.getByText(`Tillfället är daterat ${demoPlanned}, efter dagens datum.`, { exact: false }).waitFor();
    expect(await warning.getAttribute('role')).toBe('alert');
    await expect.poll(() => warning.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'supervision-future-warning');
    await warning.getByRole('button', { name: 'Avbryt' }).click();
    expect(await warning.count()).toBe(0);
    // Nothing was shared or marked: opened again from the list it is still planned, with nothing shared.
    await page.getByRole('button', { name: 'Teammöten', exact: true }).click();
    await page.getByRole('button', { name: 'Handledning', exact: true }).click();
    await list.getByRole('button', { name: `${demoPlanned} (v.` }).click();
    await sessionPage.getByRole('heading', { name: `Handledning ${demoPlanned}` }).waitFor();
    await sessionPage.getByTestId('session-status').getByText('planerat, inte genomfört ännu').waitFor();
    expect(await records.getByLabel(`Sammanfattning, ${code}`).inputValue()).toBe('');
    expect(await records.getByText(/^Delat med teamet /).count()).toBe(0);

    // The chair lands on Teammöten on a team with meetings, and finds the shared record on the next meeting.
    await page.keyboard.press('Control+L');
    await signIn(page, 'ordforande', 'Alva Ordförande (påhittad)');
    await page.getByRole('heading', { level: 1, name: 'Teammöten' }).waitFor();
    const aeNext = onOrAfter(today, 4);
    await page.getByRole('button', { name: `Öppna mötet ${aeNext}` }).waitFor();
    expect(await selectedTeam(page)).toBe('Team aktivitetsersättning');
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    await page.getByRole('button', { name: `Öppna mötet ${onOrAfter(today, 2)}` }).click();
    await page.getByTestId('agenda').getByText(`Till handledning ${code}`).waitFor();
    await page.getByRole('button', { name: `Öppna ${code}` }).click();
    await page.getByTestId('supervision-record').getByText(SUMMARY).waitFor();
    expect(await page.content()).not.toContain(AHEAD_SUMMARY);

    // Back as the psychologist: she confirms the warning and the demo's planned session is held.
    await page.keyboard.press('Control+L');
    await signIn(page, 'psykolog', 'Pelle Psykolog (påhittad)');
    await sessionPage.getByRole('heading', { name: `Handledning ${demoPlanned}` }).waitFor();
    await records.getByLabel(`Sammanfattning, ${code}`).fill('Teamet enades om att vänta in praktikplatsens besked. (Påhittat.)');
    await records.getByRole('button', { name: 'Handledningen är genomförd – dela med teamet' }).click();
    await warning.getByRole('button', { name: 'Ja, den har hållits – dela och markera som genomförd' }).click();
    await sessionPage.getByTestId('session-status').getByText(/genomfört \(markerat/).waitFor();
    await list.getByRole('listitem').filter({ hasText: `${demoPlanned} (v.` }).getByText('genomfört').waitFor();
    expect(dialogs).toEqual([]);
  });
});
