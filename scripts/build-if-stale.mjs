// Builds only when a source file is newer than the last build, so `npm start` stays quick.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const STAMP = 'out/.build-stamp';
const SOURCES = ['main', 'preload', 'renderer', 'shared', 'package.json', 'vite.config.ts', 'scripts/build.mjs'];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

export function buildIfStale() {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map(newestMtime));
  if (built > newest) return true;
  // Progress goes to stderr: stdout belongs to the command (the CLI's --json output).
  process.stderr.write('Building Teamvalv…\n');
  const child = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', process.stderr, process.stderr] });
  if (child.status !== 0) return false;
  writeFileSync(STAMP, new Date().toISOString());
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(buildIfStale() ? 0 : 1);
