// Two organisations with their own Teamvalv in the browser host (A: Ung Arena Lidköping, B:
// Arbetsförmedlingen), their keys exchanged through a shared folder and confirmed by fingerprint,
// and a handover of A's consent case ready to export — the start of the handover and the receipt
// journeys (e2e/handover.e2e.ts, e2e/handover-receipt.e2e.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openApp, seriousAxeViolations } from './browser';
import { type RunningHost, makeTempDir, startHostWithUrl } from './host';
import { newCase, team } from './team-ui';
import { ADMIN, setupVaultInUi } from './vault-ui';

/** What the journeys clean up after each test, and the browser they share. */
export interface HandoverWorld {
  readonly hosts: RunningHost[];
  readonly dirs: string[];
  readonly chromium: () => Browser;
}

async function organisation(world: HandoverWorld, exchange: string, policyFile: string, org: { name: string; number: string }): Promise<Page> {
  const dataDir = await makeTempDir('handover');
  world.dirs.push(dataDir);
  const { host, url } = await startHostWithUrl(dataDir, { testClock: true, env: { TEAMVALV_POLICY_FILE: policyFile } });
  world.hosts.push(host);
  const page = await openApp(world.chromium(), url);
  await setupVaultInUi(page, org);
  expect(exchange).toBeTruthy();
  return page;
}

export async function keysTab(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Överlämningar' }).click();
  await page.getByRole('tab', { name: 'Nycklar' }).click();
}

/** Saves the organisation's public key file into the exchange folder; returns its fingerprint. */
async function saveOwnKey(page: Page): Promise<string> {
  await keysTab(page);
  const fingerprint = ((await page.getByTestId('own-fingerprint').textContent()) ?? '').trim();
  expect(fingerprint).toMatch(/^(\d{5} ){7}\d{5}$/);
  await page.getByRole('button', { name: 'Spara vår publika nyckelfil' }).click();
  await page.getByRole('button', { name: 'Spara här' }).click();
  // Said beside the button that saved it, which has focus again.
  await page.getByTestId('key-file-status').getByText(/Nyckelfilen är sparad/).waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Spara vår publika nyckelfil');
  return fingerprint;
}

/** Imports a partner's key file for one of the roster's organisations and confirms it after "the phone call". */
async function trust(page: Page, organisationName: string, file: string, expectedFingerprint: string): Promise<void> {
  await keysTab(page);
  await page.getByRole('form', { name: 'Importera en partners nyckelfil' }).getByLabel('Organisation').selectOption({ label: organisationName });
  await page.getByLabel('Nyckelfil (Teamvalv-nyckel eller age-mottagare)').setInputFiles(file);
  const confirm = page.getByTestId('confirm-key');
  await confirm.getByText(expectedFingerprint).waitFor();
  // What the partner read out on the phone: the last two groups.
  await confirm.getByLabel(`Skriv de två sista grupperna som ${organisationName} läste upp`).fill(expectedFingerprint.split(' ').slice(-2).join(' '));
  await confirm.getByRole('button', { name: 'Lita på nyckeln' }).click();
  await page.getByTestId('trusted-keys').getByRole('row', { name: new RegExp(organisationName) }).getByText('bekräftad').waitFor();
}

export interface HandoverReady {
  /** The shared folder both organisations write into (the export policy's folder). */
  readonly exchange: string;
  readonly a: Page;
  readonly b: Page;
  /** A's consent case. */
  readonly code: string;
  readonly aFingerprint: string;
  readonly bFingerprint: string;
  /** A's export panel for the saved handover, encryption to B chosen. */
  readonly exportPanel: Locator;
}

