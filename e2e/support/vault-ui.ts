import type { Page } from 'playwright-core';

export const ADMIN = { name: 'Kim Ordförande', username: 'kim', password: 'kanelbulle gruvlampa sjösten ekorre' };

/** Goes through first-run setup in the UI (Swedish labels) and returns the recovery key shown. */
export async function setupVaultInUi(page: Page, organisation = { name: 'Ung Arena Lidköping', number: '212000-2627' }): Promise<string> {
  await page.getByLabel('Organisationens namn').fill(organisation.name);
  await page.getByLabel('Organisationsnummer').fill(organisation.number);
  await page.getByLabel('Ditt namn').fill(ADMIN.name);
  await page.getByLabel('Användarnamn').fill(ADMIN.username);
  await page.getByLabel('Lösenord', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Lösenord igen').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Skapa valvet' }).click();
  const key = (await page.getByTestId('recovery-key').textContent()) ?? '';
  await page.getByLabel('Jag har sparat återställningsnyckeln på ett säkert ställe.').check();
  await page.getByRole('button', { name: 'Fortsätt till Teamvalv' }).click();
  await page.getByRole('navigation').waitFor();
  return key.trim();
}

export async function unlockInUi(page: Page, password = ADMIN.password): Promise<void> {
  // Locking takes a moment (the page saves open drafts first): wait for the lock screen itself.
  await page.getByTestId('unlock-screen').waitFor();
  await page.getByLabel('Användarnamn').fill(ADMIN.username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Lås upp' }).click();
}
