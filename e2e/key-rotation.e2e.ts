// An interrupted key rotation, as the admin meets it: a rotation killed (SIGKILL) right after the
// database was re-encrypted is finished at the next unlock in the app, which says so, shows the
// new recovery key on request and asks the admin to confirm it was stored.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { makeTempDir, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { ADMIN, setupVaultInUi, unlockInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();
let child = '';

beforeAll(async () => {
  child = path.resolve('node_modules/.cache/teamvalv-tests', `rotation-child-e2e-${process.pid}.mjs`);
  await build({ entryPoints: ['main/vault/test-support/rotation-child.ts'], outfile: child, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
});
afterAll(async () => {
  await fs.rm(child, { force: true });
});

/** Rotates the key in another process and kills it with SIGKILL right after the database was re-encrypted. */
async function rotationKilledAfterRekey(dataDir: string): Promise<string> {
  const proc = spawn(process.execPath, [child, dataDir, ADMIN.username, ADMIN.password, 'rekeyed', '-', '2026-11-23T10:00:00Z'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('stopped:rekeyed')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`rotation child exited early (${code})`)));
  });
  proc.kill('SIGKILL');
  await new Promise((resolve) => proc.once('exit', resolve));
  return /recovery:(\S+)/.exec(out)?.[1] ?? '';
}

describe('an interrupted key rotation in the app', () => {
  it('is finished at the next unlock; the admin is told, sees the new recovery key and confirms it', async () => {
    const dataDir = await makeTempDir('rotation-ui');
    dirs.push(dataDir);
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    await setupVaultInUi(page);
    await page.keyboard.press('Control+L');
    await page.getByTestId('unlock-screen').waitFor();

    const printed = await rotationKilledAfterRekey(dataDir);
    expect(printed).toMatch(/^([A-Z0-9]{4}-){12}[A-Z0-9]{4}$/);

    await unlockInUi(page);
    const banner = page.getByTestId('vault-notices');
    await page.locator('[data-testid="vault-notices"][data-state="shown"]').waitFor();
    expect(await banner.textContent()).toContain('avbröts och har nu slutförts');
    expect(await banner.textContent()).toContain('Den gamla återställningsnyckeln fungerar inte längre');
    await page.getByRole('button', { name: 'Visa den nya återställningsnyckeln' }).click();
    expect((await page.getByTestId('new-recovery-key').textContent())?.trim()).toBe(printed);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'key-rotation-finished');
    await page.getByRole('button', { name: 'Jag har sparat den nya nyckeln' }).click();
    await page.getByText('Den nya återställningsnyckeln är bekräftad').waitFor();
    expect(await page.getByTestId('new-recovery-key').count()).toBe(0);

    // Confirmed once, for good: the next unlock shows nothing more.
    await page.keyboard.press('Control+L');
    await unlockInUi(page);
    await page.getByTestId('signed-in').waitFor();
    await page.locator('[data-testid="vault-notices"][data-state="none"]').waitFor({ state: 'attached' });
  });

  it('removing an account shows the new recovery key first and re-encrypts only when the admin has written it down', async () => {
    const dataDir = await makeTempDir('removal-ui');
    dirs.push(dataDir);
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    const oldRecovery = await setupVaultInUi(page);
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByLabel('Namn', { exact: true }).fill('Bo Borta');
    await page.getByLabel('Användarnamn', { exact: true }).fill('bo');
    await page.getByRole('button', { name: 'Lägg till konto' }).click();
    const oneTime = /: ([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}) /.exec((await page.getByTestId('accounts-notice').textContent()) ?? '')?.[1] ?? '';
    expect(oneTime).not.toBe('');

    await page.getByRole('button', { name: 'Ta bort: Bo Borta' }).click();
    const question = page.getByRole('alertdialog', { name: 'Ta bort kontot?' });
    await question.getByText('Ta bort Bo Borta? Valvets nyckel byts då ut, och en ny återställningsnyckel visas.').waitFor();
    // The app's own dialog (never a native one) passes axe as it stands open.
    expect(await seriousAxeViolations(page)).toEqual([]);
    await question.getByRole('button', { name: 'Ta bort', exact: true }).click();
    const finish = page.getByTestId('rotation-finish');
    await finish.waitFor();
    // Focus moves to what needs doing now; the key is on screen before anything is re-encrypted.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rotation-heading');
    const newRecovery = ((await page.getByTestId('rotation-recovery-key').textContent()) ?? '').trim();
    expect(newRecovery).toMatch(/^([A-Z0-9]{4}-){12}[A-Z0-9]{4}$/);
    expect(newRecovery).not.toBe(oldRecovery);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'key-rotation-removal');
    await page.getByRole('button', { name: 'Jag har skrivit ner nyckeln – byt nyckeln nu' }).click();
    await page.getByText('Nyckeln är utbytt.').waitFor();
    expect(await finish.count()).toBe(0);

    // The removed account is out; the admin is not.
    await page.keyboard.press('Control+L');
    await page.getByTestId('unlock-screen').waitFor();
    await page.getByLabel('Användarnamn').fill('bo');
    await page.getByLabel('Lösenord').fill(oneTime);
    await page.getByRole('button', { name: 'Lås upp' }).click();
    await page.getByText('Fel användarnamn eller lösenord.').waitFor();
    await unlockInUi(page);
    await page.getByTestId('signed-in').waitFor();
  });
});
