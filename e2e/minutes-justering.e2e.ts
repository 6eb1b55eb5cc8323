// Minutes justerade by the chair and a justerare (issue 20), on the demo vault at 1366×768: the
// chair minutes an övrig punkt with a decision and an action for the team, and finalises naming a
// justerare among those present; the minutes wait for the justerare, who signs in, confirms and
// saves the minutes as a PDF (read back with pdftotext: the action with who and when); the team's
// decision log then lists the decision, and the chair's next meeting shows the action to follow up
// and marks it done. Axe finds nothing serious on the way; no native dialog opens.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { startHostWithExportFolder } from './support/host';
import { unlockDemoInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

const POINT = 'Rutin för sekretess (påhittad)';
const DECISION = 'Sekretessrutinen antas från januari. (Påhittat.)';
const JUSTERARE = 'Pelle Psykolog (påhittad)';
const TIME = '15:45';
const ACTION = 'Ta fram en ny rutin för gemensamma besök (påhittad)';
const CHAIR = 'Alva Ordförande (påhittad)';

/** A calendar date `days` later (`YYYY-MM-DD`). */
function later(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

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
  it('the chair finalises naming a justerare; the minutes wait until the justerare signs in and confirms; the PDF names the övrig punkt’s action; the decision log lists its decision; the next meeting follows the action up', { timeout: 120_000 }, async () => {
    const { host, url, dataDir, exportRoot } = await startHostWithExportFolder('minutes-justering', { demo: true });
    dirs.push(dataDir, exportRoot);
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const today = await browserToday(page);

    // The chair: a meeting today, an övrig punkt with notes, a decision and an action for the team.
    await signIn(page, 'ordforande', CHAIR);
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
    // A next follow-up belongs to a case; the team's actions are minuted here as on a case item.
    expect(await editor.getByLabel('Nästa uppföljning').count()).toBe(0);
    await editor.getByLabel('Diskussion').fill('Teamet gick igenom hur sekretessen hanteras på mötena.');
    await editor.getByLabel('Beslut').fill(DECISION);
    await editor.getByRole('button', { name: 'Lägg till åtgärd' }).click();
    await editor.getByLabel('Åtgärd 1', { exact: true }).fill(ACTION);
    await editor.getByLabel('Ansvarig för åtgärd 1').selectOption({ label: CHAIR });
    expect(await editor.getByLabel('Klart senast, åtgärd 1').inputValue()).toBe(today);
    expect(await seriousAxeViolations(page)).toEqual([]);
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

    // The minutes as a PDF, into the export folder, read back: the övrig punkt's decision and action, with who and when.
    await page.getByRole('button', { name: 'Protokoll som PDF' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByTestId('pdf-message').getByText(/Protokollet är sparat i/).waitFor();
    const [pdf] = (await fs.readdir(exportRoot)).filter((name) => name.endsWith('.pdf'));
    const text = spawnSync('pdftotext', ['-layout', path.join(exportRoot, pdf ?? ''), '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain(POINT);
    expect(text.replace(/\s+/g, ' ')).toContain(DECISION);
    expect(text).toMatch(new RegExp(`${ACTION.replace(/[.()]/g, '\\$&')}\\s+${CHAIR.replace(/[.()]/g, '\\$&')}\\s+${today}`));

    // Justerat: the decision is in the team's decision log, under the meeting's date and the point's title.
    await page.getByRole('button', { name: 'Tillbaka till mötena' }).click();
    await page.getByRole('button', { name: 'Beslutslogg' }).click();
    const row = page.getByTestId('decision-log').getByRole('row', { name: new RegExp(DECISION.replace(/[.()]/g, '\\$&')) });
    await row.waitFor();
    expect(await row.textContent()).toContain(today);
    expect(await row.textContent()).toContain(POINT);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The chair's next meeting, a week on: the övrig punkt's action is due by then, to follow up; she marks it done.
    await page.getByRole('button', { name: 'Lås', exact: true }).click();
    await signIn(page, 'ordforande', CHAIR);
    await page.getByRole('button', { name: 'Teammöten', exact: true }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team försörjningsstöd' });
    const next = page.getByRole('form', { name: 'Nytt möte' });
    await next.getByLabel('Datum').fill(later(today, 7));
    await next.getByLabel('Tid').fill(TIME);
    await next.getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByTestId('meeting-title').getByText(later(today, 7)).waitFor();
    const followUp = page.getByTestId('team-actions-due');
    await followUp.getByRole('heading', { name: 'Teamets åtgärder att följa upp' }).waitFor();
    const due = followUp.getByRole('listitem').filter({ hasText: ACTION });
    expect(await due.textContent()).toContain(`${ACTION} – ${CHAIR}, senast ${today} (från mötet ${today}, ${POINT})`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await due.getByRole('button', { name: `Markera ”${ACTION}” som klar` }).click();
    await followUp.getByText(`”${ACTION}” är markerad som klar.`).waitFor();
    expect(await followUp.getByRole('listitem').filter({ hasText: ACTION }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
