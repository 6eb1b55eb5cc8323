import type { Browser, Dialog, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { followCalls, seriousAxeViolations } from './support/browser';
import { useChromium, useCleanup } from './support/fixtures';
import { type RunningHost, buildTestHost, makeTempDir, startHost } from './support/host';
import { saveScreenshot } from './support/screenshots';
import { setupVaultInUi, unlockInUi } from './support/vault-ui';

/**
 * Issue 18: the browser host's session survives a dialog left open (the pulse comes from a worker,
 * never from the page's main thread) and a reload (F5: one click from the reloaded tab, to the
 * lock screen); an ended session says how to get back in, and a new launch link pasted into that
 * tab works without a reload. All at 1366×768, on the test host whose clock the test moves.
 */
const { hosts, dirs } = useCleanup();
const chromium = useChromium();

const RELOAD_TICKET_KEY = 'teamvalv.reload-ticket';

/** A test-clock host in printed-link mode (`--no-open`): it prints a new link when the last page goes. */
async function startPrintingHost(): Promise<{ host: RunningHost; url: string }> {
  const dataDir = await makeTempDir('host-session');
  dirs.push(dataDir);
  await buildTestHost();
  const host = startHost(['--no-open'], dataDir, {}, { testClock: true });
  hosts.push(host);
  const [, url] = await host.waitForStdout(/Open this link once, in Chromium or Chrome:\n\s+(\S+)\n/, 'launch link');
  return { host, url: url! };
}

async function openAt1366(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('body[data-teamvalv-ready="true"]').waitFor();
  return page;
}

/** Everything the page keeps in Web Storage, as one string (the tests look for secrets in it). */
async function storedText(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage }, cookie: document.cookie }));
}

/** Rejects after `ms` of wall time with `message`: a bound on waiting for a real signal, never a pause. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

describe('browser host sessions survive (issue 18)', () => {
  it('a native dialog left open for 200 s of the test clock does not end the session; the action then goes through', async () => {
    const { host, url } = await startPrintingHost();
    const page = await openAt1366(chromium(), url);
    await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    await setupVaultInUi(page);
    await page.getByTestId('signed-in').waitFor();
    const calls = followCalls(page);
    // The worker's pulse is held by the host.
    await host.waitForPulses(1);

    // The page's main thread blocks in a native confirm() and stays there.
    const dialogOpened = new Promise<Dialog>((resolve) => page.once('dialog', resolve));
    const answer = page.evaluate(() => window.confirm('Justera protokollet?'));
    // Should the test fail while the dialog is open, the page closes under it: no unhandled rejection.
    answer.catch(() => undefined);
    const dialog = await dialogOpened;
    await calls.settled();

    // 200 s of the host's (and the core's) clock, in five steps. After each the host answers the
    // held pulse (held ≥ 10 s) and only a thread that is not blocked can ask again: the worker.
    // A pulse from the main thread would never come, and the step after 150 s would end the session.
    for (let step = 0; step < 5; step++) {
      const before = host.pulses();
      await host.advance(40_000);
      await within(host.waitForPulses(before + 1), 20_000, `no pulse after step ${step + 1} while the main thread was blocked`);
    }
    expect(host.lines.filter((line) => line.message === 'page session ended')).toEqual([]);

    await dialog.accept();
    expect(await answer).toBe(true);
    // The session and the unlocked vault are still there: the next action goes through.
    await page.getByRole('button', { name: 'Om Teamvalv' }).click();
    const status = page.getByTestId('health-status');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('signed-in').isVisible()).toBe(true);
    expect(host.lines.filter((line) => line.message === 'page session ended')).toEqual([]);
  });

  it('F5 leads back into the app in one click, at the lock screen, without the session secret in storage', async () => {
    const { host, url } = await startPrintingHost();
    const page = await openAt1366(chromium(), url);
    await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    await setupVaultInUi(page);
    await page.getByTestId('signed-in').waitFor();

    await page.reload();
    await page.locator('body[data-teamvalv-ready="true"]').waitFor();
    const offer = page.getByTestId('reload-offer');
    await offer.waitFor();
    await host.waitForLog((line) => line.message === 'page session ended' && line.reason === 'closed', 'the reloaded page closed its session');
    // The ticket was read and removed at once; nothing of the vault is on the page.
    expect(await page.evaluate((key) => sessionStorage.getItem(key), RELOAD_TICKET_KEY)).toBeNull();
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Kim Ordförande');
    await expect(page.getByRole('heading', { name: 'Sidan laddades om' }).isVisible()).resolves.toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'reload-offer');

    // A second F5 on the offer keeps the offer (the unspent ticket goes back at pagehide).
    await page.reload();
    await page.locator('body[data-teamvalv-ready="true"]').waitFor();
    await offer.waitFor();

    // One click: a new session, at the lock screen.
    let clicks = 0;
    const resumed = page.waitForResponse((response) => new URL(response.url()).pathname === '/session/resume');
    await page.getByRole('button', { name: 'Öppna Teamvalv igen (låst)' }).click();
    clicks += 1;
    const granted = (await (await resumed).json()) as { secret: string; ticket: string };
    await page.getByTestId('unlock-screen').waitFor();
    expect(clicks).toBe(1);
    await host.waitForLog((line) => line.message === 'page session started after a reload, vault locked', 'resume');
    // The new session's secret and ticket are nowhere in the page's storage.
    const stored = await storedText(page);
    expect(stored).not.toContain(granted.secret.split('.')[1]);
    expect(stored).not.toContain(granted.ticket.split('.')[1]);
    await unlockInUi(page);
    await page.getByTestId('signed-in').waitFor();
  });

  it('an ended session says how to get back in; a new launch link pasted into the tab works without a reload', async () => {
    const { host, url } = await startPrintingHost();
    const page = await openAt1366(chromium(), url);
    await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    await setupVaultInUi(page);
    await page.getByTestId('signed-in').waitFor();

    await host.endSessions();
    const ended = page.getByTestId('session-ended');
    await ended.waitFor();
    await page.getByRole('heading', { name: 'Så kommer du tillbaka' }).waitFor();
    expect(await ended.textContent()).toContain('klistra in den i adressfältet i den här fliken');
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Kim Ordförande');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'session-ended');

    // The host prints a new single-use link; pasted into this tab it changes only the fragment.
    const [, next] = await host.waitForStdout(/use this new link once:\n\s+(\S+)\n/, 'new link');
    let loads = 0;
    page.on('load', () => (loads += 1));
    await page.goto(next!);
    await page.getByTestId('unlock-screen').waitFor();
    expect(loads).toBe(0); // no reload: the page took the link itself
    expect(page.url()).not.toContain('launch');
    await unlockInUi(page);
    await page.getByTestId('signed-in').waitFor();
  });
  it('a host that is gone (kill -9) ends the page’s session: the vault’s content leaves the screen', async () => {
    const { host, url } = await startPrintingHost();
    const page = await openAt1366(chromium(), url);
    await page.getByRole('heading', { name: 'Skapa teamets valv' }).waitFor();
    await setupVaultInUi(page);
    await page.getByTestId('signed-in').waitFor();
    expect(await page.evaluate(() => document.body.innerText)).toContain('Kim Ordförande');
    const exited = new Promise((resolve) => host.process.once('exit', resolve));
    host.process.kill('SIGKILL');
    await exited;
    // The worker's asks reach no host three times in a row (a few seconds): the session is over.
    await page.getByTestId('session-ended').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Kim Ordförande');
  });
});
