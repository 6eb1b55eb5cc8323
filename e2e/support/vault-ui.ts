import { DEMO_PASSWORD } from '../../shared/demo';
import type { Page } from 'playwright-core';

export const ADMIN = { name: 'Kim Ordförande', username: 'kim', password: 'kanelbulle gruvlampa sjösten ekorre' };

/**
 * Goes through first-run setup in the UI (Swedish labels) and returns the recovery key shown.
 * `ownMember`: the admin is put in the roster, linked (the page's default); the tests that build
 * the roster by hand leave it out.
 */
export async function setupVaultInUi(page: Page, organisation = { name: 'Ung Arena Lidköping', number: '212000-2627' }, options: { ownMember?: boolean } = {}): Promise<string> {
  await page.getByLabel('Organisationens namn').fill(organisation.name);
  await page.getByLabel('Organisationens slag').selectOption({ label: 'Kommunal arbetsmarknadsenhet' });
  await page.getByLabel('Organisationsnummer').fill(organisation.number);
  await page.getByLabel('Ditt namn').fill(ADMIN.name);
  if (options.ownMember) await page.getByLabel('Ditt yrke').selectOption({ label: 'Processledare' });
  else await page.getByLabel('Jag sitter själv i teamet – lägg in mig i teamlistan').uncheck();
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

/** Signs in to the demo vault on its lock screen (the demo's invented accounts share one password). */
export async function unlockDemoInUi(page: Page, username: string): Promise<void> {
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Lås upp' }).click();
}
