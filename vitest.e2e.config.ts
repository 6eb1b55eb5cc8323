import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built app in the browser host, driven in Debian's Chromium by playwright-core. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['./scripts/vitest-node-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One Chromium at a time on a 2-core machine keeps runs predictable.
    fileParallelism: false,
    pool: 'forks',
  },
});
