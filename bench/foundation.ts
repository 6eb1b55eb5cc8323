import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type AppCore, createAppCore } from '../main/app-core';
import { type WorkerCore, startCoreWorker } from '../main/core/worker-core';
import { BrowserHost } from '../main/host/browser/server';
import type { CallerSession } from '../main/ipc/session';
import { systemClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { type Measurement, measure } from './measure';

let core: AppCore;
let worker: WorkerCore;
let host: BrowserHost;
let dataDir: string;
let headers: Record<string, string>;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const session: CallerSession = { host: 'browser', sessionId: 'bench', account: null };

function post(urlPath: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: urlPath, headers, agent, setHost: false }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Foundation figures: the router alone, a refused call, and a full loopback HTTP round trip
 * through the core worker, as the browser host runs it.
 */
export async function runFoundationBench(workerScript: URL): Promise<Measurement[]> {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-bench-'));
  const staticDir = path.join(dataDir, 'static');
  await fs.mkdir(staticDir);
  await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html>');
  core = await createAppCore({ host: 'browser', dataDir, clock: systemClock, logger: new MemoryLogger() });
  worker = await startCoreWorker({ script: workerScript, config: { host: 'browser', dataDir: path.join(dataDir, 'worker') }, logger: new MemoryLogger() });
  host = new BrowserHost({ core: worker, clock: systemClock, logger: new MemoryLogger(), staticDir, port: 0 });
  await host.listen();
  const code = new URL(host.issueLaunchUrl()).hash.replace('#launch=', '');
  const secret = host.sessions.exchange(code)?.secret ?? '';
  headers = { Host: `127.0.0.1:${host.port}`, Origin: host.origin, 'Content-Type': 'application/json', 'X-Teamvalv-Session': secret };
  try {
    return [
      await measure('router.dispatch app:info (validate in, handler, validate out)', 20_000, () => core.router.dispatch('app:info', {}, session)),
      await measure('router.dispatch settings:update, invalid input (refused)', 20_000, () =>
        core.router.dispatch('settings:update', { language: 'fi' }, session),
      ),
      await measure('browser host POST /rpc/app:info (loopback, keep-alive, core worker)', 3_000, () => post('/rpc/app:info', '{}')),
    ];
  } finally {
    agent.destroy();
    await host.close();
    await worker.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
