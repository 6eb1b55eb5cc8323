import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { startCoreWorker } from '../../../core/worker-core';
import { ManualClock } from '../../../runtime/clock';
import type { LogLevel, Logger } from '../../../runtime/log';
import type { FromFuzzChild, ToFuzzChild } from '../../../test-support/hostile-bodies';
import { BrowserHost } from '../server';

/**
 * The browser host of the hostile-bodies fuzz, in a Node process of its own (bundled and forked
 * by main/test-support/hostile-bodies.ts with `--expose-gc`): argv is the core worker bundle, a
 * data folder and a page folder. It sets up a vault, opens a page session, tells the test the
 * address and the session, and answers `stats` with its memory after a full collection.
 */

/** Counts log lines instead of keeping them: the run measures this process's memory. */
class CountingLogger implements Logger {
  readonly counts = new Map<string, number>();
  log(level: LogLevel, _where: string, message: string): void {
    const key = `${level} ${message}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

const say = (message: FromFuzzChild): void => {
  process.send?.(message);
};

function post(port: number, urlPath: string, headers: Record<string, string>, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: urlPath, headers, setHost: false, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const [workerScript, dataDir, staticDir] = process.argv.slice(2) as [string, string, string];
const gc = (globalThis as { gc?: () => void }).gc;
const logger = new CountingLogger();
const core = await startCoreWorker({ script: workerScript, config: { host: 'browser', dataDir, idleLockMs: 24 * 60 * 60_000 }, logger });
await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Teamvalv</title>');
// The host's clock stands still: no page session expires during a run however long it takes.
const host = new BrowserHost({ core, clock: new ManualClock('2026-11-23T08:00:00Z'), logger, staticDir, port: 0 });
await host.listen();
const own = { Host: `127.0.0.1:${host.port}`, Origin: host.origin, 'Content-Type': 'application/json' };
const code = new URL(host.issueLaunchUrl()).hash.replace('#launch=', '');
const headers = { ...own, 'X-Teamvalv-Session': (JSON.parse(await post(host.port, '/session/exchange', own, JSON.stringify({ code }))) as { secret: string }).secret };
// Signed in as the admin, so a call that got past the host meets a live vault.
const setup = { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'admin', adminDisplayName: 'Anna Admin', password: 'möte varje tisdag klockan nio' };
const answer = JSON.parse(await post(host.port, '/rpc/vault:setup', headers, JSON.stringify(setup))) as { ok: boolean };
if (!answer.ok) {
  say({ kind: 'failed', reason: 'vault setup' });
  process.exit(1);
}

process.on('message', (raw) => {
  const message = raw as ToFuzzChild;
  if (message.kind === 'stats') {
    setImmediate(() => {
      gc?.();
      gc?.();
      const usage = process.memoryUsage();
      say({ kind: 'stats', stats: { rss: usage.rss, heapUsed: usage.heapUsed, pending: core.pendingCount } });
    });
    return;
  }
  void (async () => {
    await host.close();
    await core.close();
    process.exit(0);
  })();
});
say({ kind: 'ready', target: { port: host.port, headers } });
