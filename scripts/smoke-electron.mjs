// `npm run smoke:electron`: builds, then starts the real Electron app with --self-test and checks
// its one-line JSON verdict. Only where Electron's runtime is on disk; elsewhere it says so and
// exits 2 ("not run"), so nobody mistakes a skipped smoke test for a passed one.
import { spawnSync } from 'node:child_process';
import { electronBinaryPath } from './electron-runtime.mjs';
import { exitUnlessSupportedNode } from './node-guard.mjs';

await exitUnlessSupportedNode();
const electron = electronBinaryPath();
if (!electron) {
  process.stdout.write('smoke:electron NOT RUN: the Electron runtime is not on disk (npm run electron:fetch needs the network).\n');
  process.exit(2);
}
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
// Chromium refuses to run as root without --no-sandbox (CI containers); a desktop user keeps it.
const args = ['out/main/electron-main.cjs', '--self-test'];
if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
const run = spawnSync(electron, args, { encoding: 'utf8', timeout: 60_000 });
const line = (run.stdout ?? '').split('\n').find((text) => text.startsWith('{'));
function parseVerdict(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
const verdict = parseVerdict(line);
if (!verdict) {
  process.stderr.write(`smoke:electron FAILED: no verdict (exit ${run.status}, signal ${run.signal}).\n${run.stderr ?? ''}\n`);
  process.exit(1);
}
for (const check of verdict.checks) process.stdout.write(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}\n`);
process.stdout.write(`smoke:electron ${verdict.ok ? 'PASSED' : 'FAILED'}\n`);
process.exit(verdict.ok && run.status === 0 ? 0 : 1);
