import { build } from 'esbuild';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export interface LogLine {
  readonly level: string;
  readonly fn: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** A browser host process started from the built bundle, as `npm start` starts it. */
export interface RunningHost {
  readonly process: ChildProcess;
  readonly dataDir: string;
  readonly lines: LogLine[];
  /** Resolves with the first log line matching, whether it was already printed or comes later. */
  waitForLog(predicate: (line: LogLine) => boolean, what: string): Promise<LogLine>;
  /** Resolves with the first match of `pattern` in stdout, whether already printed or later. */
  waitForStdout(pattern: RegExp, what: string): Promise<RegExpMatchArray>;
  /**
   * Test-clock hosts only: moves the host's clock forward and runs its timer work. Resolves with
   * the vault's state right after the core's timer work: 'unlocked', 'locking:<reason>' (a lock
   * begun, waiting for the page), 'locked' or 'absent'.
   */
  advance(ms: number): Promise<string>;
  /** Test-clock hosts only: ends every page session as if its page had gone silent. */
  endSessions(): Promise<void>;
  /** How many pulses the page's worker has sent (test-clock hosts log them). */
  pulses(): number;
  /** Resolves once the host has received `count` pulses in all. */
  waitForPulses(count: number): Promise<void>;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export const HOST_BUNDLE = path.resolve('out/main/browser-host.mjs');
// Under node_modules/.cache so the bundle's package imports resolve; never part of out/. One
// folder per checkout: worktrees share node_modules (a symlink), and a bundle another worktree
// built from its own sources must never be the one this checkout's tests start.
const TEST_HOST_BUNDLE = path.resolve(
  'node_modules/.cache/teamvalv-tests',
  `host-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}`,
  'test-host.mjs',
);
let testHostBuilt: Promise<unknown> | null = null;

/**
 * Bundles e2e/support/test-host-entry.ts (the host) and test-core-worker.ts (its core worker,
 * with a clock the test moves) once per test process, side by side.
 */
export function buildTestHost(): Promise<unknown> {
  testHostBuilt ??= build({
    entryPoints: { 'test-host': 'e2e/support/test-host-entry.ts', 'test-core-worker': 'e2e/support/test-core-worker.ts' },
    outdir: path.dirname(TEST_HOST_BUNDLE),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  return testHostBuilt;
}

export async function makeTempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `teamvalv-e2e-${prefix}-`));
}

/**
 * Starts the host and follows its structured log (JSON lines on stderr): tests wait for named
 * events such as "launch URL written" instead of sleeping.
 */
export function startHost(args: readonly string[], dataDir: string, env: NodeJS.ProcessEnv = {}, options: { testClock?: boolean } = {}): RunningHost {
  // The test-clock host must have been built first (await buildTestHost()).
  const bundle = options.testClock ? TEST_HOST_BUNDLE : HOST_BUNDLE;
  const child = spawn(process.execPath, [bundle, '--data-dir', dataDir, ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const waiters: { predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stdout = '';
  const stdoutWaiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const wake of stdoutWaiters.splice(0)) wake();
  });
  readline.createInterface({ input: child.stderr }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { level: 'raw', fn: '', message: text };
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    dataDir,
    lines,
    exited,
    waitForLog(predicate, what) {
      const seen = lines.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        void exited.then((code) =>
          reject(new Error(`host exited (${code}) before "${what}"; stdout: ${stdout}; log: ${JSON.stringify(lines)}`)),
        );
      });
    },
    waitForStdout(pattern, what) {
      return new Promise((resolve, reject) => {
        const look = (): void => {
          const match = stdout.match(pattern);
          if (match) resolve(match);
          else stdoutWaiters.push(look);
        };
        look();
        void exited.then(() => reject(new Error(`host exited before "${what}"; stdout: ${stdout}`)));
      });
    },
    async advance(ms) {
      const before = lines.filter((line) => line.message === 'advanced').length;
      child.stdin.write(`advance ${ms}\n`);
      // This move's line: the advanced line after the `before` earlier ones (not the first one ever).
      const line = await this.waitForLog((candidate) => candidate.message === 'advanced' && lines.filter((l) => l.message === 'advanced').indexOf(candidate) === before, 'advanced');
      return String(line.vault);
    },
    async endSessions() {
      const before = lines.filter((line) => line.message === 'sessions ended').length;
      child.stdin.write('end-sessions\n');
      await this.waitForLog((line) => line.message === 'sessions ended' && lines.filter((l) => l.message === 'sessions ended').length > before, 'sessions ended');
    },
    pulses() {
      return lines.filter((line) => line.message === 'page pulse').length;
    },
    async waitForPulses(count) {
      await this.waitForLog((line) => line.message === 'page pulse' && this.pulses() >= count, `pulse ${count}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Starts a host that writes its launch URL to a file, and returns that URL. */
export async function startHostWithUrl(
  dataDir: string,
  options: { testClock?: boolean; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ host: RunningHost; url: string }> {
  const urlFile = path.join(dataDir, '..', `${path.basename(dataDir)}.url`);
  if (options.testClock) await buildTestHost();
  const host = startHost(['--no-open', '--url-file', urlFile, ...(options.args ?? [])], dataDir, options.env ?? {}, options);
  await host.waitForLog((line) => line.message === 'launch URL written', 'launch URL written');
  const url = (await fs.readFile(urlFile, 'utf8')).trim();
  await fs.rm(urlFile);
  return { host, url };
}

/**
 * A test-clock host on a fresh data folder whose machine policy names an export folder (so PDFs
 * and packets are written there, not into the home folder). The caller registers both folders and
 * the host for cleanup.
 */
export async function startHostWithExportFolder(name: string, options: { readonly demo?: boolean } = {}): Promise<{ host: RunningHost; url: string; dataDir: string; exportRoot: string }> {
  const dataDir = await makeTempDir(name);
  const exportRoot = await makeTempDir(`${name}-exports`);
  const policyFile = path.join(exportRoot, 'policy.json');
  await fs.writeFile(policyFile, JSON.stringify({ exportDir: exportRoot }));
  // `demo`: the demo vault (`--demo`), its invented year to work on.
  const { host, url } = await startHostWithUrl(dataDir, { testClock: true, ...(options.demo ? { args: ['--demo'] } : {}), env: { TEAMVALV_POLICY_FILE: policyFile } });
  return { host, url, dataDir, exportRoot };
}
