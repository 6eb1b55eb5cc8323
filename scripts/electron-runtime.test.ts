import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { electronBinaryPath } from './electron-runtime.mjs';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => fs.rm(root, { recursive: true, force: true })));
});

async function fakeProject(files: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-electron-'));
  roots.push(root);
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(root, 'node_modules', 'electron', file);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, content);
  }
  return root;
}

const find = electronBinaryPath as (root: string) => string | null;

describe('electronBinaryPath', () => {
  it('finds an installed runtime of the right version', async () => {
    const root = await fakeProject({ 'package.json': '{"version":"45.4.1"}', 'path.txt': 'electron', 'dist/version': 'v45.4.1', 'dist/electron': '' });
    expect(find(root)).toBe(path.join(root, 'node_modules', 'electron', 'dist', 'electron'));
  });

  it('says no when the runtime was never downloaded (this machine)', async () => {
    const root = await fakeProject({ 'package.json': '{"version":"45.4.1"}' });
    expect(find(root)).toBeNull();
  });

  it('says no for a half-extracted or mismatched runtime', async () => {
    const noBinary = await fakeProject({ 'package.json': '{"version":"45.4.1"}', 'path.txt': 'electron', 'dist/version': '45.4.1' });
    expect(find(noBinary)).toBeNull();
    const old = await fakeProject({ 'package.json': '{"version":"45.4.1"}', 'path.txt': 'electron', 'dist/version': '41.7.1', 'dist/electron': '' });
    expect(find(old)).toBeNull();
  });
});
