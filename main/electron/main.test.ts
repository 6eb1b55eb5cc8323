// `electron` is mocked here: its runtime cannot be downloaded on this machine, and even requiring
// the package in plain Node starts that download. The mock records what the host asks of Electron,
// so this test proves the wiring: sandbox, privileged scheme, single-instance lock, guards on
// every web contents, session hardening, the window options, and no crash reporter.
// The core worker is replaced by a recorder as well: its bundle is not built under vitest, and the
// worker itself is tested with real threads in main/core/worker-core.test.ts.
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  const windows: { options: unknown; loaded: string[] }[] = [];
  class BrowserWindow {
    readonly webContents = { send: vi.fn(), isDestroyed: () => false };
    readonly loaded: string[] = [];
    constructor(readonly options: unknown) {
      windows.push(this);
    }
    once() {}
    on() {}
    show() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    async loadURL(url: string) {
      this.loaded.push(url);
    }
  }
  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn(), onBeforeRequest: vi.fn() },
  };
  return {
    appListeners,
    readyResolve: () => readyResolve(),
    windows,
    single: { lock: true },
    module: {
      app: {
        enableSandbox: vi.fn(),
        commandLine: { appendSwitch: vi.fn() },
        requestSingleInstanceLock: vi.fn(() => electron.single.lock),
        quit: vi.fn(),
        exit: vi.fn(),
        isPackaged: true,
        whenReady: () => ready,
        on: (name: string, listener: (...args: unknown[]) => void) => appListeners.set(name, listener),
      },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      session: { defaultSession: session },
      ipcMain: { handle: vi.fn() },
      crashReporter: { start: vi.fn() },
      powerMonitor: { on: vi.fn(), getSystemIdleState: vi.fn(() => 'active') },
      screen: { getAllDisplays: vi.fn(() => []), getPrimaryDisplay: vi.fn() },
      dialog: { showErrorBox: vi.fn() },
      BrowserWindow,
    },
  };
});

vi.mock('electron', () => electron.module);

const worker = vi.hoisted(() => {
  let releaseClose: () => void = () => undefined;
  const core = {
    call: vi.fn(),
    lock: vi.fn(async () => undefined),
    tick: vi.fn(),
    subscribe: vi.fn(() => () => undefined),
    close: vi.fn(() => new Promise<void>((resolve) => (releaseClose = resolve))),
  };
  return { core, fail: { start: false }, started: [] as unknown[], releaseClose: () => releaseClose() };
});
vi.mock('../core/worker-core', () => ({
  CoreStartError: class CoreStartError extends Error {
    constructor(readonly reason: string) {
      super(reason);
    }
  },
  startCoreWorker: vi.fn(async (options: unknown) => {
    worker.started.push(options);
    if (worker.fail.start) throw new Error('boom');
    return worker.core;
  }),
}));

beforeEach(() => {
  vi.stubEnv('TEAMVALV_DATA_DIR', path.join(os.tmpdir(), `teamvalv-electron-mock-${process.pid}`));
});

