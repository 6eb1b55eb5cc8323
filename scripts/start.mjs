// `npm start`: Electron when its runtime is on disk; otherwise try to fetch it (time-limited);
// when that fails (offline), say so in one line and start the browser host: same app, same data.
import { spawn, spawnSync } from 'node:child_process';
import { buildIfStale } from './build-if-stale.mjs';
import { electronBinaryPath } from './electron-runtime.mjs';
import { exitUnlessSupportedNode } from './node-guard.mjs';

await exitUnlessSupportedNode();

const FETCH_TIMEOUT_MS = 60_000;
const args = process.argv.slice(2);

if (!buildIfStale()) process.exit(1);

let electron = electronBinaryPath();
if (!electron) {
  process.stdout.write('The Electron runtime is not on disk; trying to fetch it (npm run electron:fetch, at most 60 s)…\n');
  spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'ignore', timeout: FETCH_TIMEOUT_MS });
  electron = electronBinaryPath();
}

function exitWith(child) {
  // Pass Ctrl+C on to the child and leave when it has cleaned up (the browser host deletes its profile).
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (electron) {
  exitWith(spawn(electron, ['.', ...args], { stdio: 'inherit' }));
} else {
  process.stdout.write('Electron could not be fetched (offline?), so Teamvalv starts in the browser host instead: same app, same data folder.\n');
  exitWith(spawn(process.execPath, ['out/main/browser-host.mjs', ...args], { stdio: 'inherit' }));
}
