// `npm test`: every check in one run, ending with one summary line `N passed, N failed`.
// Steps: type-check each layer, lint (layer rules included), electronegativity (every high or medium
// finding fixed or explained in electronegativity-accepted.json), unit/service tests, build, e2e in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { exitUnlessSupportedNode } from './node-guard.mjs';

await exitUnlessSupportedNode();

const bin = (name) => `node_modules/.bin/${name}`;
const results = [];

function run(label, command, args) {
  process.stdout.write(`\n▶ ${label}\n`);
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`  ${child.status === 0 ? 'ok' : 'FAILED'}: ${label} (${seconds.toFixed(1)} s)\n`);
  return child.status === 0;
}

function check(label, command, args) {
  const ok = run(label, command, args);
  results.push({ label, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

/** A vitest suite counts its own tests; a suite that could not report counts as one failure. */
function suite(label, args) {
  mkdirSync('test-results', { recursive: true });
  const report = `test-results/${label}.json`;
  rmSync(report, { force: true });
  const ok = run(label, process.execPath, [bin('vitest'), 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!existsSync(report)) {
    results.push({ label, passed: 0, failed: 1 });
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const failed = json.numFailedTests + (ok || json.numFailedTests > 0 ? 0 : 1);
  results.push({ label, passed: json.numPassedTests, failed });
}

for (const project of ['shared', 'main', 'preload', 'renderer', 'tsconfig.tests.json']) {
  check(`typecheck ${project}`, process.execPath, [bin('tsc'), '-p', project]);
}
check('lint (layer rules)', process.execPath, [bin('eslint'), '--max-warnings', '0', '.']);
check('electronegativity (findings fixed or explained)', process.execPath, ['scripts/electronegativity.mjs']);
suite('unit', []);
const built = run('build', process.execPath, ['scripts/build.mjs']);
results.push({ label: 'build', passed: built ? 1 : 0, failed: built ? 0 : 1 });
if (built) suite('e2e', ['-c', 'vitest.e2e.config.ts']);
else results.push({ label: 'e2e', passed: 0, failed: 1 });

process.stdout.write('\nSummary\n');
for (const r of results) process.stdout.write(`  ${r.failed ? '✗' : '✓'} ${r.label}: ${r.passed} passed, ${r.failed} failed\n`);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
