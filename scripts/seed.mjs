// `npm run seed -- --scale decade|stress --data-dir D`: a vault of invented records, seeded through
// the services (bench/seed-cli.ts, main/seed/seed-vault.ts). Bundled with esbuild on each run, then run.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { exitUnlessSupportedNode } from './node-guard.mjs';

await exitUnlessSupportedNode();
await build({
  entryPoints: { seed: 'bench/seed-cli.ts' },
  outdir: 'out/bench',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
const child = spawnSync(process.execPath, ['--expose-gc', 'out/bench/seed.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(child.status ?? 1);
