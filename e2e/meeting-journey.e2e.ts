import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatIsoDate, isoWeekday, parseIsoDate } from '../shared/time/iso-week';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { startHostWithExportFolder } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { newCase, team } from './support/team-ui';
import { ADMIN, setupVaultInUi } from './support/vault-ui';

/**
 * The chair's weekly meeting (issue 18) at 1366×768: from Teammöten, the weekly meeting with three
 * cases, one action, finalised and saved as PDF, in at most 12 clicks.
 *
 * What counts as a click: every mouse click on the page during the journey, through `click()`
 * below — navigation, buttons, opening items, the confirmation, the folder picker. Typing into the
 * field that has the focus does not count, and the journey uses nothing else: no `fill`, no
 * `selectOption`, no focusing a field by hand (each of those would be a click for a person). So the
 * journey can only type where the page itself put the focus. Before the journey (not counted), the
 * roster is made once: the team's meeting day and time, a chair and a secretary, three cases.
 */
const CLICK_BUDGET = 12;

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

const SECRETARY = 'Sam Sekreterare';
const MEETING_TIME = '10:30';

/** No horizontal scroll on the page as it is now. */
async function noHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

const isFocused = (locator: Locator): Promise<boolean> => locator.evaluate((element) => element === document.activeElement);
const inViewport = (locator: Locator): Promise<boolean> =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  });

/** The roster, once: the team meets on `weekday` at MEETING_TIME; Kim is chair, Sam secretary. */
async function teamWithMeetingDay(page: Page, weekday: string): Promise<void> {
  await team(page);
  await page.getByRole('tab', { name: 'Team', exact: true }).click();
  await page.getByRole('button', { name: 'Ändra Team Öst' }).click();
  const teamEditor = page.getByTestId('team-editor');
  await teamEditor.getByLabel('Mötesdag').selectOption({ label: weekday });
  await teamEditor.getByLabel('Mötestid').fill(MEETING_TIME);
  await teamEditor.getByRole('button', { name: 'Spara' }).click();
  await page.getByTestId('teams-table').getByRole('cell', { name: `${weekday} ${MEETING_TIME}` }).waitFor();
  await teamEditor.getByRole('button', { name: 'Stäng' }).click();

  await page.getByRole('tab', { name: 'Medlemmar' }).click();
  await page.getByRole('button', { name: 'Lägg till medlem' }).click();
  const editor = page.getByTestId('member-editor');
  await editor.getByLabel('Namn', { exact: true }).fill(SECRETARY);
  await editor.getByLabel('Hemorganisation').selectOption({ label: 'Arbetsförmedlingen' });
  await editor.getByLabel('Med från').fill('2026-01-01');
  await editor.getByLabel('Team', { exact: true }).selectOption({ label: 'Team Öst' });
  await editor.getByLabel('Roll').selectOption({ label: 'Sekreterare' });
  await editor.getByRole('button', { name: 'Spara' }).click();
  await page.getByTestId('member-message').getByText(`${SECRETARY} är sparad.`).waitFor();
  await editor.getByRole('button', { name: 'Stäng' }).click();
}

