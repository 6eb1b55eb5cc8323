import { BroadcastChannel } from 'node:worker_threads';
import type { AppCore } from '../../app-core';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { FLOOR_KDF } from '../../vault/test-support/fast-kdf';
import { runCoreWorker } from '../worker';
import { TEST_WORKER_CHANNEL } from './test-worker-channel';

/**
 * A core worker for the unit tests of WorkerCore (bundled by build-worker.ts, never shipped): the
 * product's runCoreWorker with a manual clock, the floor KDF, one extra channel name,
 * `test:crash`, that ends the thread in the middle of a call the way a native crash would, and a
 * BroadcastChannel that moves the clock or makes the next lock fail.
 */
const clock = new ManualClock('2026-11-23T08:00:00Z');
await runCoreWorker({
  clock,
  logger: new MemoryLogger(),
  kdf: FLOOR_KDF,
  onReady: (app) => {
    const call = app.call.bind(app);
    // Test-only: the worker ends while the host waits for this call's answer.
    (app as { call: AppCore['call'] }).call = (channel, input, sessionId) => {
      if (channel === 'test:crash') process.exit(70);
      return call(channel, input, sessionId);
    };
    const channel = new BroadcastChannel(TEST_WORKER_CHANNEL);
    channel.unref();
    channel.onmessage = (event) => {
      const message = (event as { data?: { kind?: string; ms?: number } }).data ?? {};
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
