import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { newCase, team } from './support/team-ui';
import { setupVaultInUi, unlockInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();
const PIA_PASSWORD = 'ekorre sjösten gruvlampa kanelbulle';

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
    await page.getByRole('button', { name: 'Ärenden', exact: true }).click();
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
    await page.getByTestId('preparation').getByLabel(code).check();
    await page.getByRole('form', { name: 'Nytt handledningstillfälle' }).getByLabel('Pia Psykolog').check();
    await page.getByRole('button', { name: 'Skapa tillfället' }).click();
    await page.getByTestId('session-records').waitFor();
    await page.getByLabel(`Sammanfattning, ${code}`).fill('Avbrotten hänger ihop med oro inför nya situationer.');
    await page.getByLabel(`Överenskommet arbetssätt, ${code}`).fill('Kortare praktikdagar i början.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'supervision');
    await page.getByRole('button', { name: 'Handledningen är genomförd – dela med teamet' }).click();
    await page.getByText('Handledningen är genomförd.').waitFor();
    await page.getByRole('button', { name: 'Lås', exact: true }).click();

    // Back as the chair: the next meeting has the shared summary on its agenda.
    await unlockInUi(page);
    await page.getByRole('button', { name: 'Teammöten' }).click();
    await page.getByRole('form', { name: 'Nytt möte' }).getByRole('button', { name: 'Nytt möte' }).click();
    await page.getByTestId('agenda').getByText(`Till handledning ${code}`).waitFor();
    await page.getByRole('button', { name: `Öppna ${code}` }).click();
    await page.getByTestId('supervision-record').getByText('Avbrotten hänger ihop med oro inför nya situationer.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
