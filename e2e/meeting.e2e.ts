import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { type RunningHost, startHostWithExportFolder } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { newCase, team } from './support/team-ui';
import { ADMIN, setupVaultInUi, unlockInUi } from './support/vault-ui';
import { inventedPersonnummer } from '../shared/guard/test-support/corpus';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();


async function start(): Promise<{ page: Page; host: RunningHost; exportRoot: string }> {
  const { host, url, dataDir, exportRoot } = await startHostWithExportFolder('meeting');
  dirs.push(dataDir, exportRoot);
  hosts.push(host);
  const page = await openApp(chromium(), url);
  await setupVaultInUi(page);
  return { page, host, exportRoot };
}

describe('a whole meeting in the browser host', () => {
  it('attendance, a follow-up carried over, a consent case and an anonymous case, an action, the guard, meeting-room mode, finalise, PDF', async () => {
    const { page, exportRoot } = await start();
    // No native dialog ever opens (finalising asks on the page): openApp fails the test if one does.
    await team(page);
    await page.getByRole('button', { name: 'Teammöten' }).click();

    // Cases: the earlier one (anonymous), a consent case with AF covered, and a new anonymous one.
    await page.getByRole('tab', { name: 'Ärenden', exact: true }).click();
    const earlier = await newCase(page, false);
    const consentCase = await newCase(page, true);
    const consentForm = page.getByRole('form', { name: 'Registrera samtycke' });
    await consentForm.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Arbetsförmedlingen' });
    await consentForm.getByLabel('arbetsmarknadssituation').check();
    await consentForm.getByLabel('Syfte').fill('Samordnad planering mot arbete');
    await consentForm.getByLabel('Gäller från').fill('2026-11-01');
    await consentForm.getByLabel('Gäller till').fill('2027-04-30');
    await consentForm.getByLabel('Var det undertecknade samtycket förvaras').fill('Socialtjänstens akt');
    await consentForm.getByRole('button', { name: 'Registrera samtycke' }).click();
    await page.getByTestId('consents').getByText(/^Arbetsförmedlingen:/).waitFor();
    const fresh = await newCase(page, false);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Last week's meeting: the earlier case gets an action due before today's meeting.
    await page.getByRole('tab', { name: 'Möten', exact: true }).click();
    const newMeeting = page.getByRole('form', { name: 'Nytt möte' });
    await newMeeting.getByLabel('Datum').fill('2026-11-17');
    await newMeeting.getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByTestId('meeting-title').waitFor();
    await page.getByRole('button', { name: `Lägg till ${earlier} på dagordningen` }).click();
    await page.getByRole('button', { name: `Öppna ${earlier}` }).click();
    const editor = page.getByTestId('item-editor');
    await editor.getByLabel('Diskussion').fill('Vill pröva praktik inom lager.');
    await editor.getByRole('button', { name: 'Lägg till åtgärd' }).click();
    await editor.getByLabel('Åtgärd 1', { exact: true }).fill('Boka studiebesök på lagret');
    await editor.getByLabel('Ansvarig för åtgärd 1').selectOption({ label: 'Alva Berg' });
    await editor.getByLabel('Klart senast, åtgärd 1').fill('2026-11-20');
    await editor.getByRole('button', { name: 'Spara punkten' }).click();
    await page.getByText(`${earlier} är sparad.`).waitFor();
    await page.getByRole('button', { name: 'Tillbaka till mötena' }).click();

    // Today's meeting: the follow-up is on the agenda by itself.
    await newMeeting.getByLabel('Datum').fill('2026-11-24');
    await newMeeting.getByLabel('Ordförande').selectOption({ label: ADMIN.name });
    await newMeeting.getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByTestId('meeting-title').getByText('v. 48').waitFor();
    await expect.poll(() => page.getByTestId('agenda').textContent()).toContain(`Uppföljning ${earlier}`);

    // Attendance, as the roster gave it, is folded away; opened, a guest from an organisation the consent does not cover.
    expect(await page.getByTestId('attendance').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Närvaro', exact: true }).click();
    await page.getByLabel('Närvaro för Alva Berg').selectOption({ label: 'närvarande' });
    await page.getByLabel('Gästens namn').fill('Gästa Gäst');
    await page.getByRole('form', { name: 'Lägg till gäst' }).getByLabel('Hemorganisation').selectOption({ label: 'Försäkringskassan' });
    await page.getByRole('button', { name: 'Lägg till gäst' }).click();
    await page.getByTestId('attendance').getByRole('rowheader', { name: 'Gästa Gäst' }).waitFor();
    for (const code of [consentCase, fresh]) {
      await page.getByRole('button', { name: `Lägg till ${code} på dagordningen` }).click();
      await page.getByRole('button', { name: `Öppna ${code}` }).waitFor();
    }
    // Reorder by keyboard: the fresh case moves up one place.
    await page.getByRole('button', { name: `Flytta upp ${fresh}` }).click();
    await expect.poll(async () => (await page.getByTestId('agenda').locator('li strong').allTextContents()).join(' ')).toBe(`${earlier} ${fresh} ${consentCase}`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'meeting');

    // The follow-up: the action from last week, marked done.
    await page.getByRole('button', { name: `Öppna ${earlier}` }).click();
    await editor.getByText('Boka studiebesök på lagret').waitFor();
    await editor.getByRole('button', { name: 'Markera som klar' }).click();
    await page.getByText('Åtgärden är klar.').waitFor();
    await editor.getByLabel('Diskussion').fill('Studiebesöket är gjort. Praktik från december.');
    await editor.getByRole('button', { name: 'Spara punkten' }).click();
    await page.getByText(`${earlier} är sparad.`).waitFor();

    // The anonymous case: a personnummer is blocked until removed (or a reason given).
    await page.getByRole('button', { name: `Öppna ${fresh}` }).click();
    const pnr = inventedPersonnummer();
    await editor.getByLabel('Diskussion').fill(`Hon lämnade ${pnr} på mötet.`);
    await editor.getByTestId('guard-hits').getByText(`Stoppar: ”${pnr}” (personnummer)`).waitFor();
    expect(await editor.getByRole('button', { name: 'Spara punkten' }).isDisabled()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'meeting-guard');
    await editor.getByLabel('Diskussion').fill('Ny i teamet, söker arbete inom vården.');
    await editor.getByRole('button', { name: 'Lägg till åtgärd' }).click();
    await editor.getByLabel('Åtgärd 1', { exact: true }).fill('Kontakta vårdutbildningen');
    await editor.getByLabel('Klart senast, åtgärd 1').fill('2026-12-01');
    await editor.getByRole('button', { name: 'Spara punkten' }).click();
    await page.getByText(`${fresh} är sparad.`).waitFor();

    // The consent case: the chair is warned first (Försäkringskassan is present and not covered).
    await page.getByRole('button', { name: `Öppna ${consentCase}` }).click();
    await page.getByTestId('consent-warning').getByText('Försäkringskassan').waitFor();
    await page.getByRole('button', { name: 'Jag har sett till det – öppna' }).click();
    await editor.getByLabel('Diskussion').fill('Planering tillsammans med Arbetsförmedlingen.');
    await editor.getByRole('button', { name: 'Spara punkten' }).click();
    await page.getByText(`${consentCase} är sparad.`).waitFor();

    // Meeting-room mode: one item at a time, large; arrow keys move, B blanks, Esc leaves.
    await page.getByRole('button', { name: 'Mötesrumsläge' }).click();
    const room = page.getByTestId('meeting-room');
    // It opens on the item under discussion (the last one opened), and shows nothing else.
    await room.getByText('Punkt 3 av 3').waitFor();
    await room.getByRole('heading', { name: consentCase }).waitFor();
    expect(await room.textContent()).not.toContain(fresh);
    await page.keyboard.press('ArrowLeft');
    await room.getByRole('heading', { name: fresh }).waitFor();
    await room.getByText('Ny i teamet, söker arbete inom vården.').waitFor();
    expect(await room.textContent()).not.toContain(earlier);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'meeting-room');
    await page.keyboard.press('b');
    await room.getByText('Skärmen är släckt.').waitFor();
    expect(await room.textContent()).not.toContain('vården');
    await page.keyboard.press('b');
    // The browser host has one window: no projector window opens, and the mode stays here.
    await room.getByRole('button', { name: 'Visa på projektorn (andra skärmen)' }).click();
    await room.getByText('Ingen andra skärm hittades').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('meeting-title').waitFor();

    // Finalise and write the minutes as PDF.
    await page.getByRole('button', { name: 'Justera protokollet' }).click();
    // Asked on the page (the meeting's day has passed: no future-date warning); the question takes the focus.
    const confirm = page.getByTestId('finalise-confirm');
    await confirm.getByText('Justera protokollet? Efter justering kan mötet inte ändras').waitFor();
    expect(await confirm.evaluate((region) => region === document.activeElement)).toBe(true);
    expect(await page.getByTestId('future-warning').count()).toBe(0);
    await confirm.getByRole('button', { name: 'Ja, justera' }).click();
    await page.getByText(/Protokollet är justerat \(SHA-256 [0-9a-f]{16}…\)/).waitFor();
    expect(await page.getByRole('button', { name: 'Spara punkten' }).count()).toBe(0);
    // After finalising, a correction is a dated addition; the original stays.
    const addendum = page.getByRole('form', { name: 'Tillägg eller rättelse' });
    await addendum.getByLabel('Gäller').selectOption({ label: fresh });
    await addendum.getByLabel('Slag').selectOption({ label: 'markerat som fel' });
    await addendum.getByLabel('Text').fill('Åtgärden gäller vårdutbildningen i grannkommunen.');
    await addendum.getByLabel('Skäl').fill('Felskrivning');
    await addendum.getByRole('button', { name: 'Lägg till' }).click();
    await page.getByTestId('addenda').getByText(/markerat som fel: Åtgärden gäller/).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Protokoll som PDF' }).click();
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(/Protokollet är sparat i/).waitFor();
    const [pdfName] = (await fs.readdir(exportRoot)).filter((name) => name.endsWith('.pdf'));
    expect(pdfName).toBe('protokoll-Team_Öst-2026-11-24.pdf');
    const text = spawnSync('pdftotext', ['-layout', path.join(exportRoot, pdfName ?? ''), '-'], { encoding: 'utf8' }).stdout;
    for (const expected of ['Protokoll – Team Öst, 2026-11-24', 'Justerat.', earlier, consentCase, fresh, 'Kontakta vårdutbildningen', 'Gästa Gäst']) expect(text).toContain(expected);
    expect(text).not.toContain(pnr);

    // Search finds the committed text of both meetings, marked, with how many there are in all.
    await page.getByRole('button', { name: 'Tillbaka till mötena' }).click();
    await page.getByRole('tablist', { name: 'Visa' }).getByRole('tab', { name: 'Sök' }).click();
    expect(await page.getByRole('tab', { name: 'Sök' }).getAttribute('aria-selected')).toBe('true');
    const search = page.getByRole('search');
    await search.getByLabel('Sök i sparade ärendepunkter').fill('praktik');
    await search.getByRole('button', { name: 'Sök' }).click();
    await page.getByText('2 träffar', { exact: true }).waitFor();
    const hits = page.getByTestId('search-hits');
    expect(await hits.getByRole('listitem').count()).toBe(2);
    expect(await hits.locator('mark').first().textContent()).toMatch(/^praktik$/i);
    expect(await page.getByRole('button', { name: 'Visa fler träffar' }).count()).toBe(0);

    // A register extract for the consent case (the admin, for a request under art. 15).
    await page.getByRole('button', { name: 'Inställningar' }).click();
    const extractForm = page.getByRole('form', { name: 'Registerutdrag' });
    await extractForm.getByLabel('Ärendekod').fill(consentCase);
    await extractForm.getByLabel('Skäl (begärans diarienummer)').fill('Begäran 2026:14');
    await extractForm.getByRole('button', { name: 'Ta fram utdrag' }).click();
    const extract = page.getByTestId('register-extract');
    await extract.getByRole('rowheader', { name: 'Samtycke' }).waitFor();
    await extract.getByRole('rowheader', { name: 'Protokoll' }).first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('keeps what was typed when the vault locks by itself moments later, and returns to the item on unlock', async () => {
    const { page, host } = await start();
    await team(page);
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await page.getByRole('tab', { name: 'Ärenden', exact: true }).click();
    const code = await newCase(page, false);
    await page.getByRole('tab', { name: 'Möten', exact: true }).click();
    await page.getByRole('form', { name: 'Nytt möte' }).getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByRole('button', { name: `Lägg till ${code} på dagordningen` }).click();
    await page.getByRole('button', { name: `Öppna ${code}` }).click();
    await page.getByTestId('item-editor').getByLabel('Diskussion').fill('Skrivet alldeles innan låset slog till');
    // Straight away (well inside the autosave delay), the idle lock comes due on the test clock.
    await host.advance(5 * 60_000);
    await page.getByTestId('unlock-screen').waitFor();
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('Skrivet alldeles');
    await unlockInUi(page);
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await expect.poll(() => page.getByTestId('item-editor').getByLabel('Diskussion').inputValue()).toBe('Skrivet alldeles innan låset slog till');
  });
});
