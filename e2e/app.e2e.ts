import fs from 'node:fs/promises';
import http from 'node:http';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { failOnNativeDialogs, openApp, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { type RunningHost, makeTempDir, startHost, startHostWithUrl } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { setupVaultInUi } from './support/vault-ui';

const { hosts, dirs } = useCleanup();
const chromium = useChromium();

/** A fresh data folder and host per test. */
async function freshApp(): Promise<{ page: Page; url: string; host: RunningHost }> {
  const dataDir = await makeTempDir('data');
  dirs.push(dataDir);
  const { host, url } = await startHostWithUrl(dataDir);
  hosts.push(host);
  const page = await openApp(chromium(), url);
  await setupVaultInUi(page);
  return { page, url, host };
}

function rawPost(url: string, path: string, headers: Record<string, string>): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: target.port, method: 'POST', path, headers: { 'Content-Type': 'application/json', ...headers }, setHost: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

describe('the app in the browser host', () => {
  it('loads in Swedish, removes the launch code from the address bar, and passes axe', async () => {
    const { page } = await freshApp();
    expect(page.url()).not.toContain('launch');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    await expect(page.getByRole('navigation').getByRole('button', { name: 'Teammöten' }).isVisible()).resolves.toBe(true);
    // No session-history entry of this page still holds the code (Navigation API lists them).
    const entries = await page.evaluate(() =>
      (window as unknown as { navigation: { entries(): { url: string }[] } }).navigation.entries().map((entry) => entry.url),
    );
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((entry) => entry.includes('launch'))).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'start-sv');
  });

  it('shows health data from main in the about view', async () => {
    const { page } = await freshApp();
    await page.getByRole('button', { name: 'Om Teamvalv' }).click();
    const status = page.getByTestId('health-status');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('ok');
    // The Node version is the host process's own (Node 22 from node_modules), so it came from main.
    expect(await page.getByTestId('health-node-version').textContent()).toContain(process.versions.node);
    // The full walk of the audit log after unlock (a new vault's few rows: over by now, or within a poll).
    await page.waitForFunction(() => document.querySelector('[data-testid="audit-check"]')?.getAttribute('data-state') === 'passed');
    expect(await page.getByTestId('audit-check').textContent()).toBe('Hela loggen är kontrollerad');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'about-health');
  });

  it('switches language and keeps the choice in main across restarts', async () => {
    const dataDir = await makeTempDir('lang');
    dirs.push(dataDir);
    const first = await startHostWithUrl(dataDir);
    hosts.push(first.host);
    const page = await openApp(chromium(), first.url);
    await setupVaultInUi(page);
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByLabel('Språk').selectOption('en');
    await page.getByRole('navigation').getByRole('button', { name: 'Meetings' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(JSON.parse(await fs.readFile(`${dataDir}/settings.json`, 'utf8'))).toEqual({ language: 'en' });
    await saveScreenshot(page, 'start-en');
    await page.context().close();
    await first.host.stop();

    const second = await startHostWithUrl(dataDir);
    hosts.push(second.host);
    const again = await openApp(chromium(), second.url);
    // The lock screen already speaks English: the choice lives in main, not in the page.
    await again.getByRole('heading', { name: 'Teamvalv is locked' }).waitFor();
    expect(await again.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('accepts a launch code only once', async () => {
    const { url } = await freshApp();
    const context = await chromium().newContext();
    failOnNativeDialogs(context);
    const second = await context.newPage();
    await second.goto(url);
    const error = second.getByTestId('connect-error');
    await error.waitFor();
    expect(await error.getAttribute('data-reason')).toBe('launch-refused');
    expect(second.url()).not.toContain('launch');
    expect(await seriousAxeViolations(second)).toEqual([]);
    await context.close();
  });

  it('refuses requests without a session, and with a wrong Host or Origin', async () => {
    const { page, url } = await freshApp();
    const origin = new URL(url).origin;
    // From the page itself: right origin, but no session secret.
    const status = await page.evaluate(async () => {
      const response = await fetch('/rpc/app:info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return response.status;
    });
    expect(status).toBe(401);
    const host = new URL(url).host;
    expect(await rawPost(url, '/rpc/app:info', { Host: host, Origin: origin })).toBe(401);
    expect(await rawPost(url, '/session/exchange', { Host: `teamvalv.example:${new URL(url).port}`, Origin: origin })).toBe(403);
    expect(await rawPost(url, '/session/exchange', { Host: host, Origin: 'http://evil.example' })).toBe(403);
  });

  it('never lets links, target=_blank, window.open, forms or redirects replace the app page', async () => {
    const { page } = await freshApp();
    const appUrl = page.url();
    const popups: Page[] = [];
    page.context().on('page', (popup) => popups.push(popup));

    await page.evaluate(() => {
      const add = (html: string): void => document.body.insertAdjacentHTML('beforeend', html);
      add('<a id="ext" href="https://example.org/">external</a>');
      add('<a id="blank" href="https://example.org/" target="_blank">blank</a>');
      add('<a id="local" href="/elsewhere">local</a>');
      add('<form id="form" action="https://example.org/" method="post"><button id="submit">send</button></form>');
    });
    for (const id of ['#ext', '#blank', '#local', '#submit']) await page.click(id);
    const opened = await page.evaluate(() => window.open('https://example.org/') === null);
    expect(opened).toBe(true);
    // A path that naive static servers answer with a redirect gets a 404 here, never a 3xx.
    const redirect = await page.evaluate(async () => {
      const response = await fetch('/assets', { redirect: 'manual' });
      return { type: response.type, status: response.status };
    });
    expect(redirect).toEqual({ type: 'basic', status: 404 });

    await page.locator('body[data-teamvalv-ready="true"]').waitFor();
    expect(page.url()).toBe(appUrl);
    expect(popups).toEqual([]);
    expect(page.context().pages()).toHaveLength(1);
  });

  it('prints a fresh single-use link when the last page closes (printed-link mode)', async () => {
    const dataDir = await makeTempDir('print');
    dirs.push(dataDir);
    const host = startHost(['--no-open'], dataDir);
    hosts.push(host);
    const link = /http:\/\/127\.0\.0\.1:\d+\/#launch=[\w-]+/g;
    const [first] = await host.waitForStdout(link, 'first link');
    const page = await openApp(chromium(), first);
    await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    await page.context().close(); // pagehide tells the host the page is gone
    await host.waitForStdout(/use this new link once:\n\s+http/, 'new link');
    const links = [...(await host.waitForStdout(/[\s\S]*/, 'stdout'))[0].matchAll(link)].map((m) => m[0]);
    expect(links).toHaveLength(2);
    expect(links[1]).not.toBe(first);
    const again = await openApp(chromium(), links[1] ?? '');
    await again.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    await again.context().close();
  });
});
