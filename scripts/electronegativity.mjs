// Electronegativity (Doyensec's Electron security scanner) over the code that ships: main/,
// preload/, renderer/, shared/ and package.json. Every HIGH or MEDIUM finding must be explained
// in electronegativity-accepted.json (check, file, the flagged line of code, why it is safe and
// which test shows it); an unexplained finding, an explanation that no longer matches a finding,
// or a file the scanner could not parse fails the run. LOW and INFORMATIONAL findings are listed.
//
// No network: electronegativity fetches translations and Electron's release list from GitHub at
// run time. Its HTTP client (`got`) is replaced here by one that answers 404 (translations: the
// bundled English is used) or fails (the release list) without sending anything, and the one
// check that needs the release list is not run (electronegativity-accepted.json says why).
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What ships, relative to the project root. */
export const SCANNED = ['main', 'preload', 'renderer', 'shared', 'package.json'];
const BLOCKING = new Set(['HIGH', 'MEDIUM']);

let requests = 0;
function offlineGot() {
  const got = () => {
    requests += 1;
    return Promise.resolve({ statusCode: 404, body: '', headers: {} });
  };
  got.head = () => {
    requests += 1;
    return Promise.reject(new Error('no network in this check'));
  };
  return got;
}

function loadRunner() {
  const load = Module._load;
  const got = offlineGot();
  // Only requests made from inside electronegativity are answered by the stand-in.
  Module._load = function (request, parent, ...rest) {
    if (request === 'got' && parent?.filename?.includes(`${path.sep}@doyensec${path.sep}electronegativity${path.sep}`)) return got;
    return load.call(this, request, parent, ...rest);
  };
  return require('@doyensec/electronegativity/dist/runner.js');
}

/** The files electronegativity reads in a folder (its own filter: no node_modules). */
function listScanned(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.includes('node_modules') && (/\.(jsx?|tsx?|html?)$/i.test(file) || /package(-lock)?\.json$/i.test(file)));
}

/**
 * Scans a copy of `entries` (relative to `root`; a copy so the build output, node_modules and
 * test scaffolding outside them are not read) and returns the findings with paths relative to root.
 */
export async function scan({ root = ROOT, entries = SCANNED, electronVersion, notRun = [] } = {}) {
  const stage = mkdtempSync(path.join(os.tmpdir(), 'teamvalv-electronegativity-'));
  try {
    for (const entry of entries) cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
    const run = loadRunner();
    const before = requests;
    const result = await run(
      { input: stage, isRelative: true, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: notRun, parserPlugins: [] },
      false,
    );
    const findings = result.issues.map((issue) => ({
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      line: issue.location.line,
      code: typeof issue.sample === 'string' ? issue.sample.trim() : null,
      description: issue.description,
    }));
    return { files: listScanned(stage).length, checks: result.globalChecks + result.atomicChecks, findings, errors: result.errors, requestsAnswered: requests - before };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Reads and checks the explanations file. */
export function readAccepted(file) {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  const notRun = Array.isArray(json.notRun) ? json.notRun : [];
  const accepted = Array.isArray(json.accepted) ? json.accepted : [];
  for (const entry of notRun) if (typeof entry.check !== 'string' || typeof entry.why !== 'string' || entry.why.length < 20) problems.push(`notRun entry without a check or a reason: ${JSON.stringify(entry)}`);
  for (const entry of accepted) {
    for (const key of ['check', 'file', 'code', 'why']) if (typeof entry[key] !== 'string' || entry[key] === '') problems.push(`accepted entry without "${key}": ${JSON.stringify(entry).slice(0, 200)}`);
    if (typeof entry.why === 'string' && entry.why.length < 40) problems.push(`accepted entry with too short a reason: ${entry.check} ${entry.file}`);
    if (!Array.isArray(entry.provenBy) || entry.provenBy.length === 0) problems.push(`accepted entry naming no test: ${entry.check} ${entry.file}`);
    else for (const test of entry.provenBy) if (typeof test !== 'string' || !test.includes('.test.ts')) problems.push(`provenBy must name a test file: ${JSON.stringify(test)}`);
  }
  return { notRun, accepted, problems };
}

/**
 * Sorts findings into explained (HIGH/MEDIUM with an entry matching check, file and code),
 * unexplained (HIGH/MEDIUM without one) and notes (LOW/INFORMATIONAL); an entry that matches no
 * finding is stale, and a file the scanner could not parse is a failure (it was not checked).
 */
export function judge({ findings, errors }, accepted) {
  const key = (x) => `${x.check}\u0000${x.file}\u0000${x.code ?? ''}`;
  const reasons = new Map(accepted.map((entry) => [key(entry), entry]));
  const used = new Set();
  const explained = [];
  const unexplained = [];
  const notes = [];
  for (const finding of findings) {
    if (!BLOCKING.has(finding.severity)) {
      notes.push(finding);
      continue;
    }
    const entry = reasons.get(key(finding));
    if (entry) {
      used.add(key(entry));
      explained.push({ ...finding, why: entry.why });
    } else unexplained.push(finding);
  }
  const stale = accepted.filter((entry) => !used.has(key(entry)));
  const unparsed = errors.filter((error) => !error.tolerable);
  return { explained, unexplained, notes, stale, unparsed, ok: unexplained.length === 0 && stale.length === 0 && unparsed.length === 0 };
}

async function main() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const electronVersion = pkg.devDependencies.electron;
  const acceptedFile = path.join(ROOT, 'electronegativity-accepted.json');
  const { notRun, accepted, problems } = readAccepted(acceptedFile);
  const result = await scan({ electronVersion, notRun: notRun.map((entry) => entry.check) });
  const verdict = judge(result, accepted);
  const line = (f) => `${f.severity} ${f.check} ${f.file}:${f.line}${f.code ? `  ${f.code.slice(0, 100)}` : ''}`;
  console.log(`electronegativity ${require('@doyensec/electronegativity/package.json').version}: ${result.checks} checks over ${result.files} files (${SCANNED.join(', ')}), Electron ${electronVersion}; not run: ${notRun.map((e) => e.check).join(', ') || 'none'}`);
  for (const f of verdict.explained) console.log(`  explained  ${line(f)}`);
  for (const f of verdict.notes) console.log(`  note       ${line(f)}`);
  for (const f of verdict.unexplained) console.log(`  UNEXPLAINED ${line(f)}\n              ${f.description}`);
  for (const e of verdict.stale) console.log(`  STALE      ${e.check} ${e.file}  ${e.code.slice(0, 100)} — no such finding any more: remove or update the entry`);
  for (const e of verdict.unparsed) console.log(`  NOT PARSED ${e.file}: ${e.message}`);
  for (const p of problems) console.log(`  BAD ENTRY  ${p}`);
  const ok = verdict.ok && problems.length === 0;
  console.log(
    `${verdict.explained.length} high/medium explained, ${verdict.unexplained.length} unexplained, ${verdict.stale.length} stale, ${verdict.notes.length} low/informational; ${result.requestsAnswered} network request(s) answered locally, none sent`,
  );
  if (!ok) console.log('Fix the finding, or explain it in electronegativity-accepted.json (check, file, code, why, provenBy).');
  process.exit(ok ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
