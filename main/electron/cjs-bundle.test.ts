import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
const common = { bundle: true, platform: 'node', target: 'node22', packages: 'external', logLevel: 'silent', write: false } as const;

/**
 * Electron's main is bundled as CommonJS (scripts/build.mjs) and carries the CLI, and with it the
 * vault's backup code; the core worker and the browser host are ES module bundles. `import.meta` is
 * empty in the first, and `require` is only esbuild's stand-in in the others: code that resolves a
 * module must work in both, and nothing may throw at load (that would stop Electron's main before
 * any window). The Electron runtime cannot run here, so this checks the bundles as esbuild makes
 * them, loaded in Node from a folder inside the project (so their externals resolve as in the app).
 */
describe('the bundles main is built into', () => {
  it("Electron main's reads import.meta only where it is never read at load", async () => {
    const result = await build({ ...common, entryPoints: ['main/electron/entry.ts'], format: 'cjs', outfile: 'electron-main.cjs' });
    // backup-thread.ts reads it inside databaseBindingPath() only, pdf-engine.ts inside fontPath()
    // only, each on the ES module path (the tests below load both builds). Any other file here must
    // be made the same way, and listed.
    expect(result.warnings.filter((warning) => warning.id === 'empty-import-meta').map((warning) => warning.location?.file).sort()).toEqual(['main/pdf/pdf-engine.ts', 'main/vault/backup-thread.ts']);
  });

  it.each(['cjs', 'esm'] as const)('load the backup thread module (%s) and resolve the database binding from it', async (format) => {
    const result = await build({ ...common, entryPoints: ['main/vault/backup-thread.ts'], format, outfile: `backup-thread.${format === 'cjs' ? 'cjs' : 'mjs'}` });
    // Inside the project, as the app's bundles are (out/main), so the binding resolves from node_modules.
    const dir = path.resolve('node_modules/.cache/teamvalv-tests');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `backup-thread-${process.pid}-${Date.now()}.${format === 'cjs' ? 'cjs' : 'mjs'}`);
    await writeFile(file, result.outputFiles[0]?.text ?? '');
    onTestFinished(() => rm(file, { force: true }));
    const loaded = (format === 'cjs' ? createRequire(path.resolve('package.json'))(file) : await import(pathToFileURL(file).href)) as { databaseBindingPath(): string };
    const binding = loaded.databaseBindingPath();
    expect(binding).toContain(`${path.sep}better-sqlite3-multiple-ciphers${path.sep}`);
    expect(existsSync(binding)).toBe(true);
  });

  it.each(['cjs', 'esm'] as const)('load the PDF engine (%s) and resolve its fonts from it', async (format) => {
    const result = await build({ ...common, entryPoints: ['main/pdf/pdf-engine.ts'], format, outfile: `pdf-engine.${format === 'cjs' ? 'cjs' : 'mjs'}` });
    const dir = path.resolve('node_modules/.cache/teamvalv-tests');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `pdf-engine-${process.pid}-${Date.now()}.${format === 'cjs' ? 'cjs' : 'mjs'}`);
    await writeFile(file, result.outputFiles[0]?.text ?? '');
    onTestFinished(() => rm(file, { force: true }));
    const loaded = (format === 'cjs' ? createRequire(path.resolve('package.json'))(file) : await import(pathToFileURL(file).href)) as { fontPath(file: string): string };
    for (const font of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) expect(existsSync(loaded.fontPath(font))).toBe(true);
  });
});
