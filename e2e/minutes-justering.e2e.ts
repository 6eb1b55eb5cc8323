// Minutes justerade by the chair and a justerare (issue 20), on the demo vault at 1366×768: the
// chair minutes an övrig punkt with a decision and finalises naming a justerare among those present;
// the minutes wait for the justerare, who signs in and confirms; the team's decision log then lists
// the decision. Axe finds nothing serious on the way; no native dialog opens.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { unlockDemoInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

const POINT = 'Rutin för sekretess (påhittad)';
const DECISION = 'Sekretessrutinen antas från januari. (Påhittat.)';
const JUSTERARE = 'Pelle Psykolog (påhittad)';
const TIME = '15:45';

/**
 * The browser's own calendar date: the page warns about finalising a meeting dated after it, and it
 * is never after Stockholm's (the host's) date here — so the meeting is not ahead for either, even
 * around midnight.
 */
async function browserToday(page: Page): Promise<string> {
  return page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
}

async function signIn(page: Page, username: string, displayName: string): Promise<void> {
  await page.getByTestId('unlock-screen').waitFor();
  await unlockDemoInUi(page, username);
  await page.getByText(`Inloggad: ${displayName}`).waitFor();
}

describe('minutes justerade by the chair and a justerare', () => {
  it('the chair finalises naming a justerare; the minutes wait until the justerare signs in and confirms; the decision log lists the övrig punkt’s decision', { timeout: 120_000 }, async () => {
    const dataDir = await makeTempDir('minutes-justering');
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
    const today = await browserToday(page);

    // The chair: a meeting today, an övrig punkt with notes and a decision.
    await signIn(page, 'ordforande', 'Alva Ordförande (påhittad)');
    await page.getByRole('button', { name: 'Teammöten', exact: true }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    const newMeeting = page.getByRole('form', { name: 'Nytt möte' });
    await newMeeting.getByLabel('Datum').fill(today);
    await newMeeting.getByLabel('Tid').fill(TIME);
    await newMeeting.getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByTestId('meeting-title').getByText(TIME).waitFor();
    await page.getByLabel('Övrig punkt').fill(POINT);
    await page.getByRole('button', { name: 'Lägg till punkt' }).click();
    await page.getByRole('button', { name: `Öppna ${POINT}` }).click();
    const editor = page.getByTestId('item-editor');
    await editor.getByRole('heading', { name: `Övrig punkt: ${POINT}` }).waitFor();
    // An övrig punkt holds no actions or follow-up (those belong to a case).
    expect(await editor.getByRole('button', { name: 'Lägg till åtgärd' }).count()).toBe(0);
    await editor.getByLabel('Diskussion').fill('Teamet gick igenom hur sekretessen hanteras på mötena.');
    await editor.getByLabel('Beslut').fill(DECISION);
    await editor.getByRole('button', { name: 'Spara punkten' }).click();
    await page.getByText(`${POINT} är sparad.`).waitFor();

    // Finalising: the chair names the justerare among the members present.
    await page.getByRole('button', { name: 'Justera protokollet' }).click();
    const confirm = page.getByTestId('finalise-confirm');
    await confirm.getByLabel('Justerare').selectOption({ label: JUSTERARE });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Ja, justera' }).click();
    await page.getByTestId('justering-state').getByText(`Väntar på justering av ${JUSTERARE}.`).waitFor();
    expect(await page.getByRole('button', { name: 'Bekräfta justeringen' }).count()).toBe(0);
    // Not justerat yet: the decision log leaves these minutes out.
    await page.getByRole('button', { name: 'Tillbaka till mötena' }).click();
    await page.getByRole('button', { name: 'Beslutslogg' }).click();
    await page.getByTestId('decision-log').getByRole('heading', { name: 'Teamets beslut' }).waitFor();
    await expect.poll(async () => (await page.getByTestId('decision-log').textContent()) ?? '').not.toContain('Hämtar');
    expect(await page.getByTestId('decision-log').textContent()).not.toContain(DECISION);

    // The justerare signs in, opens the meeting and confirms.
    await page.getByRole('button', { name: 'Lås', exact: true }).click();
    await signIn(page, 'psykolog', JUSTERARE);
    await page.getByRole('button', { name: 'Teammöten', exact: true }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    const listed = page.getByTestId('meetings-table').getByRole('row', { name: new RegExp(`${today} ${TIME}`) });
    expect(await listed.textContent()).toContain(`Väntar på justering av ${JUSTERARE}.`);
    await listed.getByRole('button').click();
    const justering = page.getByTestId('justering');
    await justering.getByTestId('justering-state').getByText(`Väntar på justering av ${JUSTERARE}.`).waitFor();
    expect(await justering.textContent()).toContain('Ordförande Alva Ordförande (påhittad) justerade');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await justering.getByRole('button', { name: 'Bekräfta justeringen' }).click();
    await justering.getByTestId('justering-state').getByText('Justerat av ordföranden och justeraren.').waitFor();
    expect(await justering.textContent()).toContain(`Justerare ${JUSTERARE} justerade`);
    await page.getByText('Du har justerat protokollet. Det är nu justerat av ordföranden och dig.').waitFor();
    expect(await justering.getByRole('button', { name: 'Bekräfta justeringen' }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Justerat: the decision is in the team's decision log, under the meeting's date and the point's title.
    await page.getByRole('button', { name: 'Tillbaka till mötena' }).click();
    await page.getByRole('button', { name: 'Beslutslogg' }).click();
    const row = page.getByTestId('decision-log').getByRole('row', { name: new RegExp(DECISION.replace(/[.()]/g, '\\$&')) });
    await row.waitFor();
    expect(await row.textContent()).toContain(today);
    expect(await row.textContent()).toContain(POINT);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
