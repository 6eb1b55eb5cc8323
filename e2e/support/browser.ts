import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { onTestFinished } from 'vitest';

/** Debian's Chromium; never a downloaded browser. `TEAMVALV_E2E_CHROMIUM` overrides the path. */
export const CHROMIUM = process.env.TEAMVALV_E2E_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it: apt-get install chromium (the CI script does).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root (CI containers) Chromium needs --no-sandbox; the flags after it keep it off the network.
    // Swedish as the Electron host sets it (--lang): date fields then show ISO dates. Chromium on
    // Linux takes its locale from the environment, with the locale files of chromium-l10n.
    env: { ...process.env, LANG: 'sv_SE.UTF-8', LANGUAGE: 'sv_SE:sv' },
    args: ['--lang=sv-SE', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The screen the journeys are tried at (issue 18): a common office laptop. */
export const DEFAULT_VIEWPORT = { width: 1366, height: 768 } as const;

/** Opens the launch URL and waits for the app's readiness marker. */
export async function openApp(browser: Browser, url: string, viewport: { width: number; height: number } = DEFAULT_VIEWPORT): Promise<Page> {
  // A Swedish office PC: Swedish and on Stockholm time, so the page's own calendar date is the day the
  // host counts in (Europe/Stockholm) at any hour the tests run — not UTC's, a day behind after 23:00.
  const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm', viewport });
  failOnNativeDialogs(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('body[data-teamvalv-ready="true"]').waitFor();
  return page;
}

/** Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * Follows the page's calls to the host (`/rpc/…`). `settled()` resolves once none is in flight:
 * a test that moves the host's clock to reach the idle lock must not let a call the page made
 * earlier (a slow answer on a loaded machine) land after the move and count as activity then.
 */
export function followCalls(page: Page): { settled(): Promise<void> } {
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  const isCall = (url: string): boolean => new URL(url).pathname.startsWith('/rpc/');
  const done = (url: string): void => {
    if (!isCall(url)) return;
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0) for (const wake of waiters.splice(0)) wake();
  };
  page.on('request', (request) => {
    if (isCall(request.url())) inFlight += 1;
  });
  page.on('requestfinished', (request) => done(request.url()));
  page.on('requestfailed', (request) => done(request.url()));
  return {
    settled: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

/**
 * The app never opens a native dialog (`alert`, `confirm`, `prompt`, `beforeunload`): one blocks
 * the page's main thread, and in the browser host its heartbeat. Any page of the context that
 * opens one has it dismissed and recorded, and the running test fails when it finishes, naming it.
 * openApp does this for every page it opens; call it for a context made another way.
 */
export function failOnNativeDialogs(context: BrowserContext): void {
  const opened: string[] = [];
  context.on('dialog', (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    // Dismissed, so the page does not hang until the test's timeout; a listener of the test's own
    // may have answered it already.
    dialog.dismiss().catch(() => undefined);
  });
  onTestFinished(() => {
    if (opened.length > 0) throw new Error(`The app opened ${opened.length} native dialog(s); use the Dialog components of renderer/src/ui instead:\n${opened.join('\n')}`);
  });
}
