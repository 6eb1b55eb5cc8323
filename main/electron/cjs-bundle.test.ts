import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';

const tempDir = useTempDirs();
const common = { bundle: true, platform: 'node', target: 'node22', packages: 'external', logLevel: 'silent', write: false } as const;

/**
 * Electron's main is bundled as CommonJS (scripts/build.mjs), and carries the CLI and with it the
 * vault's backup code. `import.meta` is empty there: a module that reads `import.meta.url` at load
 * stops Electron's main before any window opens. The Electron runtime cannot run here, so this
 * checks the bundle as esbuild makes it, and loads the backup module's CommonJS build in Node.
 */
describe("Electron main's CommonJS bundle", () => {
  it('reads import.meta only where it is never read at load', async () => {
    const result = await build({ ...common, entryPoints: ['main/electron/entry.ts'], format: 'cjs', outfile: 'electron-main.cjs' });
    // backup-thread.ts reads it inside nodeRequire() only, on the ES module path (the next test
    // loads its CommonJS build). Any other file here must be made the same way, and listed.
    expect(result.warnings.filter((warning) => warning.id === 'empty-import-meta').map((warning) => warning.location?.file)).toEqual(['main/vault/backup-thread.ts']);
  });

  it('loads the backup thread module and resolves the database binding from it', async () => {
    const result = await build({ ...common, entryPoints: ['main/vault/backup-thread.ts'], format: 'cjs', outfile: 'backup-thread.cjs' });
    const dir = await tempDir();
    const file = path.join(dir, 'backup-thread.cjs');
    await writeFile(file, result.outputFiles[0]?.text ?? '');
    // Loaded from the project so that its externals resolve as in the app.
    const load = createRequire(path.resolve('package.json'));
    expect(() => load(file)).not.toThrow();
  });
});
