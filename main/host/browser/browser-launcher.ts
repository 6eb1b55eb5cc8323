import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const LINUX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'];

/** Finds an installed Chromium-family browser: `TEAMVALV_BROWSER`, else the usual places per OS. */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (file: string) => boolean = existsSync,
): string | null {
  if (env.TEAMVALV_BROWSER) return exists(env.TEAMVALV_BROWSER) ? env.TEAMVALV_BROWSER : null;
  const candidates: string[] = [];
  if (platform === 'win32') {
    for (const base of [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA]) {
      if (!base) continue;
      candidates.push(path.win32.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'));
      candidates.push(path.win32.join(base, 'Microsoft', 'Edge', 'Application', 'msedge.exe'));
    }
  } else if (platform === 'darwin') {
    candidates.push('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    candidates.push('/Applications/Chromium.app/Contents/MacOS/Chromium');
    candidates.push('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
  } else {
    for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
      for (const name of LINUX_NAMES) candidates.push(path.join(dir, name));
    }
  }
  return candidates.find((file) => exists(file)) ?? null;
}

/** Whether a browser window can appear at all: on Linux that needs an X11 or Wayland display. */
export function canOpenWindow(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32' || platform === 'darwin') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * Chromium flags for the app window: `--app` mode, a fresh profile folder, and everything that
 * would phone home, remember or restore turned off. `--no-sandbox` only as root on Linux, where
 * Chromium refuses to start otherwise (CI containers); a normal desktop user keeps the sandbox.
 */
export function browserArgs(url: string, profileDir: string, options: { headless: boolean; isRoot: boolean }): string[] {
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-default-apps',
    '--disable-breakpad',
    '--disable-crash-reporter',
    '--disable-session-crashed-bubble',
    '--disable-features=Translate,AutofillServerCommunication,PasswordManagerOnboarding,MediaRouter,OptimizationHints',
    '--password-store=basic',
    '--disk-cache-size=1',
    '--disable-quic',
  ];
  if (options.isRoot) args.push('--no-sandbox');
  if (options.headless) args.push('--headless=new', '--disable-gpu');
  return args;
}

export interface LaunchedBrowser {
  readonly process: ChildProcess;
  readonly profileDir: string;
  /** Resolves when the browser process has exited (for any reason). */
  readonly exited: Promise<void>;
  /** Stops the browser if it still runs and deletes the temporary profile. */
  close(): Promise<void>;
}

/** Opens the app window with a fresh temporary profile that is deleted when the browser exits. */
export async function launchBrowser(
  executable: string,
  url: string,
  options: { headless: boolean; tempRoot?: string },
): Promise<LaunchedBrowser> {
  const profileDir = await fs.mkdtemp(path.join(options.tempRoot ?? os.tmpdir(), 'teamvalv-profile-'));
  await fs.chmod(profileDir, 0o700);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const child = spawn(executable, browserArgs(url, profileDir, { headless: options.headless, isRoot }), {
    stdio: 'ignore',
    detached: false,
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    process: child,
    profileDir,
    exited,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      // Chromium helpers may still hold files for a moment after the main process exits.
      await fs.rm(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
