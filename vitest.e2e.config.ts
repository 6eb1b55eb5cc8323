import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built app in the browser host, driven in Debian's Chromium by playwright-core. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['./scripts/vitest-node-check.ts'],
    // A ceiling for a hung test, not a speed goal: the journeys take 10–30 s on a quiet 2-core
    // machine and came near 60 s when the machine was shared (measured 2026-12-06: the supervision
    // journey timed out at 60 s in a run three times slower than usual).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Chromium at a time on a 2-core machine keeps runs predictable.
    fileParallelism: false,
    pool: 'forks',
  },
});
