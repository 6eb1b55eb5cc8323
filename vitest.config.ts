import { defineConfig } from 'vitest/config';

/** Unit and service tests: shared/ and main/ (and preload/ with electron mocked), in Node 22; the renderer's component tests (*.test.tsx) in happy-dom, chosen per file (`// @vitest-environment happy-dom`). */
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'main/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./scripts/vitest-node-check.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
