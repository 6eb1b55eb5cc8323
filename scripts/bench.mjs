// `npm run bench`: speed figures, printed as a table and written as JSON to bench/results/.
// Speed goals live here, never in `npm test`. The bench is bundled with esbuild, then run.
// `npm run bench -- scale-vault FROM TO N` makes an N× copy of a seeded vault (bench/scale-vault.ts) instead;
// `npm run bench -- open-settings SEEDED [1,10]` measures the connection settings (bench/open-settings.ts);
// `npm run bench -- scaling SEEDED` runs the 1×/3×/10× scaling rows alone (bench/scaling.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { exitUnlessSupportedNode } from './node-guard.mjs';

await exitUnlessSupportedNode();
await build({
  entryPoints: { run: 'bench/run.ts', 'core-worker': 'main/core/worker-entry.ts', tools: 'bench/tools.ts' },
  outdir: 'out/bench',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
const [command, ...args] = process.argv.slice(2);
const entry = command === 'scale-vault' || command === 'open-settings' || command === 'scaling' ? ['out/bench/tools.mjs', command, ...args] : ['out/bench/run.mjs'];
const child = spawnSync(process.execPath, ['--expose-gc', ...entry], { stdio: 'inherit' });
process.exit(child.status ?? 1);