describe('startElectronApp (electron mocked)', () => {
  it('wires every hardening step and opens the app page', async () => {
    const { startElectronApp } = await import('./main');
    startElectronApp();
    const { app, protocol, session, ipcMain, crashReporter } = electron.module;
    expect(app.enableSandbox).toHaveBeenCalledOnce();
    expect(app.commandLine.appendSwitch).toHaveBeenCalledWith('lang', 'sv-SE');
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, corsEnabled: false }) }),
    ]);
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(electron.appListeners.has('web-contents-created')).toBe(true);

    electron.readyResolve();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    await vi.waitFor(() => expect(electron.windows[0]?.loaded).toEqual(['app://teamvalv/index.html']));
    const options = electron.windows[0]?.options as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
    expect(String(options.webPreferences.preload)).toMatch(/preload[\\/]preload\.cjs$/);
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(ipcMain.handle).toHaveBeenCalledWith('teamvalv:invoke', expect.any(Function));
    expect(crashReporter.start).not.toHaveBeenCalled();
    // Suspend and OS lock are wired to the vault lock.
    const powerEvents = electron.module.powerMonitor.on.mock.calls.map((call) => call[0]);
    expect(powerEvents).toEqual(expect.arrayContaining(['suspend', 'lock-screen']));

    // Requests to anything but the app origin are cancelled.
    const onBeforeRequest = session.defaultSession.webRequest.onBeforeRequest.mock.calls[0]?.[0] as (
      details: { url: string },
      callback: (response: { cancel: boolean }) => void,
    ) => void;
    const decide = (url: string): boolean => {
      let cancelled = false;
      onBeforeRequest({ url }, (response) => (cancelled = response.cancel));
      return cancelled;
    };
    expect(decide('https://example.org/')).toBe(true);
    expect(decide('app://teamvalv/assets/index.js')).toBe(false);

    // The core runs in the worker bundle beside the main bundle; power events lock through it.
    expect(worker.started).toEqual([expect.objectContaining({ script: expect.stringMatching(/core-worker\.mjs$/), config: expect.objectContaining({ host: 'electron' }) })]);
    const onSuspend = electron.module.powerMonitor.on.mock.calls.find((call) => call[0] === 'suspend')?.[1] as () => void;
    onSuspend();
    expect(worker.core.lock).toHaveBeenCalledWith('suspend');

    // Quitting waits once for the worker to lock the vault, then quits for real.
    const beforeQuit = electron.appListeners.get('before-quit') as (event: { preventDefault: () => void }) => void;
    const first = { preventDefault: vi.fn() };
    electron.module.app.quit.mockClear();
    beforeQuit(first);
    expect(first.preventDefault).toHaveBeenCalledOnce();
    expect(worker.core.close).toHaveBeenCalledOnce();
    expect(electron.module.app.quit).not.toHaveBeenCalled();
    worker.releaseClose();
    await vi.waitFor(() => expect(electron.module.app.quit).toHaveBeenCalledOnce());
    const second = { preventDefault: vi.fn() };
    beforeQuit(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('says what went wrong and quits, without a window, when the core cannot start', async () => {
    vi.resetModules();
    worker.fail.start = true;
    electron.module.app.exit.mockClear();
    electron.module.dialog.showErrorBox.mockClear();
    const before = electron.windows.length;
    const { startElectronApp } = await import('./main');
    startElectronApp();
    await vi.waitFor(() => expect(electron.module.app.exit).toHaveBeenCalledWith(1));
    expect(electron.module.dialog.showErrorBox).toHaveBeenCalledWith('Teamvalv', expect.stringMatching(/kunde inte öppna sin datamapp[\s\S]*could not open its data folder/));
    expect(electron.windows.length).toBe(before);
    worker.fail.start = false;
  });

  it('shows the policy error and quits, without a window, when the machine policy is broken', async () => {
    vi.resetModules();
    const fs = await import('node:fs/promises');
    const policyFile = path.join(os.tmpdir(), `teamvalv-policy-${process.pid}.json`);
    await fs.writeFile(policyFile, '{"autoLock": {"defaultMinutes": 0}}');
    vi.stubEnv('TEAMVALV_POLICY_FILE', policyFile);
    electron.module.app.exit.mockClear();
    const before = electron.windows.length;
    const { startElectronApp } = await import('./main');
    startElectronApp();
    await vi.waitFor(() => expect(electron.module.app.exit).toHaveBeenCalledWith(1));
    expect(electron.module.dialog.showErrorBox).toHaveBeenCalledWith('Teamvalv', expect.stringMatching(/machine policy .* has errors/));
    expect(electron.windows.length).toBe(before);
    await fs.rm(policyFile, { force: true });
  });

  it('quits without a window when another instance holds the lock', async () => {
    vi.resetModules();
    electron.single.lock = false;
    electron.module.app.quit.mockClear();
    const before = electron.windows.length;
    const { startElectronApp } = await import('./main');
    startElectronApp();
    expect(electron.module.app.quit).toHaveBeenCalledOnce();
    expect(electron.windows.length).toBe(before);
    electron.single.lock = true;
  });
});
