// Who owns the records (issue 20), in the browser host on the demo vault: the admin's gallring
// settings say the retention rules are a proposal ("Förslag") and for which teams no gallringsbeslut
// is entered; the admin enters, per team, the personuppgiftsansvarig authority, the arkivbildare
// and the authority's decision reference, and once every team has one the rules stop saying
// "Förslag" and say whose decisions they carry out. A reference that identifies a person is refused
// in words. The schedule's wording does not call the switch the admin's own decision. Axe clean.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { unlockDemoInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();
const CONTROLLER = 'Socialnämnden i Demokommun (påhittad)';
const ARCHIVE = 'Samordningsförbundet Demoland (påhittat)';

async function signIn(page: Page, username: string, displayName: string): Promise<void> {
  await page.getByTestId('unlock-screen').waitFor();
  await unlockDemoInUi(page, username);
  await page.getByText(`Inloggad: ${displayName}`).waitFor();
}

async function enter(page: Page, team: string, values: { controller: string; archive: string; reference: string }): Promise<void> {
  const form = page.getByRole('form', { name: team, exact: true });
  await form.getByLabel('Personuppgiftsansvarig myndighet').fill(values.controller);
  await form.getByLabel('Arkivbildare').fill(values.archive);
  await form.getByLabel('Gallringsbeslut (diarienummer och datum)').fill(values.reference);
  await form.getByRole('button', { name: `Spara för ${team}` }).click();
}

describe('who owns the records', () => {
  it('the admin enters the authorities and the gallringsbeslut per team; the rules then stop being a proposal', async () => {
    const dataDir = await makeTempDir('ownership');
    dirs.push(dataDir);
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true, args: ['--demo'] });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });

    await signIn(page, 'demo', 'Demo Administratör');
    await page.getByRole('button', { name: 'Inställningar' }).click();
    const rules = page.getByRole('region', { name: /Gallring: hur länge uppgifter sparas/ });
    await rules.getByTestId('retention-proposal').waitFor();
    expect(await rules.getByTestId('retention-proposal').textContent()).toBe('Förslag');
    // The demo entered Team aktivitetsersättning's owners (main/vault/demo-year.ts); Team försörjningsstöd has none.
    expect(await rules.getByTestId('retention-decision').textContent()).toContain('Saknas för: Team försörjningsstöd.');
    // The schedule carries out the authorities' decisions; it is no decision of the admin's own.
    const scheduleHelp = (await page.getByText(/Gallrar enligt reglerna ovan vid den första upplåsningen/).textContent()) ?? '';
    expect(scheduleHelp).toContain('verkställer');
    expect(scheduleHelp).not.toContain('ditt stående gallringsbeslut');
    const section = page.getByTestId('team-ownership');
    await section.scrollIntoViewIfNeeded();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // A reference that identifies a person is refused, in words beside the form; nothing is saved.
    await enter(page, 'Team försörjningsstöd', { controller: CONTROLLER, archive: ARCHIVE, reference: 'Begäran 19121212-1212' });
    const first = page.getByRole('form', { name: 'Team försörjningsstöd', exact: true });
    await first.getByRole('alert').getByText(/kan identifiera en person/).waitFor();

    await enter(page, 'Team försörjningsstöd', { controller: CONTROLLER, archive: ARCHIVE, reference: 'Dnr KS 2025/123, 2025-03-01' });
    await first.getByRole('status').getByText('Sparat för Team försörjningsstöd.').waitFor();
    await first.getByText('Gallringsreglerna följer Dnr KS 2025/123, 2025-03-01.').waitFor();
    // Every team has a decision now: no longer a proposal.
    await rules.getByTestId('retention-decision').getByText(/^Reglerna verkställer myndighetens gallringsbeslut:/).waitFor();
    expect(await rules.getByTestId('retention-proposal').count()).toBe(0);
    expect(await rules.getByTestId('retention-decision').textContent()).toContain('Team aktivitetsersättning – Dnr SF 2026/7, 2026-02-01 (påhittat)');

    // The demo's entry for Team aktivitetsersättning is changed.
    await enter(page, 'Team aktivitetsersättning', { controller: CONTROLLER, archive: ARCHIVE, reference: 'Dnr KS 2025/124, 2025-03-01' });
    await rules.getByTestId('retention-decision').getByText(/Team aktivitetsersättning – Dnr KS 2025\/124/).waitFor();
    expect(await rules.getByTestId('retention-proposal').count()).toBe(0);
    expect(await rules.getByTestId('retention-decision').textContent()).toBe(
      'Reglerna verkställer myndighetens gallringsbeslut: Team aktivitetsersättning – Dnr KS 2025/124, 2025-03-01; Team försörjningsstöd – Dnr KS 2025/123, 2025-03-01.',
    );
    await rules.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'ownership-decided');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Kept in the vault: after locking and unlocking, the form shows what was entered.
    await page.keyboard.press('Control+L');
    await signIn(page, 'demo', 'Demo Administratör');
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Team aktivitetsersättning', exact: true }).getByLabel('Personuppgiftsansvarig myndighet').inputValue()).toBe(CONTROLLER);
    expect(await page.getByTestId('retention-proposal').count()).toBe(0);
    expect(violations).toEqual([]);
  });
});
