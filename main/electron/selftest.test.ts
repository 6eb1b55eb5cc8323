// The self-test runs inside Electron on machines that have the runtime; its body is plain Node,
// tested here on a bundle folder holding the real core worker. No electron import.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorkerBundles, removeWorkerBundles, WORKER_BUNDLE_DIR } from '../core/test-support/build-worker';
import { runSelfTest } from './selftest';

afterAll(removeWorkerBundles);
let count = 0;
// Inside node_modules/.cache (beside the worker bundles) so the worker's package imports resolve.
async function tempDir(): Promise<string> {
  const dir = path.join(WORKER_BUNDLE_DIR, `selftest-${count++}`);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

describe('runSelfTest', () => {
  it('passes on a complete bundle', async () => {
    const out = await tempDir();
    await fs.mkdir(path.join(out, 'main'));
    await fs.mkdir(path.join(out, 'preload'));
    await fs.mkdir(path.join(out, 'renderer'));
    await fs.writeFile(path.join(out, 'preload', 'preload.cjs'), '');
    await fs.writeFile(path.join(out, 'renderer', 'index.html'), '');
    await fs.copyFile((await buildWorkerBundles()).product, path.join(out, 'main', 'core-worker.mjs'));
    const result = await runSelfTest(path.join(out, 'main'));
    expect(result.checks.map((check) => [check.name, check.ok])).toEqual([
      ['preload', true],
      ['renderer', true],
      ['core-worker+health', true],
      ['crypto', true],
    ]);
    expect(result.ok).toBe(true);
  });

  it('fails when the core worker cannot start', async () => {
    const out = await tempDir();
    await fs.mkdir(path.join(out, 'main'));
    const result = await runSelfTest(path.join(out, 'main'));
    expect(result.checks.find((check) => check.name === 'core-worker+health')?.ok).toBe(false);
    expect(result.ok).toBe(false);
  });

  it('fails when the preload is missing', async () => {
    const out = await tempDir();
    const result = await runSelfTest(path.join(out, 'main'));
    expect(result.ok).toBe(false);
    expect(result.checks.find((check) => check.name === 'preload')?.ok).toBe(false);
  });
});
