// Real worker threads running the real core on a real encrypted vault in a temp folder. The test
// worker (test-support/test-worker.ts) is the product's runCoreWorker with a manual clock, the
// floor KDF and a `test:crash` channel that ends the thread mid-call.
import { BroadcastChannel } from 'node:worker_threads';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/ipc/events';
import { MemoryLogger } from '../runtime/log';
import { collectGarbage } from '../test-support/gc';
import { useTempDirs } from '../test-support/temp-dir';
import { buildWorkerBundles, removeWorkerBundles } from './test-support/build-worker';
import { TEST_WORKER_CHANNEL } from './test-support/test-worker-channel';
import type { HostChannelHandlers } from './host-channels';
import { type CallTimers, CoreStartError, type WorkerCore, startCoreWorker } from './worker-core';

const tempDir = useTempDirs();
const started: WorkerCore[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.close()));
});
afterAll(removeWorkerBundles);

const setupInput = {
  orgName: 'Ung Arena Lidköping',
  orgNumber: '212000-2627',
  adminUsername: 'chair',
  adminDisplayName: 'Kim Ordförande',
  password: 'möte varje tisdag klockan nio',
};

async function start(options: { product?: boolean; hostChannels?: HostChannelHandlers; timers?: CallTimers } = {}) {
  const bundles = await buildWorkerBundles();
  const dataDir = await tempDir();
  const logger = new MemoryLogger();
  const core = await startCoreWorker({
    script: options.product ? bundles.product : bundles.test,
    config: { host: options.hostChannels ? 'electron' : 'browser', dataDir, idleLockMs: 5 * 60_000 },
    logger,
    ...(options.hostChannels ? { hostChannels: options.hostChannels } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  });
  started.push(core);
  const events: [EventName, unknown][] = [];
  core.subscribe((event, payload) => events.push([event, payload]));
  return { core, dataDir, logger, events };
}

/** Timers a test fires by hand: the call timeouts of a WorkerCore. */
class HandTimers implements CallTimers {
  readonly live = new Map<number, { run: () => void; ms: number }>();
  #next = 1;
  setTimeout(run: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.live.set(handle, { run, ms });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.live.delete(handle as number);
  }
  fireAll(): void {
    for (const [handle, timer] of [...this.live]) {
      this.live.delete(handle);
      timer.run();
    }
  }
}

/**
 * Makes the test worker's next call hang; `hung` resolves once that call is hanging in the worker
 * (the BroadcastChannel and the host's messages are not ordered with each other).
 */
async function hangNextCall(): Promise<{ hung: Promise<void> }> {
  const channel = new BroadcastChannel(TEST_WORKER_CHANNEL);
  let heard: (kind: string) => void = () => undefined;
  channel.onmessage = (event) => heard((event as { data: { kind: string } }).data.kind);
  const armed = new Promise<void>((resolve) => (heard = (kind) => kind === 'hanging' && resolve()));
  channel.postMessage({ kind: 'hang-next' });
  await armed;
  const hung = new Promise<void>((resolve) => (heard = (kind) => kind === 'hung' && resolve())).finally(() => channel.close());
  return { hung };
}

/** Answers the call hanging in the test worker. */
async function releaseHung(): Promise<void> {
  const channel = new BroadcastChannel(TEST_WORKER_CHANNEL);
  const released = new Promise<void>((resolve) => (channel.onmessage = (event) => (event as { data: { kind: string } }).data.kind === 'released' && resolve()));
  channel.postMessage({ kind: 'release' });
  await released;
  channel.close();
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise<void>((resolve) => setImmediate(resolve));
}

function nextEvent(events: [EventName, unknown][], name: EventName, count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (events.filter(([event]) => event === name).length >= count) resolve();
      else setImmediate(check);
    };
    check();
  });
}