describe('the weekly meeting', () => {
  it(`from Teammöten: the meeting on the team's day, three cases, one action, finalised with a warning for its date ahead, the PDF — in at most ${CLICK_BUDGET} clicks at 1366×768`, async () => {
    const { host, url, dataDir, exportRoot } = await startHostWithExportFolder('meeting-journey');
    dirs.push(dataDir, exportRoot);
    hosts.push(host);
    // openApp fails the test if a native dialog opens (finalising asks on the page).
    const page = await openApp(chromium(), url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await setupVaultInUi(page);

    // The team meets two days from today (the page's today), so its next meeting lies ahead.
    const todayText = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const today = parseIsoDate(todayText);
    if (!today) throw new Error(`not a date: ${todayText}`);
    const meetingWeekday = ((isoWeekday(today) + 1) % 7) + 1;
    const expectedDate = formatIsoDate(((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }))(new Date(Date.UTC(today.year, today.month - 1, today.day + 2))));
    const weekdayName = ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'][meetingWeekday - 1] ?? '';
    await teamWithMeetingDay(page, weekdayName);
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await page.getByRole('tab', { name: 'Ärenden', exact: true }).click();
    const codes = [await newCase(page, false), await newCase(page, false), await newCase(page, false)];
    await page.getByRole('button', { name: 'Team och medlemmar' }).click();

    // ---- The journey: every click counted from here.
    let clicks = 0;
    const click = async (locator: Locator): Promise<void> => {
      clicks += 1;
      await locator.click();
    };
    const type = (text: string): Promise<void> => page.keyboard.type(text);

    await click(page.getByRole('button', { name: 'Teammöten' }));
    // The views are tabs, Möten selected.
    const tabs = page.getByRole('tablist', { name: 'Visa' });
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['Möten', 'Ärenden', 'Sök']);
    expect(await tabs.getByRole('tab', { name: 'Möten' }).getAttribute('aria-selected')).toBe('true');
    expect(await tabs.getByRole('tab', { name: 'Ärenden' }).getAttribute('aria-selected')).toBe('false');

    // The new meeting is on the team's next meeting day and time, with the roster's chair and secretary.
    const form = page.getByRole('form', { name: 'Nytt möte' });
    const dateValue = await form.getByLabel('Datum').inputValue();
    expect(dateValue).toBe(expectedDate);
    expect(isoWeekday(parseIsoDate(dateValue) ?? today)).toBe(meetingWeekday);
    expect(await form.getByLabel('Tid').inputValue()).toBe(MEETING_TIME);
    const chosen = (label: string) => form.getByLabel(label, { exact: true }).evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    // (The roster's members arrive after the team: wait for them, without a click.)
    await expect.poll(() => chosen('Ordförande')).toBe(ADMIN.name);
    expect(await chosen('Sekreterare')).toBe(SECRETARY);
    await noHorizontalScroll(page);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await click(form.getByRole('button', { name: 'Nytt möte' }));
    await page.getByTestId('meeting-title').getByText(`${expectedDate} kl. ${MEETING_TIME}`).waitFor();
    await page.getByText(`Ordförande: ${ADMIN.name}. Sekreterare: ${SECRETARY}.`).waitFor();
    // The agenda comes first; attendance as the roster gave it is folded away below it.
    const agendaTop = await page.getByTestId('agenda').evaluate((element) => element.getBoundingClientRect().top);
    const attendanceTop = await page.getByRole('button', { name: 'Närvaro', exact: true }).evaluate((element) => element.getBoundingClientRect().top);
    expect(agendaTop).toBeLessThan(attendanceTop);
    expect(await page.getByRole('button', { name: 'Närvaro', exact: true }).getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('attendance').isVisible()).toBe(false);
    await page.getByTestId('attendance-summary').getByText('3 av 3 närvarande').waitFor();

    for (const code of codes) {
      await click(page.getByRole('button', { name: `Lägg till ${code} på dagordningen` }));
      await page.getByRole('button', { name: `Öppna ${code}` }).waitFor();
    }
    expect(await page.getByTestId('agenda').locator('li strong').allTextContents()).toEqual(codes);

    // Opening an item brings its editor into view with the focus in its first field.
    const [first] = codes;
    await click(page.getByRole('button', { name: `Öppna ${first}` }));
    const editor = page.getByTestId('item-editor');
    const notes = editor.getByLabel('Diskussion');
    await expect.poll(() => isFocused(notes)).toBe(true);
    expect(await inViewport(editor.getByRole('heading', { name: `Ärende ${first}` }))).toBe(true);
    await type('Har börjat praktik på lagret och trivs.');
    // The text areas use the page's proportional type, not a monospace font.
    const fonts = await page.evaluate(() => [getComputedStyle(document.body).fontFamily, getComputedStyle(document.querySelector('[data-testid="item-editor"] textarea') as Element).fontFamily]);
    expect(fonts[1]).toBe(fonts[0]);
    expect(fonts[1]).not.toMatch(/mono/i);

    await click(editor.getByRole('button', { name: 'Lägg till åtgärd' }));
    const action = editor.getByLabel('Åtgärd 1', { exact: true });
    await expect.poll(() => isFocused(action)).toBe(true);
    await type('Boka uppföljningssamtal med arbetsgivaren och be om ett omdöme efter de första veckorna');
    // The action field spans the editor and grows with its text: more than one line, wider than 600 px.
    const actionBox = await action.evaluate((element) => ({ width: element.getBoundingClientRect().width, height: element.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(element).lineHeight) }));
    expect(actionBox.width).toBeGreaterThan(600);
    expect(actionBox.height).toBeGreaterThan(1.5 * actionBox.lineHeight);
    await noHorizontalScroll(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'meeting-journey-item');

    // Saved: said beside the button that saved.
    await click(editor.getByRole('button', { name: 'Spara punkten' }));
    const saved = editor.locator('.action-line').getByText(`${first} är sparad.`);
    await saved.waitFor();
    expect(await inViewport(saved)).toBe(true);

    // Finalising asks on the page, and warns that the meeting's day has not come yet.
    await click(page.getByRole('button', { name: 'Justera protokollet' }));
    const confirm = page.getByTestId('finalise-confirm');
    await confirm.waitFor();
    expect(await isFocused(confirm)).toBe(true);
    expect(await confirm.getByTestId('future-warning').textContent()).toBe(`Mötet är daterat ${expectedDate}, men i dag är det ${todayText}. Justera bara ett möte som redan är hållet – efter justeringen kan protokollet inte ändras.`);
    expect(await confirm.getByRole('button', { name: 'Ja, justera' }).count()).toBe(0);
    await noHorizontalScroll(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'meeting-journey-finalise');
    await click(confirm.getByRole('button', { name: 'Justera ändå' }));
    await page.getByText(/Protokollet är justerat \(SHA-256 [0-9a-f]{16}…\)/).waitFor();
    await page.getByText('Justerat. Spara protokollet som PDF här nedanför.').waitFor();

    await click(page.getByRole('button', { name: 'Protokoll som PDF' }));
    await click(page.getByRole('button', { name: 'Spara här' }));
    const written = page.getByTestId('pdf-message');
    await written.getByText(/Protokollet är sparat i/).waitFor();
    // The answer stands beside the PDF button, in view, and the folder picker has closed.
    expect(await inViewport(written)).toBe(true);
    expect(await page.getByRole('button', { name: 'Spara här' }).count()).toBe(0);
    // ---- End of the journey.

    expect(clicks).toBeLessThanOrEqual(CLICK_BUDGET);
    expect(clicks).toBe(12);
    const [pdfName] = (await fs.readdir(exportRoot)).filter((name) => name.endsWith('.pdf'));
    expect(pdfName).toBe(`protokoll-Team_Öst-${expectedDate}.pdf`);
    const text = spawnSync('pdftotext', ['-layout', path.join(exportRoot, pdfName ?? ''), '-'], { encoding: 'utf8' }).stdout;
    for (const expected of [`Protokoll – Team Öst, ${expectedDate}`, 'Justerat.', ...codes, 'Har börjat praktik på lagret', 'Boka uppföljningssamtal']) expect(text).toContain(expected);
    await noHorizontalScroll(page);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Back in the list, the meeting is finalised; the views answer the arrow keys as tabs do.
    await page.getByRole('button', { name: 'Tillbaka till mötena' }).click();
    await page.getByTestId('meetings-table').getByRole('row').filter({ hasText: expectedDate }).getByText('justerat').waitFor();
    await tabs.getByRole('tab', { name: 'Möten' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await tabs.getByRole('tab', { name: 'Ärenden' }).getAttribute('aria-selected')).toBe('true');
    expect(await isFocused(tabs.getByRole('tab', { name: 'Ärenden' }))).toBe(true);
    await page.getByTestId('cases-table').waitFor();
    await page.keyboard.press('End');
    expect(await tabs.getByRole('tab', { name: 'Sök' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('search').waitFor();
    await page.keyboard.press('ArrowRight');
    expect(await tabs.getByRole('tab', { name: 'Möten' }).getAttribute('aria-selected')).toBe('true');
  });
});
