import { defineConfig } from 'vitest/config';

/**
 * Soak tests (`npm run test:soak`): long runs of real crashes (kill -9 of child processes at
 * seeded random moments). Not part of `npm test`, which runs a fast deterministic variant of each.
 */
export default defineConfig({
  test: {
    include: ['main/**/*.soak.ts'],
    environment: 'node',
    globalSetup: ['./scripts/vitest-node-check.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 60_000,
    // One soak at a time: each one loads the disk and both cores.
    fileParallelism: false,
    pool: 'forks',
  },
});
