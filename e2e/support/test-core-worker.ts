import { BroadcastChannel } from 'node:worker_threads';
import { runCoreWorker } from '../../main/core/worker';
import { ManualClock } from '../../main/runtime/clock';
import { createStderrLogger } from '../../main/runtime/log';
import { FLOOR_KDF } from '../../main/vault/test-support/fast-kdf';
import { TEST_CLOCK_CHANNEL } from './test-clock-channel';

/**
 * The core worker as the e2e tests run it: the product's runCoreWorker with a manual clock and the
 * floor KDF. The test host (test-host-entry.ts) moves the clock over a BroadcastChannel; this
 * worker advances it, runs the vault's timer work and answers with the vault's state after it. Bundled only by the e2e tests.
 */
const clock = new ManualClock(new Date());
await runCoreWorker({
  clock,
  logger: createStderrLogger(clock),
  kdf: FLOOR_KDF,
  onReady: (app) => {
    const channel = new BroadcastChannel(TEST_CLOCK_CHANNEL);
    channel.onmessage = (event) => {
      const message = (event as { data?: { kind?: string; ms?: number; id?: number } }).data ?? {};
      if (message.kind !== 'advance' || typeof message.ms !== 'number') return;
      clock.advance(message.ms);
      app.vault.tick();
      // What the timer work did, read here in the same turn: 'unlocked', a lock begun ('locking:idle'), 'locked'.
      const pending = app.vault.pendingLockReason;
      const vault = pending ? `locking:${pending}` : app.vault.state;
      channel.postMessage({ kind: 'advanced', id: message.id, vault });
    };
    channel.unref();
  },
});
