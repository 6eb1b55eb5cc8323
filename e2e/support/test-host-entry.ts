import path from 'node:path';
import readline from 'node:readline';
import { BroadcastChannel } from 'node:worker_threads';
import { runBrowserHost } from '../../main/host/browser/run';
import { ManualClock } from '../../main/runtime/clock';
import { TEST_CLOCK_CHANNEL } from './test-clock-channel';

/**
 * The browser host as the tests run it: the same runBrowserHost, but its core runs in the test
 * worker (test-core-worker.ts), whose clock the test moves by writing `advance <ms>` lines to
 * stdin. Each goes to the worker over a BroadcastChannel; when the worker has moved its clock and
 * run the vault's timer work, the host moves its own clock (page sessions and pulses read it), runs
 * its timer work and logs "advanced"; `end-sessions` ends every page session. Pulses are logged (debug) for tests to wait on. This file and the test
 * worker are bundled only by the e2e tests; the product has no clock channel, flag or variable.
 */
const hostClock = new ManualClock(new Date());
const code = await runBrowserHost(process.argv.slice(2), path.resolve('out/renderer'), {
  coreWorker: new URL('./test-core-worker.mjs', import.meta.url),
  clock: hostClock,
  logLevel: 'debug',
  onStarted: (host) => {
    const channel = new BroadcastChannel(TEST_CLOCK_CHANNEL);
    channel.unref();
    let nextId = 1;
    const waiting = new Map<number, number>();
    channel.onmessage = (event) => {
      const message = (event as { data?: { kind?: string; id?: number; vault?: string } }).data ?? {};
      const ms = waiting.get(message.id ?? 0);
      if (message.kind !== 'advanced' || ms === undefined) return;
      waiting.delete(message.id ?? 0);
      hostClock.advance(ms);
      host.tick();
      process.stderr.write(`${JSON.stringify({ level: 'info', fn: 'test-host', message: 'advanced', ms, vault: message.vault })}\n`);
    };
    readline.createInterface({ input: process.stdin }).on('line', (line) => {
      // `end-sessions`: every page session ends as if its page had gone silent.
      if (line.trim() === 'end-sessions') {
        host.sessions.endAll('heartbeat-lost');
        process.stderr.write(`${JSON.stringify({ level: 'info', fn: 'test-host', message: 'sessions ended' })}\n`);
        return;
      }
      const match = /^advance (\d+)$/.exec(line.trim());
      if (!match) return;
      const id = nextId++;
      waiting.set(id, Number(match[1]));
      channel.postMessage({ kind: 'advance', ms: Number(match[1]), id });
    });
  },
});
process.exit(code);
