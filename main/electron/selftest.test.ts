// The self-test runs inside Electron on machines that have the runtime; its body is plain Node,
// tested here on a fake bundle folder. No electron import.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import { runSelfTest } from './selftest';

const tempDir = useTempDirs();

describe('runSelfTest', () => {
  it('passes on a complete bundle', async () => {
    const out = await tempDir();
    await fs.mkdir(path.join(out, 'main'));
    await fs.mkdir(path.join(out, 'preload'));
    await fs.mkdir(path.join(out, 'renderer'));
    await fs.writeFile(path.join(out, 'preload', 'preload.cjs'), '');
    await fs.writeFile(path.join(out, 'renderer', 'index.html'), '');
    const result = await runSelfTest(path.join(out, 'main'));
    expect(result.checks.map((check) => [check.name, check.ok])).toEqual([
      ['preload', true],
      ['renderer', true],
      ['router+health', true],
      ['crypto', true],
    ]);
    expect(result.ok).toBe(true);
  });

  it('fails when the preload is missing', async () => {
    const out = await tempDir();
    const result = await runSelfTest(path.join(out, 'main'));
    expect(result.ok).toBe(false);
    expect(result.checks.find((check) => check.name === 'preload')?.ok).toBe(false);
  });
});
