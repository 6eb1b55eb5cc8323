// Bundles and runs bench/first-unlock-walk.ts (issue 16): node scripts/bench-first-unlock.mjs <seeded vault dir> <work dir>
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { exitUnlessSupportedNode } from './node-guard.mjs';

await exitUnlessSupportedNode();
await build({ entryPoints: { 'first-unlock-walk': 'bench/first-unlock-walk.ts' }, outdir: 'out/bench', outExtension: { '.js': '.mjs' }, bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'warning' });
const child = spawnSync(process.execPath, ['out/bench/first-unlock-walk.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(child.status ?? 1);
