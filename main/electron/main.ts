import { BrowserWindow, app, dialog, ipcMain, powerMonitor, protocol, screen, session } from 'electron';
import path from 'node:path';
import { CoreStartError, type WorkerCore, startCoreWorker } from '../core/worker-core';
import { systemClock } from '../runtime/clock';
import { resolveDataDir } from '../runtime/data-dir';
import { type Policy, PolicyError, loadPolicy } from '../runtime/policy';
import { createStderrLogger } from '../runtime/log';
import { defaultDemoDir } from '../vault/demo';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { APP_SCHEME, APP_START_URL, isAppUrl } from './app-origin';
import { respondToAppRequest } from './app-protocol';
import { registerIpc, sendEvent } from './ipc-transport';
import { hardenSession, hardenWebContents } from './navigation-guard';
import { runSelfTest } from './selftest';
import { createPresenter } from './presentation';
import { createWindowOptions } from './window-options';

/**
 * The Electron host. Runs only where Electron's runtime exists (not on the offline build machine);
 * each decision in here is a small function tested under vitest with electron mocked.
 * The crash reporter is never started: a crash dump of this process could hold decrypted notes.
 */
/** How long quitting waits for the core worker to lock the vault. */
const QUIT_WAIT_MS = 10_000;

export function startElectronApp(): void {
  const logger = createStderrLogger(systemClock);
  const bundleDir = __dirname; // out/main
  const preloadPath = path.join(bundleDir, '..', 'preload', 'preload.cjs');
  const rendererRoot = path.join(bundleDir, '..', 'renderer');

  app.enableSandbox();
  // Native date fields show dates in Chromium's locale: Swedish shows them as ISO dates
  // (2026-11-30) whatever the OS language, as the app writes every date (the UI text follows the
  // user's language choice, not this).
  app.commandLine.appendSwitch('lang', 'sv-SE');
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false } },
  ]);

  if (process.argv.includes('--self-test')) {
    void app.whenReady().then(async () => {
      const result = await runSelfTest(bundleDir);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      app.exit(result.ok ? 0 : 1);
    });
    return;
  }

  if (!app.requestSingleInstanceLock()) {
    // Another Teamvalv holds the vault; it gets focus instead (second-instance below).
    app.quit();
    return;
  }

  let window: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));
  app.on('window-all-closed', () => app.quit());
  let core: WorkerCore | null = null;
  let coreClosed = false;
  app.on('before-quit', (event) => {
    if (window) sendEvent(window.webContents, 'host:shutdown', { reason: 'quit' });
    // The vault locks (keys zeroed, holder lock released) in the core worker before the process
    // ends: quitting waits for it once, then goes on.
    if (core && !coreClosed) {
      event.preventDefault();
      coreClosed = true;
      // Bounded: a worker stuck in a long task must not keep the app from quitting (the OS frees
      // its memory with the process; the holder lock is then taken over as stale).
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_WAIT_MS).unref());
      void Promise.race([core.close(), timeout]).finally(() => app.quit());
    }
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    // The CSP also arrives with every app:// response; this adds it to anything else, as a second layer.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    // Nothing but our own origin is ever fetched: no remote content, no telemetry.
    session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
      const allowed = isAppUrl(details.url) || details.url.startsWith('devtools://');
      callback({ cancel: !allowed });
    });
    protocol.handle(APP_SCHEME, (request) => respondToAppRequest(rendererRoot, request));

    // `--demo`: the demo vault in its own local folder (the same switch as the browser host).
    const demo = process.argv.includes('--demo');
    // A broken machine policy stops the start with its message (PolicyError names file and problem).
    let policy: Policy;
    try {
      policy = loadPolicy();
    } catch (error) {
      dialog.showErrorBox('Teamvalv', error instanceof PolicyError ? error.message : 'The machine policy could not be read.');
      app.exit(1);
      return;
    }
    const dataDir = demo ? defaultDemoDir() : resolveDataDir(undefined, policy.dataDir);
    // Two-screen meeting-room mode: a projector window on the other display, slides only.
    const presenter = createPresenter({
      createWindow: (options) => new BrowserWindow(options),
      screen,
      windowOptions: createWindowOptions(preloadPath, { devTools: false }),
      logger,
    });
    // The database, the keys and every service run in the core worker, never on this thread:
    // Electron's main thread routes the window's input, so a backup or an Argon2 run here would
    // freeze the window.
    let started: WorkerCore;
    try {
      started = await startCoreWorker({
        script: path.join(bundleDir, 'core-worker.mjs'),
        config: {
          host: 'electron',
          dataDir,
          demo,
          idleLockMs: policy.autoLock.defaultMinutes * 60_000,
          maxIdleLockMs: policy.autoLock.maxMinutes * 60_000,
          flushWaitMs: 1_500,
          ...(policy.exportDir ? { exportDir: policy.exportDir } : {}),
        },
        logger,
        // The window work of present:*, asked by the core's router once it has checked the call.
        hostChannels: {
          'present:open': () => presenter.open(),
          'present:show': (slide) => {
            presenter.show(slide);
            return {};
          },
          'present:close': () => {
            presenter.close();
            return {};
          },
        },
      });
    } catch (error) {
      const reason = error instanceof CoreStartError ? error.reason : 'error';
      dialog.showErrorBox('Teamvalv', `Teamvalv kunde inte öppna sin datamapp ${dataDir} (${reason}). Kontrollera att mappen finns och är din, och starta igen.\n\nTeamvalv could not open its data folder ${dataDir} (${reason}). Check that the folder exists and is yours, then start again.`);
      app.exit(1);
      return;
    }
    core = started;
    registerIpc(ipcMain, started, logger, { isRefusedSender: (id) => presenter.isProjector(id) });
    started.subscribe((event, payload) => {
      if (event === 'vault:locked' || event === 'vault:locking') presenter.close();
      if (window) sendEvent(window.webContents, event, payload);
    });
    // Suspend and OS screen lock lock the vault (powerMonitor reports lock-screen on Windows and
    // macOS; on Linux the idle state reads 'locked' where the desktop tells it). Idle auto-lock is
    // checked against the clock on the same timer.
    powerMonitor.on('suspend', () => void started.lock('suspend'));
    powerMonitor.on('lock-screen', () => void started.lock('os-lock'));
    setInterval(() => {
      if (process.platform === 'linux' && powerMonitor.getSystemIdleState(60) === 'locked') void started.lock('os-lock');
      started.tick();
    }, 5_000).unref();

    window = new BrowserWindow(createWindowOptions(preloadPath, { devTools: !app.isPackaged }));
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => (window = null));
    await window.loadURL(APP_START_URL);
  });
}
