// A case's whole year in the browser host (issue 20), at 1366×768: raised (aktualiserad), proposed
// to the beredningsgrupp, chosen, closed with an outcome and an analysis the guard checks as it is
// typed, followed up with check-ins at 3, 6 and 12 months; a meeting on the first check-in's day
// brings the case up with its check-in, recorded from the meeting; archived, then reopened with a
// reason — the timeline keeping the whole history. axe: no serious or critical violation, with a
// dialog open and at the end.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { inventedPersonnummer } from '../shared/guard/test-support/corpus';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { startHostWithExportFolder } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { newCase, team } from './support/team-ui';
import { ADMIN, setupVaultInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

const ANALYSIS = 'Praktiken blev en plats på komvux. Det som bar: studievägledningen och en fast kontaktperson.';
const REASON = 'Avbröt studierna och vill ha stöd igen.';

/** One change of phase: its button, the dialog's fields, Spara; the dialog closes and the phase shows. */
async function step(page: Page, code: string, button: string, phase: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  const editor = page.getByTestId('case-editor');
  await editor.getByRole('group', { name: `Ändra fas för ${code}` }).getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await fill?.(dialog);
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await dialog.waitFor({ state: 'detached' });
  await editor.getByTestId('case-phase').getByText(`Fas: ${phase}`, { exact: true }).waitFor();
}

describe('a case from referral to follow-up after exit', () => {
  it('walks every state; the check-in comes up on the meeting when due and is recorded there; reopened, the case keeps its history', async () => {
    const { host, url, dataDir, exportRoot } = await startHostWithExportFolder('case-lifecycle');
    dirs.push(dataDir, exportRoot);
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await setupVaultInUi(page);
    await team(page);
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await page.getByRole('tab', { name: 'Ärenden', exact: true }).click();

    // A new case starts as raised (aktualiserad), for the beredningsgrupp.
    const code = await newCase(page, false);
    const editor = page.getByTestId('case-editor');
    await editor.getByTestId('case-phase').getByText('Fas: Aktualiserad', { exact: true }).waitFor();
    await page.getByTestId('cases-table').getByRole('row', { name: new RegExp(code) }).getByText('Aktualiserad').waitFor();

    await step(page, code, 'Föreslå till beredning', 'Beredning');
    await step(page, code, 'Vald av beredningsgruppen', 'Aktiv', async (dialog) => {
      await dialog.getByLabel('Vem beslutade').selectOption({ label: ADMIN.name });
    });
    await step(page, code, 'Avsluta ärendet', 'Avslutad', async (dialog) => {
      await dialog.getByLabel('Utfall (deltagarens läge vid avslut)').selectOption({ label: 'studier' });
      const analysis = dialog.getByLabel('Analys vid avslut');
      const save = dialog.getByRole('button', { name: 'Spara' });
      // A personnummer in the analysis: the guard says so as it is typed, and nothing can be saved.
      await analysis.fill(`Deltagaren ${inventedPersonnummer()} började studera.`);
      await dialog.getByRole('alert').getByText(/personnummer/).waitFor();
      expect(await save.isDisabled()).toBe(true);
      await analysis.fill(ANALYSIS);
      await expect.poll(() => save.isDisabled()).toBe(false);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'case-lifecycle-close');
    });
    await editor.getByTestId('closure-analysis').getByText(ANALYSIS).waitFor();
    await step(page, code, 'Planera uppföljning efter avslut', 'Uppföljning efter avslut');
    const checkins = editor.getByTestId('case-checkins').getByRole('listitem');
    await expect.poll(() => checkins.count()).toBe(3);
    const due = /planerad (\d{4}-\d{2}-\d{2})/.exec((await checkins.first().textContent()) ?? '')?.[1] ?? '';
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The meeting on the check-in's day: the case is a follow-up, with its check-in, recorded there.
    await page.getByRole('tab', { name: 'Möten', exact: true }).click();
    const newMeeting = page.getByRole('form', { name: 'Nytt möte' });
    await newMeeting.getByLabel('Datum').fill(due);
    await newMeeting.getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByTestId('meeting-title').waitFor();
    await expect.poll(() => page.getByTestId('agenda').textContent()).toContain(`Uppföljning ${code}`);
    await expect.poll(() => page.getByTestId('agenda').textContent()).toContain('Uppföljning efter avslut');
    await page.getByRole('button', { name: `Öppna ${code}` }).click();
    const dueHere = page.getByTestId('item-editor').getByTestId('agenda-checkins');
    await dueHere.getByText(`${code}: uppföljning efter 3 månader, planerad ${due}`).waitFor();
    await dueHere.getByRole('button', { name: 'Registrera uppföljning efter 3 månader' }).click();
    const checkinDialog = page.getByRole('dialog');
    await checkinDialog.getByLabel('Deltagarens läge vid uppföljningen').selectOption({ label: 'studier' });
    await checkinDialog.getByRole('button', { name: 'Spara' }).click();
    await dueHere.getByText('Uppföljningen är registrerad.').waitFor();
    expect(await dueHere.getByRole('button').count()).toBe(0);
    await page.getByRole('button', { name: 'Tillbaka till mötena' }).click();

    // Back in the case: the check-in done, then archived and reopened with a reason.
    await page.getByRole('tab', { name: 'Ärenden', exact: true }).click();
    await page.getByRole('button', { name: `Öppna ${code}` }).click();
    await expect.poll(() => checkins.first().textContent()).toMatch(new RegExp(`^efter 3 månader \\(planerad ${due}\\): studier, \\d{4}-\\d{2}-\\d{2}$`));
    await step(page, code, 'Arkivera', 'Arkiverad');
    // Archived: the check-ins not done are cancelled.
    await expect.poll(async () => (await checkins.allTextContents()).filter((text) => text.includes('inställd')).length).toBe(2);
    await step(page, code, 'Återöppna', 'Aktiv', async (dialog) => {
      await dialog.getByLabel('Varför återöppnas ärendet?').fill(REASON);
    });
    expect(await editor.getByTestId('closure-analysis').count()).toBe(0);

    // The whole history, in order, with ISO dates: the analysis and the reason kept.
    const timeline = editor.getByTestId('case-timeline').getByRole('listitem');
    const entries = await timeline.allTextContents();
    expect(entries.map((text) => /^\d{4}-\d{2}-\d{2} (Aktualiserad|Beredning|Aktiv|Ej vald|Avslutad|Uppföljning efter avslut|Arkiverad|Återöppnad)/.exec(text)?.[1])).toEqual([
      'Aktualiserad',
      'Beredning',
      'Aktiv',
      'Avslutad',
      'Uppföljning efter avslut',
      'Arkiverad',
      'Återöppnad',
    ]);
    expect(entries[2]).toContain(`beslut av ${ADMIN.name}`);
    expect(entries[3]).toContain('utfall: studier');
    expect(entries[3]).toContain(ANALYSIS);
    expect(entries[6]).toContain(REASON);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'case-lifecycle-timeline');
  });
});