/** Sets up A and B, exchanges and confirms their keys, and saves A's handover to B (not yet exported). */
export async function handoverReadyToExport(world: HandoverWorld): Promise<HandoverReady> {
  const exchange = await makeTempDir('exchange');
  world.dirs.push(exchange);
  const policyFile = path.join(exchange, 'policy.json');
  await fs.writeFile(policyFile, JSON.stringify({ exportDir: exchange }));

  // A: roster (with Arbetsförmedlingen), a consent case that lets AF receive, our key file out.
  const a = await organisation(world, exchange, policyFile, { name: 'Ung Arena Lidköping', number: '212000-2627' });
  await team(a);
  await a.getByRole('button', { name: 'Teammöten' }).click();
  await a.getByRole('tab', { name: 'Ärenden', exact: true }).click();
  const code = await newCase(a, true);
  const consentForm = a.getByRole('form', { name: 'Registrera samtycke' });
  await consentForm.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Arbetsförmedlingen' });
  await consentForm.getByLabel('arbetsmarknadssituation').check();
  await consentForm.getByLabel('Syfte').fill('Överlämning till Arbetsförmedlingen');
  await consentForm.getByLabel('Gäller från').fill('2026-11-01');
  await consentForm.getByLabel('Gäller till').fill('2027-04-30');
  await consentForm.getByLabel('Var det undertecknade samtycket förvaras').fill('Socialtjänstens akt');
  await consentForm.getByRole('button', { name: 'Registrera samtycke' }).click();
  await a.getByTestId('consents').getByText('Arbetsförmedlingen').waitFor();
  const aFingerprint = await saveOwnKey(a);

  // B: Arbetsförmedlingen's own Teamvalv, with A in its roster and a team that receives.
  const b = await organisation(world, exchange, policyFile, { name: 'Arbetsförmedlingen', number: '202100-2114' });
  await b.getByRole('button', { name: 'Team och medlemmar' }).click();
  await b.getByRole('tab', { name: 'Organisationer' }).click();
  await b.getByRole('button', { name: 'Ny organisation' }).click();
  await b.getByLabel('Organisationens namn').fill('Ung Arena Lidköping');
  await b.getByLabel('Organisationsnummer').fill('212000-2627');
  await b.getByRole('button', { name: 'Spara' }).click();
  await b.getByTestId('organisations-table').getByRole('rowheader', { name: 'Ung Arena Lidköping' }).waitFor();
  await b.getByTestId('organisation-editor').getByRole('button', { name: 'Stäng' }).click();
  await b.getByRole('tab', { name: 'Team', exact: true }).click();
  await b.getByRole('button', { name: 'Nytt team' }).click();
  await b.getByLabel('Teamets namn').fill('Ungdomsenheten Väst');
  await b.getByRole('button', { name: 'Spara' }).click();
  await b.getByTestId('teams-table').getByRole('rowheader', { name: 'Ungdomsenheten Väst' }).waitFor();
  await b.getByRole('tab', { name: 'Medlemmar' }).click();
  await b.getByRole('button', { name: 'Lägg till medlem' }).click();
  const editor = b.getByTestId('member-editor');
  await editor.getByLabel('Namn', { exact: true }).fill(ADMIN.name);
  await editor.getByLabel('Hemorganisation').selectOption({ label: 'Arbetsförmedlingen' });
  await editor.getByLabel('Med från').fill('2026-01-01');
  await editor.getByLabel('Team', { exact: true }).selectOption({ label: 'Ungdomsenheten Väst' });
  await editor.getByLabel('Roll').selectOption({ label: 'Ordförande' });
  await editor.getByRole('button', { name: 'Spara' }).click();
  await b.getByTestId('member-message').getByText(`${ADMIN.name} är sparad.`).waitFor();
  await editor.getByLabel('Konto för inloggning').selectOption({ label: `${ADMIN.name} (${ADMIN.username})` });
  await editor.getByRole('button', { name: 'Koppla kontot' }).click();
  await b.getByText('Kontot är kopplat.').waitFor();
  const bFingerprint = await saveOwnKey(b);
  // No partner key yet: the next step is importing one, and its button leads to the import form.
  const noKeys = b.getByTestId('no-trusted-keys');
  await noKeys.getByText(/^Inga partnernycklar ännu\. Importera partnerns nyckelfil/).waitFor();
  await noKeys.getByRole('button', { name: 'Importera en nyckelfil' }).click();
  const importOrganisation = b.getByRole('form', { name: 'Importera en partners nyckelfil' }).getByLabel('Organisation');
  expect(await importOrganisation.evaluate((element) => element === document.activeElement)).toBe(true);
  await trust(b, 'Ung Arena Lidköping', path.join(exchange, 'teamvalv-nyckel-212000-2627.pem'), aFingerprint);

  // A trusts B's key, makes the handover, reviews what leaves and exports the packet.
  await trust(a, 'Arbetsförmedlingen', path.join(exchange, 'teamvalv-nyckel-202100-2114.pem'), bFingerprint);
  await a.getByRole('tab', { name: 'Överlämningar' }).click();
  await a.getByLabel('Ärende', { exact: true }).selectOption({ label: code });
  // No handover yet: the list says so and offers the next step as its button.
  await a.getByTestId('handover-empty').getByText('Inga överlämningar för ärendet ännu.').waitFor();
  await a.getByTestId('handover-empty').getByRole('button', { name: 'Ny överlämning' }).click();
  const form = a.getByTestId('new-handover');
  await form.getByLabel('Datum').fill('2026-11-24');
  await form.getByLabel('Överlämnande funktion').fill('Ung Arena, kommunens arbetsmarknadsenhet');
  await form.getByLabel('Till organisation').selectOption({ label: 'Arbetsförmedlingen' });
  await form.getByLabel('Mottagande funktion (funktionsadress)').fill('Arbetsförmedlingen, ungdomsenheten Väst');
  await form.getByLabel(ADMIN.name).check();
  await form.getByLabel('Skäl till överlämningen').fill('Insatsen fortsätter inom Arbetsförmedlingens program.');
  await form.getByLabel('Samtycke som gäller mottagaren').waitFor();
  await form.getByLabel('Den unges mål').fill('Arbete inom lager och logistik.');
  await form.getByLabel('Insats 1', { exact: true }).fill('Arbetsträning fyra dagar i veckan');
  await form.getByLabel('Ansvarig för insats 1').fill('Arbetsförmedlingen');
  await form.getByLabel('Ny ärendebärare (funktion)').fill('Arbetsförmedlingen, ungdomsenheten Väst');
  await form.getByLabel('Uppföljning').fill('2027-01-15');
  await form.getByRole('button', { name: 'Spara överlämningen' }).click();
  const exportPanel = a.getByTestId('export-panel');
  await exportPanel.getByText('Arbetsträning fyra dagar i veckan (Arbetsförmedlingen)').waitFor();
  await exportPanel.getByText(`Nyckelns fingeravtryck: ${bFingerprint}`).waitFor();
  expect(await exportPanel.getByLabel('Krypterat till mottagaren (rekommenderas)').isChecked()).toBe(true);
  expect(await seriousAxeViolations(a)).toEqual([]);
  return { exchange, a, b, code, aFingerprint, bFingerprint, exportPanel };
}

