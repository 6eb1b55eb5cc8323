import path from 'node:path';
import readline from 'node:readline';
import { runBrowserHost } from '../../main/host/browser/run';
import { ManualClock } from '../../main/runtime/clock';
import { FLOOR_KDF } from '../../main/vault/test-support/fast-kdf';

/**
 * The browser host as the tests run it: the same runBrowserHost, but with a clock the test moves
 * by writing `advance <ms>` lines to stdin (each followed by the host's timer work). This file is
 * bundled only by the e2e tests; the product has no clock channel, flag or environment variable.
 */
const clock = new ManualClock(new Date());
const code = await runBrowserHost(process.argv.slice(2), path.resolve('out/renderer'), {
  clock,
  kdf: FLOOR_KDF,
  onStarted: (host) => {
    readline.createInterface({ input: process.stdin }).on('line', (line) => {
      const match = /^advance (\d+)$/.exec(line.trim());
      if (!match) return;
      clock.advance(Number(match[1]));
      host.tick();
      process.stderr.write(`${JSON.stringify({ level: 'info', fn: 'test-host', message: 'advanced', ms: Number(match[1]) })}\n`);
    });
  },
});
process.exit(code);
