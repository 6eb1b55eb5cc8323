import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from './support/browser';
import { useCleanup } from './support/fixtures';
import { type RunningHost, makeTempDir, startHost } from './support/host';

const { hosts, dirs } = useCleanup();

/** The host opens its own Chromium (headless here: no display), which loads the app and starts a session. */
async function hostWithOwnBrowser(): Promise<{ host: RunningHost; profileDir: string; browserPid: number }> {
  const dataDir = await makeTempDir('profile');
  dirs.push(dataDir);
  const host = startHost([], dataDir, { TEAMVALV_BROWSER: CHROMIUM, TEAMVALV_BROWSER_HEADLESS: '1' });
  hosts.push(host);
  const launched = await host.waitForLog((line) => line.message === 'browser-launched', 'browser-launched');
  // The launched browser exchanged the launch code: it really opened the app.
  await host.waitForLog((line) => line.message === 'page session started', 'page session started');
  return { host, profileDir: String(launched.profileDir), browserPid: Number(launched.pid) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the temporary browser profile', () => {
  it('is deleted when the app window closes, and the host stops with it', async () => {
    const { host, profileDir, browserPid } = await hostWithOwnBrowser();
    expect(existsSync(profileDir)).toBe(true);
    process.kill(browserPid, 'SIGTERM');
    expect(await host.exited).toBe(0);
    expect(host.lines.some((line) => line.message === 'stopped' && line.reason === 'browser-closed')).toBe(true);
    expect(existsSync(profileDir)).toBe(false);
  });

  it('is deleted when the host is stopped, and the browser is stopped too', async () => {
    const { host, profileDir, browserPid } = await hostWithOwnBrowser();
    expect(existsSync(profileDir)).toBe(true);
    expect(await host.stop()).toBe(0);
    expect(existsSync(profileDir)).toBe(false);
    expect(alive(browserPid)).toBe(false);
  });
});
