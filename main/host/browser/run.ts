import { existsSync } from 'node:fs';
import path from 'node:path';
import { CoreStartError, type WorkerCore, startCoreWorker } from '../../core/worker-core';
import { defaultDemoDir } from '../../vault/demo';
import { writeFileAtomic } from '../../runtime/atomic-file';
import { type Clock, systemClock } from '../../runtime/clock';
import { resolveDataDir } from '../../runtime/data-dir';
import { type Policy, PolicyError, loadPolicy } from '../../runtime/policy';
import { type LogLevel, createStderrLogger } from '../../runtime/log';
import { type LaunchedBrowser, canOpenWindow, findBrowser, launchBrowser } from './browser-launcher';
import { HOST_USAGE, UsageError, parseHostArgs } from './cli-args';
import { BrowserHost } from './server';

/**
 * `node out/main/browser-host.mjs [options]`: starts the loopback host and either writes the
 * launch URL to a file, opens a Chromium/Chrome app window with a throwaway profile, or prints it.
 * Returns the process exit code once the host has stopped.
 */
export interface HostInjection {
  /**
   * Tests run a test-only core worker (e2e/support) whose clock they move; the product has no
   * such switch.
   */
  readonly coreWorker?: string | URL;
  /** The host thread's clock (page sessions, pulses, launch codes); tests move it with the core's. */
  readonly clock?: Clock;
  /** Tests follow the page's pulses, logged at debug level. */
  readonly logLevel?: LogLevel;
  readonly onStarted?: (host: BrowserHost, core: WorkerCore) => void;
}

/** How long an idle lock waits for the page to blank and flush its drafts (DESIGN.md's lock sequence). */
const FLUSH_WAIT_MS = 1_500;

export async function runBrowserHost(argv: readonly string[], staticDir: string, injection: HostInjection = {}): Promise<number> {
  const clock: Clock = injection.clock ?? systemClock;
  let args;
  try {
    args = parseHostArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${HOST_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${HOST_USAGE}\n`);
    return 0;
  }
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write(`The app's page is not built (${staticDir} is missing). Run: npm run build\n`);
    return 1;
  }

  const logger = createStderrLogger(clock, injection.logLevel);
  let policy: Policy;
  try {
    policy = loadPolicy();
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  // The demo vault lives in its own local folder (or under --data-dir, for tests), never the real one.
  const dataDir = args.demo ? (args.dataDir ? path.join(path.resolve(args.dataDir), 'demo') : defaultDemoDir()) : resolveDataDir(args.dataDir, policy.dataDir);
  const idleLockMs = policy.autoLock.defaultMinutes * 60_000;
  const maxIdleLockMs = policy.autoLock.maxMinutes * 60_000;
  const exportDir = policy.exportDir ? { exportDir: policy.exportDir } : {};
  // The vault and every service run in the core worker; this thread only speaks HTTP.
  let core: WorkerCore;
  try {
    core = await startCoreWorker({
      script: injection.coreWorker ?? new URL('./core-worker.mjs', import.meta.url),
      config: { host: 'browser', dataDir, demo: args.demo, idleLockMs, maxIdleLockMs, flushWaitMs: FLUSH_WAIT_MS, ...exportDir },
      logger,
    });
  } catch (error) {
    if (!(error instanceof CoreStartError)) throw error;
    process.stderr.write(`Teamvalv could not open its data folder ${dataDir} (${error.reason}). Check that the folder exists and is yours, then start again.\n`);
    return 1;
  }
  let printLinks = false;
  const host = new BrowserHost({
    core,
    clock,
    logger,
    staticDir,
    port: args.port,
    // Printed-link mode has no window to close with the host: when the last page goes away
    // (closed, reloaded, heartbeat lost), a fresh single-use link lets the user come back.
    onSessionEnded: (_reason, remaining) => {
      if (printLinks && remaining === 0) process.stdout.write(`The page was closed. To open Teamvalv again, use this new link once:\n  ${host.issueLaunchUrl()}\n`);
    },
  });
  try {
    await host.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    process.stderr.write(`Teamvalv could not listen on 127.0.0.1:${args.port} (${code}). Choose another --port or stop the other program.\n`);
    await core.close();
    return 1;
  }
  logger.log('info', 'runBrowserHost', 'ready', { port: host.port, dataDir });
  injection.onStarted?.(host, core);

  const url = host.issueLaunchUrl();
  let browser: LaunchedBrowser | null = null;
  const executable = args.open && !args.urlFile ? findBrowser() : null;
  const headless = process.env.TEAMVALV_BROWSER_HEADLESS === '1'; // test option: a window-less Chromium
  if (args.urlFile) {
    await writeFileAtomic(path.resolve(args.urlFile), `${url}\n`, 0o600);
    logger.log('info', 'runBrowserHost', 'launch URL written', { file: path.resolve(args.urlFile) });
  } else if (executable && (headless || canOpenWindow())) {
    browser = await launchBrowser(executable, url, { headless });
    logger.log('info', 'runBrowserHost', 'browser-launched', { profileDir: browser.profileDir, pid: browser.process.pid ?? -1 });
  } else {
    const why = args.open ? 'No Chromium or Chrome window can be opened here.' : 'Not opening a browser (--no-open).';
    process.stdout.write(`${why}\nTeamvalv is running. Open this link once, in Chromium or Chrome:\n  ${url}\nStop with Ctrl+C.\n`);
    printLinks = true;
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (reason: 'signal' | 'browser-closed'): Promise<void> => {
      if (stopping) return;
      stopping = true;
      host.emit('host:shutdown', { reason });
      await host.close();
      await core.close();
      await browser?.close();
      logger.log('info', 'runBrowserHost', 'stopped', { reason });
      resolve(0);
    };
    process.once('SIGINT', () => void stop('signal'));
    process.once('SIGTERM', () => void stop('signal'));
    void browser?.exited.then(() => stop('browser-closed'));
  });
}
