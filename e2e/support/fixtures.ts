import fs from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import type { RunningHost } from './host';

/** Hosts and folders a test registers are stopped and removed after it. */
export function useCleanup(): { hosts: RunningHost[]; dirs: string[] } {
  const hosts: RunningHost[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.stop()));
    await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });
  return { hosts, dirs };
}

/** One Debian Chromium per test file, closed after it. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running (beforeAll failed?)');
    return browser;
  };
}
