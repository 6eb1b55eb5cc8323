import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { workingDayOnOrAfter } from '../shared/time/working-day';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { newCase, team } from './support/team-ui';
import { setupVaultInUi, unlockInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();
const PIA_PASSWORD = 'ekorre sjösten gruvlampa kanelbulle';
const PIA_NEW_PASSWORD = 'fyrtorn blåbär vinterkappa sparris';
const PRIVATE_TEXT = 'PRIVAT: fundera på min egen reaktion på avbrotten.';
const PRIVATE_DRAFT = 'PRIVAT utkast: ta upp gränssättning.';

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('unlock-screen').waitFor();
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Lås upp' }).click();
}

describe('supervision in the browser host', () => {
  it('flag a case → it appears in the psychologist’s preparation → session held → the shared summary is on the next meeting', async () => {
    const dataDir = await makeTempDir('supervision');
    dirs.push(dataDir);
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await setupVaultInUi(page);
    await team(page);

    // The psychologist: an account with the psychologist role, sitting in the team.
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByLabel('Namn', { exact: true }).fill('Pia Psykolog');
    await page.getByLabel('Användarnamn', { exact: true }).fill('pia');
    await page.getByLabel('Psykolog', { exact: true }).check();
    await page.getByRole('button', { name: 'Lägg till konto' }).click();
    const notice = (await page.getByTestId('accounts-notice').textContent()) ?? '';
    const oneTime = /: ([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}) /.exec(notice)?.[1] ?? '';
    expect(oneTime).not.toBe('');
    await page.getByRole('button', { name: 'Team och medlemmar' }).click();
    await page.getByRole('button', { name: 'Lägg till medlem' }).click();
    const editor = page.getByTestId('member-editor');
    await editor.getByLabel('Namn', { exact: true }).fill('Pia Psykolog');
    await editor.getByLabel('Yrke', { exact: true }).selectOption({ label: 'Psykolog' });
    await editor.getByLabel('Med från').fill('2026-01-01');
    await editor.getByLabel('Team', { exact: true }).selectOption({ label: 'Team Öst' });
    await editor.getByRole('button', { name: 'Spara' }).click();
    await page.getByTestId('member-message').getByText('Pia Psykolog är sparad.').waitFor();
    await editor.getByLabel('Konto för inloggning').selectOption({ label: 'Pia Psykolog (pia)' });
    await editor.getByRole('button', { name: 'Koppla kontot' }).click();
    await page.getByText('Kontot är kopplat.').waitFor();

    // The chair flags a case for supervision.
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await page.getByRole('tab', { name: 'Ärenden', exact: true }).click();
    const code = await newCase(page, false);
    await page.getByTestId('case-editor').getByRole('button', { name: 'Till handledning' }).click();
    await page.getByText('Ärendet är uppdaterat.').waitFor();
    await page.getByRole('button', { name: 'Lås', exact: true }).click();

    // The psychologist prepares and holds the session.
    await signIn(page, 'pia', oneTime);
    await page.getByTestId('must-change-password').waitFor();
    await page.getByLabel('Nuvarande lösenord').fill(oneTime);
    await page.getByLabel('Nytt lösenord', { exact: true }).fill(PIA_PASSWORD);
    await page.getByLabel('Nytt lösenord igen').fill(PIA_PASSWORD);
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.getByRole('button', { name: 'Handledning' }).click();
    await page.getByTestId('preparation').getByText(code).waitFor();
    // No session yet: the empty list names the next step.
    await page.getByTestId('sessions-empty').getByRole('button', { name: 'Planera ett tillfälle' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('preparation').getByLabel(code).check();
    await page.getByLabel('Tema', { exact: true }).fill('Motivation');
    await page.getByRole('button', { name: 'Lägg till tema' }).click();
    const newSession = page.getByRole('form', { name: 'Nytt handledningstillfälle' });
    await newSession.getByLabel('Pia Psykolog').check();
    // The date defaults to a working day (the Monday after, on a weekend); she holds it today.
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    expect(await newSession.getByLabel('Datum').inputValue()).toBe(workingDayOnOrAfter(today));
    await newSession.getByLabel('Datum').fill(today);
    await page.getByRole('button', { name: 'Skapa tillfället' }).click();
    await page.getByTestId('session-records').waitFor();

    // Her private notes for the session: the key is set up at first use, the code shown once.
    const notes = page.getByTestId('private-notes');
    await notes.getByRole('button', { name: 'Skapa min nyckel för privata anteckningar' }).click();
    const personalCode = ((await notes.getByTestId('personal-code-value').textContent()) ?? '').trim();
    expect(personalCode).toMatch(/^([A-Z0-9]{4}-){7}[A-Z0-9]{4}$/);
    await notes.getByLabel('Jag har skrivit ner koden och förvarar den säkert').check();
    await notes.getByRole('button', { name: 'Klart – dölj koden' }).click();
    expect(await page.getByText(personalCode).count()).toBe(0);
    await notes.getByLabel('Förberedelse').fill(PRIVATE_TEXT);
    await notes.getByText('Utkastet är sparat krypterat.').waitFor();
    await notes.getByRole('button', { name: 'Spara förberedelse' }).click();
    await notes.getByText('Anteckningen är sparad.').waitFor();

    await page.getByRole('group', { name: `Teman för ${code}` }).getByLabel('Motivation').check();
    await page.getByLabel(`Sammanfattning, ${code}`).fill('Avbrotten hänger ihop med oro inför nya situationer.');
    await page.getByLabel(`Överenskommet arbetssätt, ${code}`).fill('Kortare praktikdagar i början.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'supervision');
    await page.getByRole('button', { name: 'Handledningen är genomförd – dela med teamet' }).click();
    await page.getByText('Handledningen är genomförd.').waitFor();
    await page.getByTestId('themes-year').getByRole('rowheader', { name: 'Motivation' }).waitFor();
    // She types and locks at once, within the autosave's delay: the lock sequence keeps the draft.
    await notes.getByLabel('Egna anteckningar från tillfället').fill(PRIVATE_DRAFT);
    await page.keyboard.press('Control+L');

    // Back as the chair: the next meeting has the shared summary on its agenda.
    await unlockInUi(page);
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await page.getByRole('form', { name: 'Nytt möte' }).getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByTestId('agenda').getByText(`Till handledning ${code}`).waitFor();
    await page.getByRole('button', { name: `Öppna ${code}` }).click();
    await page.getByTestId('supervision-record').getByText('Avbrotten hänger ihop med oro inför nya situationer.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Nothing private on the chair's pages.
    expect(await page.content()).not.toContain('PRIVAT');

    // The admin resets Pia's password: her private notes stay locked until she enters her code.
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByRole('button', { name: 'Återställ lösenord: Pia Psykolog' }).click();
    const resetNotice = (await page.getByTestId('accounts-notice').textContent()) ?? '';
    expect(resetNotice).toContain('privata anteckningar förblir låsta');
    const secondOneTime = /: ([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}) /.exec(resetNotice)?.[1] ?? '';
    await page.getByRole('button', { name: 'Lås', exact: true }).click();
    await signIn(page, 'pia', secondOneTime);
    await page.getByTestId('must-change-password').waitFor();
    await page.getByLabel('Nuvarande lösenord').fill(secondOneTime);
    await page.getByLabel('Nytt lösenord', { exact: true }).fill(PIA_NEW_PASSWORD);
    await page.getByLabel('Nytt lösenord igen').fill(PIA_NEW_PASSWORD);
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.getByRole('button', { name: 'Handledning' }).click();
    await page.getByRole('button', { name: /^Privata anteckningar/ }).click();
    const locked = page.getByTestId('unlock-notes');
    await locked.getByText('Dina privata anteckningar är låsta').waitFor();
    await locked.getByLabel('Personlig kod', { exact: true }).fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
    await locked.getByRole('button', { name: 'Lås upp' }).click();
    await locked.getByText('Koden eller lösenordet öppnade inte anteckningarna.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'private-notes-locked');
    await locked.getByLabel('Personlig kod', { exact: true }).fill(personalCode.toLowerCase());
    await locked.getByRole('button', { name: 'Lås upp' }).click();
    const reopened = page.getByTestId('private-notes');
    await expect.poll(() => reopened.getByLabel('Förberedelse').inputValue()).toBe(PRIVATE_TEXT);
    // The draft typed just before the lock was saved by the lock sequence.
    expect(await reopened.getByLabel('Egna anteckningar från tillfället').inputValue()).toBe(PRIVATE_DRAFT);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
