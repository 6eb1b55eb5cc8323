import { build } from 'esbuild';
import fc from 'fast-check';
import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { CHANNELS } from '../../shared/ipc/channels';
import { contract } from '../../shared/ipc/contract';
import { WORKER_BUNDLE_DIR, buildWorkerBundles } from '../core/test-support/build-worker';
import { inputBounds } from '../ipc/input-bounds';

/**
 * Hostile request bodies for every channel, sent through a real browser host over loopback HTTP:
 * deep nesting (5,000 to 20,000 levels, arrays, objects, mixed, inside a real field), huge key
 * and element counts, and bodies larger than the channel's largest input (declared with a length,
 * or streamed in chunks without one). Cases are drawn from a fixed seed and spread over the
 * channels in turn, so each kind reaches every channel. A few "at the bounds" cases pass the
 * host's checks and go on to the core, so its waiting calls are exercised too.
 */

export type HostileKind = 'deep' | 'keys' | 'oversized';
const KINDS: readonly HostileKind[] = ['deep', 'keys', 'oversized'];

interface HostileCase {
  readonly kind: HostileKind;
  readonly channel: string;
  readonly depth: number;
  readonly shape: 'array' | 'object' | 'mixed' | 'field';
  readonly keyCount: number;
  readonly elements: boolean;
  readonly extraBytes: number;
  readonly chunked: boolean;
  /** Within every bound (reaches the core, refused there by the schema). */
  readonly atBounds: boolean;
}

export interface HostileTarget {
  readonly port: number;
  /** Host, Origin, Content-Type and the page session. */
  readonly headers: Record<string, string>;
}

export interface HostileSummary {
  readonly requests: number;
  readonly byKind: Record<HostileKind, number>;
  /** `status code` -> count, e.g. `400 invalid_input`. */
  readonly outcomes: Record<string, number>;
  /** Channels each kind reached. */
  readonly channelsByKind: Record<HostileKind, number>;
  /** Answers that were not a typed refusal (5xx, an untyped body, a dropped connection). */
  readonly failures: readonly string[];
}

/** The largest body the fuzz sends in full; above it only the start of the body goes (the answer comes first). */
const FULL_SEND_LIMIT = 2 * 1024 * 1024;

function caseArbitrary(index: number): fc.Arbitrary<HostileCase> {
  const channel = CHANNELS[Math.floor(index / KINDS.length) % CHANNELS.length] as string;
  const kind = KINDS[index % KINDS.length] as HostileKind;
  return fc.record({
    kind: fc.constant(kind),
    channel: fc.constant(channel),
    depth: fc.integer({ min: 5_000, max: 20_000 }),
    shape: fc.constantFrom('array' as const, 'object' as const, 'mixed' as const, 'field' as const),
    keyCount: fc.integer({ min: 10_000, max: 200_000 }),
    elements: fc.boolean(),
    extraBytes: fc.integer({ min: 1, max: 4096 }),
    chunked: fc.boolean(),
    atBounds: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  });
}

/** The cases of a run, the same for the same seed. */
export function* hostileCases(count: number, seed: number): Generator<HostileCase> {
  const random = fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { numRuns: 1, seed })[0] as number;
  for (let index = 0; index < count; index += 1) {
    yield fc.sample(caseArbitrary(index), { numRuns: 1, seed: (random + index * 7919) | 0 })[0] as HostileCase;
  }
}

function firstKey(channel: string): string {
  const spec = (contract as Record<string, { input: { shape?: Record<string, unknown> } }>)[channel];
  return Object.keys(spec?.input.shape ?? {})[0] ?? 'value';
}

function deepBody(c: HostileCase): string {
  switch (c.shape) {
    case 'array':
      return '['.repeat(c.depth) + ']'.repeat(c.depth);
    case 'object':
      return '{"a":'.repeat(c.depth) + '0' + '}'.repeat(c.depth);
    case 'mixed':
      return '[{"a":'.repeat(c.depth / 2) + 'null' + '}]'.repeat(c.depth / 2);
    case 'field':
      return `{${JSON.stringify(firstKey(c.channel))}:${'['.repeat(c.depth)}${']'.repeat(c.depth)}}`;
  }
}

