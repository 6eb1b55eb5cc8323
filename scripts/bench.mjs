// `npm run bench`: speed figures, printed as a table and written as JSON to bench/results/.
// Speed goals live here, never in `npm test`. The bench is bundled with esbuild, then run.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { exitUnlessSupportedNode } from './node-guard.mjs';

await exitUnlessSupportedNode();
await build({
  entryPoints: { run: 'bench/run.ts', 'core-worker': 'main/core/worker-entry.ts' },
  outdir: 'out/bench',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
const child = spawnSync(process.execPath, ['--expose-gc', 'out/bench/run.mjs'], { stdio: 'inherit' });
process.exit(child.status ?? 1);
