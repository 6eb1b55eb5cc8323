import { BroadcastChannel } from 'node:worker_threads';
import type { AppCore } from '../../app-core';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { FLOOR_KDF } from '../../vault/test-support/fast-kdf';
import { runCoreWorker } from '../worker';
import { TEST_WORKER_CHANNEL } from './test-worker-channel';

/**
 * A core worker for the unit tests of WorkerCore (bundled by build-worker.ts, never shipped): the
 * product's runCoreWorker with a manual clock, the floor KDF, two extra channel names —
 * `test:crash`, which ends the thread in the middle of a call the way a native crash would, and
 * `test:throw`, which throws past the router — and a BroadcastChannel that moves the clock, makes
 * the next call hang until released, or makes the next lock fail.
 */
const clock = new ManualClock('2026-11-23T08:00:00Z');
await runCoreWorker({
  clock,
  logger: new MemoryLogger(),
  kdf: FLOOR_KDF,
  onReady: (app) => {
    const call = app.call.bind(app);
    const channel = new BroadcastChannel(TEST_WORKER_CHANNEL);
    channel.unref();
    // Test-only: `test:crash` ends the worker while the host waits for this call's answer;
    // `test:throw` throws past the router; after `hang-next`, the next call answers only when the
    // test sends `release`.
    let hangNext = false;
    let release: (() => void) | null = null;
    (app as { call: AppCore['call'] }).call = (name, input, sessionId) => {
      if (name === 'test:crash') process.exit(70);
      if (name === 'test:throw') throw new RangeError('simulated stack overflow');
      if (hangNext) {
        hangNext = false;
        // Said on the BroadcastChannel, which is not ordered with the host's messages: a test
        // releases only after hearing this.
        channel.postMessage({ kind: 'hung' });
        return new Promise((resolve) => (release = () => resolve({ ok: true, value: 'late' })));
      }
      return call(name, input, sessionId);
    };
    channel.onmessage = (event) => {
      const message = (event as { data?: { kind?: string; ms?: number } }).data ?? {};
      if (message.kind === 'hang-next') {
        hangNext = true;
        channel.postMessage({ kind: 'hanging' });
        return;
      }
      if (message.kind === 'release') {
        release?.();
        release = null;
        channel.postMessage({ kind: 'released' });
        return;
      }
      if (message.kind === 'break-next-lock') {
        // Test-only: the next lock throws, as an fs error while releasing the holder lock would.
        const lock = app.vault.lock.bind(app.vault);
        app.vault.lock = () => {
          app.vault.lock = lock;
          throw new Error('simulated lock failure');
        };
        channel.postMessage({ kind: 'broken' });
        return;
      }
      if (message.kind !== 'advance' || typeof message.ms !== 'number') return;
      clock.advance(message.ms);
      app.vault.tick();
      channel.postMessage({ kind: 'advanced' });
    };
  },
});
