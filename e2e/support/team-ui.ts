import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN } from './vault-ui';

/** The roster a meeting needs, made in the UI: two more organisations, a team, the admin as its chair, a member at AF. */
export async function team(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Team och medlemmar' }).click();
  await page.getByRole('tab', { name: 'Organisationer' }).click();
  for (const [name, number] of [
    ['Arbetsförmedlingen', '202100-2114'],
    ['Försäkringskassan', '202100-5521'],
  ] as const) {
    await page.getByRole('button', { name: 'Ny organisation' }).click();
    await page.getByLabel('Organisationens namn').fill(name);
    await page.getByLabel('Organisationsnummer').fill(number);
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByTestId('organisations-table').getByRole('rowheader', { name }).waitFor();
    await page.getByTestId('organisation-editor').getByRole('button', { name: 'Stäng' }).click();
  }
  await page.getByRole('tab', { name: 'Team', exact: true }).click();
  await page.getByRole('button', { name: 'Nytt team' }).click();
  await page.getByLabel('Teamets namn').fill('Team Öst');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.getByTestId('teams-table').getByRole('rowheader', { name: 'Team Öst' }).waitFor();
  await page.getByRole('tab', { name: 'Medlemmar' }).click();
  for (const [name, organisation, role] of [
    [ADMIN.name, 'Ung Arena Lidköping', 'Ordförande'],
    ['Alva Berg', 'Arbetsförmedlingen', 'Medlem'],
  ] as const) {
    await page.getByRole('button', { name: 'Lägg till medlem' }).click();
    const editor = page.getByTestId('member-editor');
    await editor.getByLabel('Namn', { exact: true }).fill(name);
    await editor.getByLabel('Hemorganisation').selectOption({ label: organisation });
    await editor.getByLabel('Med från').fill('2026-01-01');
    await editor.getByLabel('Team', { exact: true }).selectOption({ label: 'Team Öst' });
    await editor.getByLabel('Roll').selectOption({ label: role });
    await editor.getByRole('button', { name: 'Spara' }).click();
    await page.getByTestId('member-message').getByText(`${name} är sparad.`).waitFor();
    if (name === ADMIN.name) {
      // The admin sits at the table as chair: link the member to the admin's account.
      await editor.getByLabel('Konto för inloggning').selectOption({ label: `${ADMIN.name} (${ADMIN.username})` });
      await editor.getByRole('button', { name: 'Koppla kontot' }).click();
      await page.getByText('Kontot är kopplat.').waitFor();
    }
    await editor.getByRole('button', { name: 'Stäng' }).click();
  }
}

/** Creates a case in the cases view and returns its code (the new case opens in the editor). */
export async function newCase(page: Page, consent: boolean): Promise<string> {
  const heading = page.getByTestId('case-editor').getByRole('heading').first();
  const before = (await heading.count()) > 0 ? ((await heading.textContent()) ?? '') : '';
  const form = page.getByRole('form', { name: 'Nytt ärende' });
  await form.getByLabel('Sekretess').selectOption({ label: consent ? 'Med samtycke' : 'Avidentifierat' });
  // Kön and income at start are asked for (issue 20); "Ej registrerat" is an answer when the test does not care.
  await form.getByLabel('Kön').selectOption({ label: 'Ej registrerat' });
  await form.getByLabel('Försörjning vid start').selectOption({ label: 'Ej registrerat' });
  await form.getByRole('button', { name: 'Nytt ärende' }).click();
  let code = '';
  await expect
    .poll(async () => {
      code = (await heading.textContent().catch(() => '')) ?? '';
      return /^UT-\d{4}-\d{3}$/.test(code) && code !== before;
    })
    .toBe(true);
  return code;
}
