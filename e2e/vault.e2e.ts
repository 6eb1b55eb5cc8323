import Database from 'better-sqlite3-multiple-ciphers';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { followCalls, openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { type RunningHost, makeTempDir, startHost, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { PULSE_HOLD_MS } from '../main/host/browser/sessions';
import { ADMIN, setupVaultInUi, unlockDemoInUi, unlockInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

/** A host whose clock the test moves (the test-only entry point), with a fresh vault set up in the UI. */
async function unlockedApp(): Promise<{ page: Page; host: RunningHost; recoveryKey: string; dataDir: string }> {
  const dataDir = await makeTempDir('vault-ui');
  dirs.push(dataDir);
  const { host, url } = await startHostWithUrl(dataDir, { testClock: true });
  hosts.push(host);
  const page = await openApp(chromium(), url);
  await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await saveScreenshot(page, 'setup');
  const recoveryKey = await setupVaultInUi(page);
  return { page, host, recoveryKey, dataDir };
}

/** What the page shows and keeps in its DOM: none of it may be vault data while locked. */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.outerHTML);
}

describe('setup, lock and unlock in the browser host', () => {
  it('sets up, locks with Ctrl+L and by idle time on the test clock, and unlocks', async () => {
    const { page, host, recoveryKey } = await unlockedApp();
    const calls = followCalls(page);
    expect(recoveryKey).toMatch(/^([A-Z0-9]{4}-){12}[A-Z0-9]{4}$/);
    await page.getByTestId('signed-in').waitFor();
    expect(await pageText(page)).toContain(ADMIN.name);

    // Ctrl+L locks at once; the page keeps nothing from the vault.
    await page.keyboard.press('Control+L');
    await page.getByTestId('unlock-screen').waitFor();
    expect(await pageText(page)).not.toContain(ADMIN.name);
    expect(await pageText(page)).not.toContain(recoveryKey);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'locked');

    await unlockInUi(page, 'inte mitt lösenord alls');
    await page.getByText('Fel användarnamn eller lösenord.').waitFor();
    await unlockInUi(page);
    await page.getByTestId('signed-in').waitFor();

    // Idle: 4 minutes is not enough, 5 minutes of silence locks (default auto-lock). The page's
    // calls after unlock are answered first: one answered after the clock moved would be activity then.
    // The state is the core's own, read right after its timer work (a lock begun early would show
    // as 'locking:idle' even before the page is told).
    await calls.settled();
    expect(await host.advance(4 * 60_000)).toBe('unlocked');
    await calls.settled();
    expect(await host.advance(60_000)).toMatch(/^(locking:idle|locked)$/);
    await page.getByTestId('unlock-screen').waitFor();
    expect(await pageText(page)).not.toContain(ADMIN.name);
    await host.waitForLog((line) => line.message === 'vault locked' && line.reason === 'idle', 'idle lock');
  });

  it('a damaged first page of the database is named as such at unlock, with the newest backup’s time', async () => {
    const { page, dataDir } = await unlockedApp();
    await page.getByTestId('signed-in').waitFor();
    // The first unlock's automatic backup, made after the unlock: told in the status line.
    await page.getByTestId('housekeeping-backup').getByText('Säkerhetskopian är klar.').waitFor();
    await page.keyboard.press('Control+L');
    await page.getByTestId('unlock-screen').waitFor();
    // Bytes flipped in page 1 of the closed database: its HMAC no longer verifies.
    const handle = await fs.open(path.join(dataDir, 'vault.db'), 'r+');
    const bytes = Buffer.alloc(8);
    await handle.read(bytes, 0, 8, 2000);
    await handle.write(bytes.map((byte) => byte ^ 0xa5), 0, 8, 2000);
    await handle.close();

    await unlockInUi(page);
    const alert = page.getByRole('alert');
    await alert.getByText('En del av valvets databas (vault.db) är skadad').waitFor();
    // That backup is the newest: its local date and time are named.
    expect(await alert.textContent()).toMatch(/Inget har raderats.*Återställ den senaste säkerhetskopian, från \d{4}-\d{2}-\d{2} \d{2}:\d{2} .*ändringar gjorda efter den går förlorade\./);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('locks the vault when the page is closed', async () => {
    const { page, host } = await unlockedApp();
    await page.getByTestId('signed-in').waitFor();
    await page.context().close();
    // Its goodbye (pagehide's keepalive POST) may be lost with the closing browser; then its pulse
    // connection has closed, and PULSE_HOLD_MS of the host's clock without a new one ends it. Either
    // way the host saw the page go before the clock moves.
    await host.waitForLog(
      (line) => (line.message === 'page session ended' && line.reason === 'closed') || line.message === 'page pulse closed by the page',
      'the page going away',
    );
    await host.advance(PULSE_HOLD_MS);
    await host.waitForLog((line) => line.message === 'vault locked' && line.reason === 'page-closed', 'page-closed lock');
  });

  it('an admin adds an account; its holder must replace the one-time password first', async () => {
    const { page } = await unlockedApp();
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByRole('heading', { name: 'Konton' }).waitFor();
    await page.getByLabel('Namn', { exact: true }).fill('Pia Psykolog');
    await page.getByLabel('Användarnamn', { exact: true }).fill('pia');
    await page.getByLabel('Psykolog', { exact: true }).check();
    await page.getByRole('button', { name: 'Lägg till konto' }).click();
    const notice = (await page.getByTestId('accounts-notice').textContent()) ?? '';
    const oneTime = /: ([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}) /.exec(notice)?.[1] ?? '';
    expect(oneTime).not.toBe('');
    await page.getByRole('cell', { name: 'pia', exact: true }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'accounts');

    await page.getByRole('button', { name: 'Lås', exact: true }).click();
    await page.getByTestId('unlock-screen').waitFor();
    await page.getByLabel('Användarnamn').fill('pia');
    await page.getByLabel('Lösenord').fill(oneTime);
    await page.getByRole('button', { name: 'Lås upp' }).click();
    await page.getByTestId('must-change-password').waitFor();
    await page.getByLabel('Nuvarande lösenord').fill(oneTime);
    await page.getByLabel('Nytt lösenord', { exact: true }).fill('ekorre sjösten gruvlampa kanelbulle');
    await page.getByLabel('Nytt lösenord igen').fill('ekorre sjösten gruvlampa kanelbulle');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.getByText('Inloggad: Pia Psykolog').waitFor();
    // Not an admin: no account administration.
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByRole('heading', { name: 'Byt lösenord' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Konton' }).count()).toBe(0);
  });

  it('the demo vault opens with the known password and always shows its banner', async () => {
    const dataDir = await makeTempDir('demo');
    dirs.push(dataDir);
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true, args: ['--demo'] });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await page.getByTestId('demo-banner').waitFor();
    await unlockDemoInUi(page, 'ordforande');
    await page.getByText('Inloggad: Alva Ordförande (påhittad)').waitFor();
    expect(await page.getByTestId('demo-banner').isVisible()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'demo');
    // Invented content for the areas that exist: the roster.
    await page.getByRole('button', { name: 'Team och medlemmar' }).click();
    await page.getByRole('cell', { name: 'Sara Sekreterare (påhittad)' }).waitFor();
    expect(await page.getByTestId('demo-banner').isVisible()).toBe(true);
  });

  it('an admin who forgot the password gets back in with the recovery key', async () => {
    const { page, recoveryKey } = await unlockedApp();
    await page.keyboard.press('Control+L');
    await page.getByRole('button', { name: 'Glömt lösenordet?' }).click();
    await page.getByTestId('recover-screen').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Användarnamn').fill(ADMIN.username);
    await page.getByLabel('Återställningsnyckel').fill(recoveryKey.toLowerCase());
    await page.getByRole('button', { name: 'Återställ' }).click();
    const text = (await page.getByTestId('recover-result').textContent()) ?? '';
    const oneTime = /: ([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}) /.exec(text)?.[1] ?? '';
    expect(oneTime).not.toBe('');
    await page.getByRole('button', { name: 'Tillbaka' }).click();
    await unlockInUi(page, oneTime);
    await page.getByTestId('must-change-password').waitFor();
  });

  it('an admin reads the audit log, sorts it, filters it and verifies the chain', async () => {
    const { page } = await unlockedApp();
    await page.getByRole('button', { name: 'Granskningslogg' }).click();
    const table = page.getByTestId('audit-table');
    // The log in words (issue 18): who did what, the event code only in the row's disclosure.
    const created = `${ADMIN.name} skapade valvet`;
    const unlocked = `${ADMIN.name} låste upp valvet`;
    await table.getByRole('cell', { name: created }).waitFor();
    // Sort by time (the log's order), ascending: the vault's creation comes first.
    const timeHeader = table.getByRole('columnheader', { name: /^Tid/ });
    for (let i = 0; i < 3 && (await timeHeader.getAttribute('aria-sort')) !== 'ascending'; i++) await timeHeader.getByRole('button').click();
    expect(await timeHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await table.locator('tbody tr').first().textContent()).toContain(created);
    // The filter finds a row by its sentence and by its code.
    await page.getByLabel('Filtrera händelser').fill('låste upp valvet');
    await table.getByRole('cell', { name: unlocked }).first().waitFor();
    expect(await table.getByRole('cell', { name: created }).count()).toBe(0);
    await page.getByLabel('Filtrera händelser').fill('vault.created');
    await table.getByRole('cell', { name: created }).waitFor();
    expect(await table.getByRole('cell', { name: unlocked }).count()).toBe(0);
    await page.getByRole('button', { name: 'Kontrollera kedjan' }).click();
    await page.getByText(/Loggen är obruten/).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'audit-log');
  });

  it('the machine policy sets the auto-lock time, and a broken policy stops the start with a clear message', async () => {
    const dataDir = await makeTempDir('policy');
    dirs.push(dataDir);
    const policyFile = path.join(dataDir, '..', `${path.basename(dataDir)}-policy.json`);
    dirs.push(policyFile);
    await fs.writeFile(policyFile, JSON.stringify({ autoLock: { defaultMinutes: 1, maxMinutes: 10 } }));
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true, env: { TEAMVALV_POLICY_FILE: policyFile } });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await setupVaultInUi(page);
    await host.advance(61_000);
    await page.getByTestId('unlock-screen').waitFor();

    await fs.writeFile(policyFile, '{"autoLock": {"defaultMinutes": 0}}');
    const broken = startHost(['--no-open'], dataDir, { TEAMVALV_POLICY_FILE: policyFile });
    hosts.push(broken);
    expect(await broken.exited).toBe(1);
    expect(broken.lines.map((line) => line.message).join('\n')).toMatch(/machine policy .* has errors: autoLock\.defaultMinutes/);
  });

  it('an admin exports the audit log as CSV into a folder picked in the app, never as a download', async () => {
    const dataDir = await makeTempDir('export');
    const exportRoot = await makeTempDir('exports');
    dirs.push(dataDir, exportRoot);
    await fs.mkdir(path.join(exportRoot, 'Arkiv'));
    const policyFile = path.join(exportRoot, 'policy.json');
    await fs.writeFile(policyFile, JSON.stringify({ exportDir: exportRoot }));
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true, env: { TEAMVALV_POLICY_FILE: policyFile } });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await setupVaultInUi(page);
    const downloads: unknown[] = [];
    page.on('download', (download) => downloads.push(download));
    await page.getByRole('button', { name: 'Granskningslogg' }).click();
    await page.getByRole('button', { name: 'Exportera som CSV' }).click();
    await page.getByText(/sparas okrypterad/).waitFor();
    expect(await page.getByTestId('export-folder').textContent()).toBe(exportRoot);
    await page.getByRole('button', { name: 'Öppna Arkiv' }).click();
    await page.getByTestId('export-folder').getByText(path.join(exportRoot, 'Arkiv')).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Spara här' }).click();
    await page.getByText(/poster sparade i/).waitFor();
    const [file] = await fs.readdir(path.join(exportRoot, 'Arkiv'));
    expect(file).toMatch(/^granskningslogg-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await fs.readFile(path.join(exportRoot, 'Arkiv', file ?? ''), 'utf8');
    expect(text.startsWith('\uFEFF"Nr";"Tid (UTC)"')).toBe(true);
    expect(downloads).toEqual([]);
  });
});