function keysBody(c: HostileCase, bytesBound: number): string {
  // As many as fit the channel's size (so the count, not the size, is what is refused), and never
  // fewer than the channel's value bound allows plus a margin.
  const fitting = Math.max(Math.floor(bytesBound / 12), inputBounds(c.channel).values + 50);
  const count = Math.min(c.keyCount, fitting);
  if (c.elements) return `[${'0,'.repeat(count - 1)}0]`;
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) parts.push(`"k${i}":0`);
  return `{${parts.join(',')}}`;
}

function atBoundsBody(c: HostileCase): string {
  // Small, shallow, well-formed: passes the host and reaches the router, which refuses the key.
  return JSON.stringify({ zzNotAField: c.depth % 100 });
}

interface Sent {
  readonly status: number;
  readonly body: string;
}

interface Body {
  readonly text: string;
  /** Set when only the start of a larger body is sent: the length the request declares. */
  readonly declared?: number;
}

function send(target: HostileTarget, agent: http.Agent, c: HostileCase, body: Body): Promise<Sent> {
  const partial = body.declared !== undefined;
  const chunked = c.chunked && !partial;
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers: Record<string, string> = { ...target.headers };
    if (!chunked) headers['Content-Length'] = String(body.declared ?? Buffer.byteLength(body.text));
    const req = http.request(
      { host: '127.0.0.1', port: target.port, method: 'POST', path: `/rpc/${encodeURIComponent(c.channel)}`, headers, setHost: false, agent: partial ? false : agent },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') });
          if (partial) req.destroy();
        });
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (partial) {
      // Declares the whole length, sends the start: the host answers 413 without waiting for the rest.
      req.write(body.text);
    } else if (chunked) {
      for (let at = 0; at < body.text.length; at += 16 * 1024) req.write(body.text.slice(at, at + 16 * 1024));
      req.end();
    } else {
      req.end(body.text);
    }
  });
}

/**
 * The body of a case. An oversized body is the channel's bound plus 1 to 4,096 bytes (a real
 * field holding a long string); above FULL_SEND_LIMIT (unless `fullOversized`) only its first
 * 64 KiB is sent under the full declared length.
 */
function bodyOf(c: HostileCase, bytesBound: number, fullOversized: boolean): Body {
  if (c.atBounds) return { text: atBoundsBody(c) };
  switch (c.kind) {
    case 'deep':
      return { text: deepBody(c) };
    case 'keys':
      return { text: keysBody(c, bytesBound) };
    case 'oversized': {
      const total = bytesBound + c.extraBytes;
      const head = `{${JSON.stringify(firstKey(c.channel))}:"`;
      if (total > FULL_SEND_LIMIT && !fullOversized) return { text: head + 'x'.repeat(64 * 1024), declared: total };
      return { text: `${head}${'x'.repeat(total - head.length - 2)}"}` };
    }
  }
}

function check(c: HostileCase, sent: Sent): string | null {
  const where = `${c.kind} ${c.channel}${c.atBounds ? ' at bounds' : ''}`;
  if (sent.status >= 500) return `${where}: HTTP ${sent.status}`;
  let parsed: { ok?: unknown; error?: { code?: unknown } };
  try {
    parsed = JSON.parse(sent.body) as typeof parsed;
  } catch {
    return `${where}: HTTP ${sent.status} with an untyped body`;
  }
  const code = parsed.error?.code;
  if (parsed.ok !== false || typeof code !== 'string') return `${where}: HTTP ${sent.status} not a typed refusal`;
  if (sent.status === 413 && code !== 'too_large') return `${where}: 413 ${code}`;
  if (sent.status === 400 && code !== 'invalid_input') return `${where}: 400 ${code}`;
  if (sent.status !== 200 && sent.status !== 400 && sent.status !== 413) return `${where}: HTTP ${sent.status}`;
  if (!c.atBounds && c.kind === 'oversized' && sent.status !== 413) return `${where}: oversized answered ${sent.status}`;
  if (!c.atBounds && sent.status === 200) return `${where}: reached the core`;
  return null;
}