/**
 * Once A has chosen to save the packet encrypted: the packet is in the folder, encrypted with age;
 * B imports it, and sees it checked, stored and shown with A's verified name.
 */
export async function receivedByB(ready: HandoverReady): Promise<{ packetName: string | undefined; received: Locator }> {
  const { exchange, exportPanel, code, b, aFingerprint } = ready;
  await exportPanel.getByText(/Paketet är skrivet, signerat och krypterat/).waitFor();
  const [packetName] = (await fs.readdir(exchange)).filter((name) => name.endsWith('.zip.age'));
  expect(packetName).toMatch(new RegExp(`^overlamning-${code}-2026-11-24-[0-9a-f]{8}\\.zip\\.age$`));
  expect((await fs.readFile(path.join(exchange, packetName ?? ''))).subarray(0, 21).toString()).toBe('age-encryption.org/v1');

  // B receives it: checked in main, stored, shown with A's verified name.
  await b.getByRole('button', { name: 'Överlämningar' }).click();
  await b.getByRole('tab', { name: 'Mottagna paket' }).click();
  // Nothing received yet: what to do, with the file choice as its button.
  await b.getByTestId('received-empty').getByRole('button', { name: 'Välj paketfil' }).waitFor();
  expect(await seriousAxeViolations(b)).toEqual([]);
  await b.getByLabel('eller välj paketfil').setInputFiles(path.join(exchange, packetName ?? ''));
  await b.getByText('Paketet från Ung Arena Lidköping är kontrollerat och sparat').waitFor();
  const received = b.getByTestId('received-packet');
  expect(await received.getByTestId('verified-signer').textContent()).toContain(`Verifierat: signerat av Ung Arena Lidköping (fingeravtryck ${aFingerprint})`);
  await received.getByText('Arbete inom lager och logistik.').waitFor();
  await received.getByText('Arbetsförmedlingen, ungdomsenheten Väst').first().waitFor();
  expect(await seriousAxeViolations(b)).toEqual([]);
  return { packetName, received };
}