/** The built CLI, as an admin runs it on the same PC (same witness folder), password on stdin. */
function cli(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('out/main/cli.mjs'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the audit alarm in the browser host', () => {
  it('rows a CLI command wrote, deleted with the key, raise the alarm at unlock; it stands until the admin acknowledges it in the page', async () => {
    const dataDir = await makeTempDir('audit-alarm');
    dirs.push(dataDir);
    const { host, url } = await startHostWithUrl(dataDir, { testClock: true });
    hosts.push(host);
    const page = await openApp(chromium(), url);
    await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    await setupVaultInUi(page);
    await page.getByTestId('signed-in').waitFor();
    expect(await page.getByTestId('audit-alarm').count()).toBe(0);
    await page.keyboard.press('Control+L');
    await page.getByTestId('unlock-screen').waitFor();

    // An admin exports the key with the CLI (this PC's witness moves past key.exported) and deletes the CLI's rows.
    const exported = await cli(['export-key', '--data-dir', dataDir, '--user', ADMIN.username, '--password-stdin', '--json'], ADMIN.password);
    expect(exported.code, exported.stderr).toBe(0);
    const db = new Database(path.join(dataDir, 'vault.db'));
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.key(Buffer.from(`x'${JSON.parse(exported.stdout).key as string}'`));
    db.prepare("DELETE FROM audit_log WHERE seq >= (SELECT max(seq) - 1 FROM audit_log WHERE action = 'key.exported')").run();
    db.close();

    await unlockInUi(page);
    await page.getByTestId('signed-in').waitFor();
    const banner = page.getByTestId('audit-alarm');
    await banner.waitFor();
    expect(await page.getByTestId('audit-alarm-reason').textContent()).toContain('is gone');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'audit-alarm');

    // It stands at the next unlock.
    await page.keyboard.press('Control+L');
    await page.getByTestId('unlock-screen').waitFor();
    await unlockInUi(page);
    await banner.waitFor();

    // Acknowledging asks first, in the page; cancel leaves it standing.
    await page.getByRole('button', { name: 'Kvittera larmet…' }).click();
    await page.getByRole('group', { name: /Kvittera bara när du har utrett/ }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'audit-alarm-confirm');
    await page.getByRole('button', { name: 'Avbryt' }).click();
    await page.getByRole('button', { name: 'Kvittera larmet…' }).click();
    await page.getByRole('button', { name: 'Ja, kvittera larmet' }).click();
    await page.getByText('Larmet är kvitterat. Kvitteringen finns i granskningsloggen.').waitFor();
    // The answer is said in the banner first; the banner goes once the page has reloaded the alarm's state.
    await expect.poll(() => banner.count()).toBe(0);

    // Gone for good on this PC; the acknowledgement is in the log.
    await page.keyboard.press('Control+L');
    await page.getByTestId('unlock-screen').waitFor();
    await unlockInUi(page);
    await page.getByTestId('signed-in').waitFor();
    await page.getByRole('button', { name: 'Granskningslogg' }).click();
    await page.getByRole('cell', { name: `${ADMIN.name} kvitterade larmet om granskningsloggen` }).first().waitFor();
    expect(await banner.count()).toBe(0);
  });
});