/** Sends `count` hostile requests, `concurrency` at a time, and sums up the answers. */
export async function sendHostileBodies(target: HostileTarget, options: { count: number; seed: number; concurrency: number; fullOversized?: boolean }): Promise<HostileSummary> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const byKind: Record<HostileKind, number> = { deep: 0, keys: 0, oversized: 0 };
  const channels: Record<HostileKind, Set<string>> = { deep: new Set(), keys: new Set(), oversized: new Set() };
  const outcomes: Record<string, number> = {};
  const failures: string[] = [];
  const cases = hostileCases(options.count, options.seed);
  const worker = async (): Promise<void> => {
    for (let next = cases.next(); !next.done; next = cases.next()) {
      const c = next.value;
      const bytesBound = inputBounds(c.channel).bytes;
      let sent: Sent;
      try {
        sent = await send(target, agent, c, bodyOf(c, bytesBound, options.fullOversized ?? false));
      } catch (error) {
        failures.push(`${c.kind} ${c.channel}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        continue;
      }
      if (!c.atBounds) {
        byKind[c.kind] += 1;
        channels[c.kind].add(c.channel);
      }
      let code: string;
      try {
        code = String((JSON.parse(sent.body) as { error?: { code?: unknown } }).error?.code ?? '');
      } catch {
        code = 'untyped';
      }
      const key = `${sent.status} ${code}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      const failure = check(c, sent);
      if (failure) failures.push(failure);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return {
    requests: options.count,
    byKind,
    outcomes,
    channelsByKind: { deep: channels.deep.size, keys: channels.keys.size, oversized: channels.oversized.size },
    failures,
  };
}

/** Memory and waiting calls of the host process, after a full garbage collection there. */
export interface HostStats {
  readonly rss: number;
  readonly heapUsed: number;
  readonly pending: number;
}

/** The browser host on a real core worker, in a process of its own (its RSS is the host's alone). */
export interface FuzzHost {
  readonly target: HostileTarget;
  stats(): Promise<HostStats>;
  close(): Promise<void>;
}

/**
 * Starts the host child (host/browser/test-support/fuzz-host-child.ts, bundled like the core
 * worker) with `--expose-gc`, a vault set up and a page session; the client stays in the test.
 */
export async function startFuzzHost(tempDir: () => Promise<string>): Promise<FuzzHost> {
  const bundles = await buildWorkerBundles();
  const childScript = path.join(WORKER_BUNDLE_DIR, 'fuzz-host-child.mjs');
  await build({ entryPoints: ['main/host/browser/test-support/fuzz-host-child.ts'], outfile: childScript, bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'warning' });
  const child = fork(childScript, [bundles.test, await tempDir(), await tempDir()], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = (): Promise<FromFuzzChild> =>
    new Promise((resolve, reject) => {
      const onExit = (): void => reject(new Error('the fuzz host process exited'));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as FromFuzzChild);
      });
    });
  const ready = await next();
  if (ready.kind !== 'ready') throw new Error(`fuzz host: ${ready.kind}`);
  return {
    target: ready.target,
    stats: async () => {
      const answer = next();
      child.send({ kind: 'stats' } satisfies ToFuzzChild);
      const stats = await answer;
      if (stats.kind !== 'stats') throw new Error(`fuzz host: ${stats.kind}`);
      return stats.stats;
    },
    close: async () => {
      child.send({ kind: 'close' } satisfies ToFuzzChild);
      await exited;
    },
  };
}

export type ToFuzzChild = { readonly kind: 'stats' } | { readonly kind: 'close' };
export type FromFuzzChild = { readonly kind: 'ready'; readonly target: HostileTarget } | { readonly kind: 'stats'; readonly stats: HostStats } | { readonly kind: 'failed'; readonly reason: string };
