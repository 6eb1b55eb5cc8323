// Builds main (both hosts' entry points) and the preload with esbuild; the renderer with Vite.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: false, logLevel: 'warning', legalComments: 'none' };

rmSync('out/main', { recursive: true, force: true });
rmSync('out/preload', { recursive: true, force: true });

await build({
  ...common,
  entryPoints: {
    'browser-host': 'main/host/browser/entry.ts',
    'browser-host-app': 'main/host/browser/run.ts',
    // The core worker both hosts start: the vault, its connection and every service live there.
    'core-worker': 'main/core/worker-entry.ts',
    cli: 'main/cli/entry.ts',
    'cli-app': 'main/cli/run-cli.ts',
  },
  outdir: 'out/main',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  // Native and optional modules stay outside the bundle and load from node_modules.
  packages: 'external',
});

await build({
  ...common,
  entryPoints: { 'electron-main': 'main/electron/entry.ts' },
  outdir: 'out/main',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  packages: 'external',
});

// A sandboxed preload can neither be an ES module nor require local files: one CommonJS file,
// channel list included, with only `electron` left external.
await build({
  ...common,
  entryPoints: { preload: 'preload/index.ts' },
  outdir: 'out/preload',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  external: ['electron'],
});

const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);
