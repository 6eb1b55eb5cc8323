import { build } from 'esbuild';
import path from 'node:path';

/**
 * Bundles the core workers for unit tests, once per test process: the product's entry and the
 * test worker. Under node_modules/.cache so that their package imports (the native database
 * binding, Argon2) resolve as they do from out/main.
 */
export const WORKER_BUNDLE_DIR = path.resolve('node_modules/.cache/teamvalv-tests', `unit-${process.pid}`);
let built: Promise<{ product: string; test: string }> | null = null;

export function buildWorkerBundles(): Promise<{ product: string; test: string }> {
  built ??= build({
    entryPoints: { 'core-worker': 'main/core/worker-entry.ts', 'test-core-worker': 'main/core/test-support/test-worker.ts' },
    outdir: WORKER_BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  }).then(() => ({ product: path.join(WORKER_BUNDLE_DIR, 'core-worker.mjs'), test: path.join(WORKER_BUNDLE_DIR, 'test-core-worker.mjs') }));
  return built;
}

/** Removes this process's bundles (call from afterAll). */
export async function removeWorkerBundles(): Promise<void> {
  const fs = await import('node:fs/promises');
  await fs.rm(WORKER_BUNDLE_DIR, { recursive: true, force: true });
  built = null;
}