describe('WorkerCore', () => {
  it('runs the vault in the worker: setup, calls, events and lock come through the thread boundary', async () => {
    const { core, dataDir, events } = await start();
    expect(await core.call('vault:status', {}, 'page-1')).toMatchObject({ ok: true, value: { state: 'absent' } });
    const setup = await core.call('vault:setup', setupInput, 'page-1');
    expect(setup).toMatchObject({ ok: true });
    // The vault the worker made is on disk, and the session it unlocked is the caller's.
    expect((await fs.readdir(dataDir)).some((name) => name.endsWith('.db'))).toBe(true);
    expect(await core.call('accounts:list', {}, 'page-1')).toMatchObject({ ok: true });
    // Invalid input is refused by the router in the worker, as in one thread.
    expect(await core.call('vault:unlock', { username: 42 }, 'page-1')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await core.lock('user');
    await nextEvent(events, 'vault:locked', 1);
    expect(events).toContainEqual(['vault:locked', { reason: 'user' }]);
    expect(await core.call('accounts:list', {}, 'page-1')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('locks an idle vault on the worker clock when the host ticks', async () => {
    const { core, events } = await start();
    expect(await core.call('vault:setup', setupInput, 'page-1')).toMatchObject({ ok: true });
    const channel = new BroadcastChannel(TEST_WORKER_CHANNEL);
    const advanced = new Promise<void>((resolve) => (channel.onmessage = () => resolve()));
    channel.postMessage({ kind: 'advance', ms: 5 * 60_000 + 1 });
    await advanced;
    channel.close();
    await nextEvent(events, 'vault:locked', 1);
    expect(events).toContainEqual(['vault:locked', { reason: 'idle' }]);
  });

  it('answers a call lost with a dead worker as internal, tells the pages the vault is locked and starts a new worker', async () => {
    const { core, events, logger } = await start();
    expect(await core.call('vault:setup', setupInput, 'page-1')).toMatchObject({ ok: true });
    expect(await core.call('test:crash', {}, 'page-1')).toEqual({ ok: false, error: { code: 'internal', message: 'The core stopped' } });
    await nextEvent(events, 'vault:locked', 1);
    expect(events).toContainEqual(['vault:locked', { reason: 'error' }]);
    expect(core.restarts).toBe(1);
    // The new worker opens the same folder, locked: the key died with the old thread.
    expect(await core.call('vault:status', {}, 'page-1')).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(logger.lines.map((line) => line.message)).toContain('core worker stopped; starting a new one, vault locked');
    expect(core.pendingCount).toBe(0);
  });

  it('close locks the vault first; afterwards calls are answered, not left hanging', async () => {
    const { core, events } = await start();
    expect(await core.call('vault:setup', setupInput, 'page-1')).toMatchObject({ ok: true });
    await core.close();
    expect(events).toContainEqual(['vault:locked', { reason: 'shutdown' }]);
    expect(await core.call('vault:status', {}, 'page-1')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('one failing message does not stop the ones after it', async () => {
    const { core } = await start();
    const channel = new BroadcastChannel(TEST_WORKER_CHANNEL);
    const broken = new Promise<void>((resolve) => (channel.onmessage = () => resolve()));
    channel.postMessage({ kind: 'break-next-lock' });
    await broken;
    channel.close();
    await core.lock('user'); // throws inside the worker; still answered
    expect(await core.call('vault:status', {}, 'page-1')).toMatchObject({ ok: true, value: { state: 'absent' } });
  });

  it('closing twice is one close, and a call made while closing is answered, not sent', async () => {
    const { core } = await start();
    expect(await core.call('vault:setup', setupInput, 'page-1')).toMatchObject({ ok: true });
    const first = core.close();
    const second = core.close();
    const during = core.call('vault:unlock', { username: 'chair', password: setupInput.password }, 'page-1');
    await Promise.all([first, second]);
    expect(await during).toEqual({ ok: false, error: { code: 'internal', message: 'The core stopped' } });
  });

  it('the product worker starts on the system clock and answers', async () => {
    const { core } = await start({ product: true });
    expect(await core.call('app:health', {}, 'page-1')).toMatchObject({ ok: true, value: { status: 'ok' } });
  });

  it('a data folder that cannot be made stops the start with CoreStartError', async () => {
    const { test } = await buildWorkerBundles();
    const file = path.join(await tempDir(), 'not-a-folder');
    await fs.writeFile(file, '');
    await expect(startCoreWorker({ script: test, config: { host: 'browser', dataDir: path.join(file, 'data') }, logger: new MemoryLogger() })).rejects.toBeInstanceOf(CoreStartError);
  });

  it('host channels: the router in the worker checks the call, then asks the host for the window work mid-call', async () => {
    const asked: unknown[] = [];
    let failNext = false;
    const { core } = await start({
      hostChannels: {
        'present:open': () => ({ opened: true }),
        'present:show': (slide) => {
          if (failNext) throw new Error('no window');
          asked.push(slide);
          return {};
        },
        'present:close': () => ({}),
      },
    });
    const slide = { blank: false, heading: 'UT-2026-001', counter: '1 / 3', lines: ['Anteckning'] };
    expect(await core.call('present:show', slide, 'page-1')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await core.call('vault:setup', setupInput, 'page-1')).toMatchObject({ ok: true });
    expect(await core.call('present:show', { ...slide, lines: 'x' }, 'page-1')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Calls queued behind one that waits for the host are answered after it, in order.
    const [open, shown, status] = await Promise.all([core.call('present:open', {}, 'page-1'), core.call('present:show', slide, 'page-1'), core.call('vault:status', {}, 'page-1')]);
    expect([open, shown, status]).toMatchObject([{ ok: true, value: { opened: true } }, { ok: true, value: {} }, { ok: true, value: { state: 'unlocked' } }]);
    expect(asked).toEqual([slide]);
    // The host failing is an internal error, and the core goes on.
    failNext = true;
    expect(await core.call('present:show', slide, 'page-1')).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(await core.call('present:close', {}, 'page-1')).toEqual({ ok: true, value: {} });
  });

  it('without host channels the worker answers present:* itself (the browser host: one window)', async () => {
    const { core } = await start();
    expect(await core.call('vault:setup', setupInput, 'page-1')).toMatchObject({ ok: true });
    expect(await core.call('present:open', {}, 'page-1')).toEqual({ ok: true, value: { opened: false } });
  });

  it('refuses input deeper, fuller or larger than its channel before the structured clone; nothing is left waiting', async () => {
    const { core } = await start();
    let deep: unknown = 'x';
    for (let i = 0; i < 5_000; i += 1) deep = { language: deep };
    expect(await core.call('settings:update', deep, 'page-1')).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Invalid input: nested too deeply' } });
    const keys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(await core.call('settings:update', keys, 'page-1')).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Invalid input: too many keys or elements' } });
    expect(await core.call('roster:import', { csv: 'x'.repeat(13 * 1024 * 1024) }, 'page-1')).toEqual({ ok: false, error: { code: 'too_large', message: 'Request too large' } });
    expect(await core.call('settings:update', { language: () => 'sv' }, 'page-1')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Within bounds but refused by the structured clone (a proxy): answered, forgotten.
    expect(await core.call('settings:update', new Proxy({ language: 'sv' }, {}), 'page-1')).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Invalid input: cannot be sent to the core' } });
    expect(core.pendingCount).toBe(0);
    // The worker is untouched and still answers.
    expect(await core.call('settings:update', { language: 'en' }, 'page-1')).toEqual({ ok: true, value: { language: 'en' } });
    expect(core.pendingCount).toBe(0);
  });

  it('a call that throws past the router in the worker is answered internal, not left waiting', async () => {
    const { core } = await start();
    expect(await core.call('test:throw', {}, 'page-1')).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(core.pendingCount).toBe(0);
    expect(await core.call('vault:status', {}, 'page-1')).toMatchObject({ ok: true });
  });

  it('a call past its timeout is answered and forgotten; its late answer is dropped', async () => {
    const timers = new HandTimers();
    const { core } = await start({ timers });
    const { hung } = await hangNextCall();
    const hanging = core.call('vault:status', {}, 'page-1');
    await hung;
    expect(core.pendingCount).toBe(1);
    expect([...timers.live.values()].map((timer) => timer.ms)).toEqual([10 * 60_000]);
    timers.fireAll();
    expect(await hanging).toEqual({ ok: false, error: { code: 'internal', message: 'The core did not answer in time' } });
    expect(core.pendingCount).toBe(0);
    await releaseHung();
    // The late answer finds nothing waiting, and the next call gets its own answer.
    expect(await core.call('vault:status', {}, 'page-1')).toMatchObject({ ok: true, value: { state: 'absent' } });
    expect(core.pendingCount).toBe(0);
    expect(timers.live.size).toBe(0);
  });

  it("a page session's waiting calls are answered and forgotten when it ends; others wait on", async () => {
    const { core } = await start();
    const { hung } = await hangNextCall();
    const hanging = core.call('vault:status', {}, 'page-1');
    const other = core.call('vault:status', {}, 'page-2');
    await hung;
    await until(() => core.pendingCount === 2);
    core.endSession('page-1');
    expect(await hanging).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'The session ended' } });
    expect(core.pendingCount).toBe(1);
    await releaseHung();
    expect(await other).toMatchObject({ ok: true });
    expect(core.pendingCount).toBe(0);
  });

  it("keeps nothing of a call's input on the host side once it is sent", async () => {
    const { core } = await start();
    const { hung } = await hangNextCall();
    // Made in a function of its own, so that only the WeakRef stays here.
    const send = (): { answer: Promise<unknown>; input: WeakRef<object> } => {
      const input = { csv: 'x'.repeat(2_000_000) };
      return { answer: core.call('roster:import', input, 'page-1'), input: new WeakRef(input) };
    };
    const { answer, input } = send();
    await hung;
    await collectGarbage();
    // Still waiting for the worker, and the 2 MB input already gone from this thread.
    expect(core.pendingCount).toBe(1);
    expect(input.deref()).toBeUndefined();
    await releaseHung();
    expect(await answer).toEqual({ ok: true, value: 'late' });
    expect(core.pendingCount).toBe(0);
  });
});
