import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../app-core';
import { type CorePort, inProcessCore } from '../../core/core-port';
import { inputBounds } from '../../ipc/input-bounds';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { useTempDirs } from '../../test-support/temp-dir';
import { FLOOR_KDF } from '../../vault/test-support/fast-kdf';
import { BrowserHost, DEFAULT_HOST_LIMITS, type HostLimits } from './server';
import { HEARTBEAT_TIMEOUT_MS, PULSE_HOLD_MS, RESUME_WINDOW_MS } from './sessions';

const tempDir = useTempDirs();
const hosts: BrowserHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP so the test controls Host and Origin exactly (fetch would not let it forge them). */
function request(port: number, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A raw socket: what it receives until the server closes it (or `stopAt` is seen). */
function rawExchange(port: number, send: string, stopAt?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (stopAt && text.includes(stopAt)) socket.destroy();
    });
    socket.on('close', () => resolve(text));
    // A socket the server closes at once may be reset rather than ended: the same answer, none.
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(text) : reject(error)));
    socket.write(send);
  });
}

/**
 * Sends headers and only `sent` of a body whose length says more, then waits for the answer:
 * the host must answer without waiting for (or reading) the rest.
 */
function partialBody(port: number, urlPath: string, headers: Record<string, string>, declared: number, sent: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: urlPath, headers: { ...headers, 'Content-Length': String(declared) }, setHost: false, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(sent);
  });
}

/** A body sent in chunks (no Content-Length), stopping when the host answers. */
function chunkedBody(port: number, urlPath: string, headers: Record<string, string>, chunk: string, maxChunks: number): Promise<Reply & { chunksSent: number }> {
  return new Promise((resolve, reject) => {
    let chunksSent = 0;
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: urlPath, headers, setHost: false, agent: false }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, chunksSent });
        req.destroy();
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = (): void => {
      while (!answered && chunksSent < maxChunks) {
        chunksSent += 1;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

async function startHost(options: { limits?: Partial<HostLimits>; wrapCore?: (core: CorePort) => CorePort } = {}) {
  // The page folder sits inside a temp folder that also holds a file the host must never serve.
  const parent = await tempDir();
  const staticDir = path.join(parent, 'static');
  await fs.mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Teamvalv</title>');
  await fs.writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const outside = path.join(parent, 'outside.txt');
  await fs.writeFile(outside, 'OUTSIDE-MARKER');
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const logger = new MemoryLogger();
  const ended: string[] = [];
  const core = await createAppCore({ host: 'browser', dataDir: await tempDir(), clock, logger, kdf: FLOOR_KDF });
  const port = options.wrapCore ? options.wrapCore(inProcessCore(core)) : inProcessCore(core);
  const limits = options.limits ? { limits: options.limits } : {};
  const host = new BrowserHost({ core: port, clock, logger, staticDir, port: 0, onSessionEnded: (reason) => ended.push(reason), ...limits });
  await host.listen();
  hosts.push(host);
  const own = { Host: `127.0.0.1:${host.port}`, Origin: host.origin, 'Content-Type': 'application/json' };
  const launch = async (): Promise<string> => {
    const code = new URL(host.issueLaunchUrl()).hash.replace('#launch=', '');
    const reply = await request(host.port, 'POST', '/session/exchange', own, JSON.stringify({ code }));
    expect(reply.status).toBe(200);
    return (JSON.parse(reply.body) as { secret: string }).secret;
  };
  /** A launch that also returns the reload ticket. */
  const launchWithTicket = async (): Promise<{ secret: string; ticket: string }> => {
    const code = new URL(host.issueLaunchUrl()).hash.replace('#launch=', '');
    const reply = await request(host.port, 'POST', '/session/exchange', own, JSON.stringify({ code }));
    expect(reply.status).toBe(200);
    return JSON.parse(reply.body) as { secret: string; ticket: string };
  };
  return { host, core, clock, logger, own, launch, launchWithTicket, ended, outside: path.basename(outside) };
}

describe('BrowserHost', () => {
  it('listens on 127.0.0.1 only and issues the documented launch URL', async () => {
    const { host } = await startHost();
    expect(host.issueLaunchUrl()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#launch=[A-Za-z0-9_-]{43}$`));
  });

  it('serves the page with no-store, a strict CSP and no CORS', async () => {
    const { host, own } = await startHost();
    const reply = await request(host.port, 'GET', '/', { Host: own.Host });
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a wrong Host header (DNS rebinding) and a wrong or missing Origin', async () => {
    const { host, own, launch } = await startHost();
    const secret = await launch();
    const auth = { ...own, 'X-Teamvalv-Session': secret };
    expect((await request(host.port, 'GET', '/', { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await request(host.port, 'GET', '/', { Host: `localhost:${host.port}` })).status).toBe(403);
    expect((await request(host.port, 'POST', '/rpc/app:info', { ...auth, Host: 'evil.example' }, '{}')).status).toBe(403);
    expect((await request(host.port, 'POST', '/rpc/app:info', { ...auth, Origin: 'http://evil.example' }, '{}')).status).toBe(403);
    expect((await request(host.port, 'POST', '/rpc/app:info', { ...auth, Origin: 'null' }, '{}')).status).toBe(403);
    const { Origin: _dropped, ...noOrigin } = auth;
    expect((await request(host.port, 'POST', '/rpc/app:info', noOrigin, '{}')).status).toBe(403);
    expect((await request(host.port, 'POST', '/rpc/app:info', auth, '{}')).status).toBe(200);
  });

  it('answers RPC without a session with 401', async () => {
    const { host, own } = await startHost();
    const reply = await request(host.port, 'POST', '/rpc/app:info', own, '{}');
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const forged = await request(host.port, 'POST', '/rpc/app:info', { ...own, 'X-Teamvalv-Session': 'abc.def' }, '{}');
    expect(forged.status).toBe(401);
  });

  it('accepts RPC only as POST with a JSON body', async () => {
    const { host, own, launch } = await startHost();
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    expect((await request(host.port, 'PUT', '/rpc/app:info', auth, '{}')).status).toBe(405);
    expect((await request(host.port, 'OPTIONS', '/rpc/app:info', auth)).status).toBe(405);
    expect((await request(host.port, 'GET', '/rpc/app:info', { Host: own.Host })).status).toBe(404);
    expect((await request(host.port, 'POST', '/rpc/app:info', { ...auth, 'Content-Type': 'text/plain' }, '{}')).status).toBe(415);
    expect((await request(host.port, 'POST', '/rpc/app:info', auth, '{not json')).status).toBe(400);
    const huge = JSON.stringify({ language: 'x'.repeat(1024 * 1024 + 10) });
    expect((await request(host.port, 'POST', '/rpc/settings:update', auth, huge)).status).toBe(413);
  });

  it('exchanges a launch code exactly once', async () => {
    const { host, own } = await startHost();
    const code = new URL(host.issueLaunchUrl()).hash.replace('#launch=', '');
    const first = await request(host.port, 'POST', '/session/exchange', own, JSON.stringify({ code }));
    const second = await request(host.port, 'POST', '/session/exchange', own, JSON.stringify({ code }));
    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
    expect(second.body).not.toContain('secret');
  });

  it('routes RPC through the contract: typed errors for bad input and unknown channels', async () => {
    const { host, own, launch } = await startHost();
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    const info = JSON.parse((await request(host.port, 'POST', '/rpc/app:info', auth, '{}')).body);
    expect(info).toMatchObject({ ok: true, value: { name: 'Teamvalv', host: 'browser' } });
    const bad = JSON.parse((await request(host.port, 'POST', '/rpc/settings:update', auth, '{"language":"fi"}')).body);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = JSON.parse((await request(host.port, 'POST', '/rpc/vault:dump', auth, '{}')).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const updated = JSON.parse((await request(host.port, 'POST', '/rpc/settings:update', auth, '{"language":"en"}')).body);
    expect(updated).toEqual({ ok: true, value: { language: 'en' } });
  });

  it('never redirects and never serves files outside the page folder', async () => {
    const { host, own, outside } = await startHost();
    for (const urlPath of ['/assets', '//example.org/', '/..%2f' + outside, '/../' + outside, '/%2e%2e/' + outside, '/nothing']) {
      const reply = await request(host.port, 'GET', urlPath, { Host: own.Host });
      expect(reply.status, urlPath).toBe(404);
      expect(reply.headers.location, urlPath).toBeUndefined();
      expect(reply.body, urlPath).not.toContain('OUTSIDE-MARKER');
    }
    expect((await request(host.port, 'GET', '/assets/app.js', { Host: own.Host })).headers['content-type']).toContain('text/javascript');
  });

  it('ends a session whose page stops sending heartbeats', async () => {
    const { host, own, launch, clock, ended } = await startHost();
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    clock.advance(HEARTBEAT_TIMEOUT_MS - 1000);
    expect((await request(host.port, 'POST', '/session/heartbeat', auth, '{}')).status).toBe(204);
    clock.advance(HEARTBEAT_TIMEOUT_MS - 1000);
    host.sessions.sweep();
    expect(ended).toEqual([]);
    clock.advance(2000);
    host.sessions.sweep();
    expect(ended).toEqual(['heartbeat-lost']);
    expect((await request(host.port, 'POST', '/rpc/app:info', auth, '{}')).status).toBe(401);
  });

  it('ends a session on close', async () => {
    const { host, own, launch, ended } = await startHost();
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    expect((await request(host.port, 'POST', '/session/close', auth, '{}')).status).toBe(204);
    expect(ended).toEqual(['closed']);
    expect((await request(host.port, 'POST', '/session/heartbeat', auth, '{}')).status).toBe(401);
  });

  it('streams events to the page as JSON lines', async () => {
    const { host, own, launch } = await startHost();
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    const received = new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/events', headers: auth, setHost: false }, (res) => {
        res.setEncoding('utf8');
        res.once('data', (chunk: string) => {
          resolve(chunk);
          res.destroy();
        });
        // Emit only once the stream is open, so the event cannot race the subscription.
        host.emit('host:shutdown', { reason: 'quit' });
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(JSON.parse((await received).trim())).toEqual({ event: 'host:shutdown', payload: { reason: 'quit' } });
  });

  it('locks the vault when the last page goes away, and tells open pages', async () => {
    const { host, core, own, launch } = await startHost();
    const first = { ...own, 'X-Teamvalv-Session': await launch() };
    const second = { ...own, 'X-Teamvalv-Session': await launch() };
    const setup = { orgName: 'Team', orgNumber: '212000-2627', adminUsername: 'chair', adminDisplayName: 'Kim', password: 'ett långt lösenord här' };
    expect(JSON.parse((await request(host.port, 'POST', '/rpc/vault:setup', first, JSON.stringify(setup))).body)).toMatchObject({ ok: true });
    expect(core.vault.state).toBe('unlocked');
    // The account is resolved per call from the unlocked vault.
    expect(JSON.parse((await request(host.port, 'POST', '/rpc/vault:touch', first, '{}')).body)).toEqual({ ok: true, value: {} });
    await request(host.port, 'POST', '/session/close', first, '{}');
    expect(core.vault.state).toBe('unlocked'); // one page is still open
    await request(host.port, 'POST', '/session/close', second, '{}');
    expect(core.vault.state).toBe('locked');
  });

  it('refuses request targets that are not origin-form with 400, not 500', async () => {
    const { host, own } = await startHost();
    for (const target of ['http://x/', `http://127.0.0.1:${host.port}/`, '*', 'x']) {
      for (const method of ['GET', 'OPTIONS', 'POST']) {
        const answer = await rawExchange(host.port, `${method} ${target} HTTP/1.1\r\nHost: ${own.Host}\r\nOrigin: ${own.Origin}\r\nContent-Length: 0\r\n\r\n`);
        expect(answer, `${method} ${target}`).toMatch(/^HTTP\/1\.1 400 /);
      }
    }
    // The host still answers ordinary requests.
    expect((await request(host.port, 'GET', '/', { Host: own.Host })).status).toBe(200);
  });

  it('checks the session before reading a body: no session, 401 before the body is sent', async () => {
    const { host, own } = await startHost();
    // Declares 20 MB, sends 10 bytes: the answer comes without the host waiting for the rest.
    const reply = await partialBody(host.port, '/rpc/handover:import', { ...own, 'X-Teamvalv-Session': 'abc.def' }, 20_000_000, '{"teamId":');
    expect(reply.status).toBe(401);
    expect(reply.headers.connection).toBe('close');
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it("answers a body larger than its channel's largest input with 413 too_large, declared or streamed", async () => {
    const { host, own, launch } = await startHost();
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    const tooLarge = { ok: false, error: { code: 'too_large', message: 'Request too large' } };
    // Declared: refused before a byte of the body is read.
    const declared = await partialBody(host.port, '/rpc/settings:update', auth, inputBounds('settings:update').bytes + 1, '{');
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual(tooLarge);
    const packet = await partialBody(host.port, '/rpc/handover:import', auth, 40_000_000, '{');
    expect(packet.status).toBe(413);
    // Streamed without a length: refused at the first chunk past the bound, not read to the end.
    const streamed = await chunkedBody(host.port, '/rpc/vault:status', auth, ' '.repeat(256), 100_000);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toEqual(tooLarge);
    expect(streamed.chunksSent).toBeLessThan(100_000);
  });

  it('lets the large channels through: a 2 MiB roster file and a 20 MB packet reach the router', async () => {
    const { host, own, launch } = await startHost();
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    const roster = await request(host.port, 'POST', '/rpc/roster:import', auth, JSON.stringify({ csv: 'förnamn;efternamn\n'.repeat(110_000) }));
    expect(roster.status).toBe(200);
    // Past the size check and the schema: refused only because nobody is signed in.
    expect(JSON.parse(roster.body)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const packet = await request(host.port, 'POST', '/rpc/handover:import', auth, JSON.stringify({ teamId: '00000000-0000-4000-8000-000000000001', fileName: 'paket.tvp', base64: 'A'.repeat(20_000_000) }));
    expect(packet.status).toBe(200);
    expect(JSON.parse(packet.body)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('answers deep nesting and huge key counts with 400 invalid_input before parsing', async () => {
    const { host, own, launch } = await startHost();
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    const deep = `{"base64":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const deepReply = await request(host.port, 'POST', '/rpc/handover:import', auth, deep);
    expect(deepReply.status).toBe(400);
    expect(JSON.parse(deepReply.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Invalid input: nested too deeply' } });
    const keys = `{${Array.from({ length: 200_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    const keysReply = await request(host.port, 'POST', '/rpc/handover:import', auth, keys);
    expect(keysReply.status).toBe(400);
    expect(JSON.parse(keysReply.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Invalid input: too many keys or elements' } });
    // A stray closer is not JSON.
    expect((await request(host.port, 'POST', '/rpc/vault:status', auth, ']]][[[')).status).toBe(400);
  });

  it('caps event streams per session (429) and connections (Node closes the extra socket)', async () => {
    const { host, own, launch } = await startHost({ limits: { maxConnections: 6 } });
    const auth = { ...own, 'X-Teamvalv-Session': await launch() };
    const open = (): Promise<http.IncomingMessage> =>
      new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/events', headers: auth, setHost: false, agent: false }, resolve);
        req.on('error', reject);
        req.end('{}');
      });
    const streams = [await open(), await open()];
    expect(streams.map((stream) => stream.statusCode)).toEqual([200, 200]);
    const third = await open();
    expect(third.statusCode).toBe(429);
    third.resume();
    // Another page session has its own allowance.
    const other = { ...own, 'X-Teamvalv-Session': await launch() };
    expect((await request(host.port, 'POST', '/session/heartbeat', other, '{}')).status).toBe(204);
    // Connections: two streams are open; four idle sockets fill the cap, the next is closed unanswered.
    const idle = await Promise.all(
      Array.from({ length: 4 }, () => new Promise<net.Socket>((resolve) => {
        const socket = net.connect(host.port, '127.0.0.1', () => resolve(socket));
      })),
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await rawExchange(host.port, `GET / HTTP/1.1\r\nHost: ${own.Host}\r\n\r\n`)).toBe('');
    idle[0]?.destroy();
    await new Promise<void>((resolve) => idle[0]?.once('close', () => resolve()));
    for (const stream of streams) stream.destroy();
    for (const socket of idle) socket.destroy();
  });

  it('gives Node the timeouts, checked every second (its default of 30 s let a 10 s header timeout bite after ~32 s)', async () => {
    const { host } = await startHost();
    expect(host.limits).toEqual(DEFAULT_HOST_LIMITS);
    expect(host.serverTimeouts).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, maxConnections: 64 });
    expect(host.limits.timeoutCheckIntervalMs).toBeLessThanOrEqual(1_000);
  });

  it('cuts a client that sends its headers or its body too slowly (small configured timeouts)', async () => {
    const { host, own } = await startHost({ limits: { headersTimeoutMs: 150, requestTimeoutMs: 300, timeoutCheckIntervalMs: 20 } });
    expect(host.serverTimeouts).toMatchObject({ headersTimeout: 150, requestTimeout: 300 });
    // Headers never finished: Node answers 408 and closes.
    expect(await rawExchange(host.port, `POST /rpc/app:info HTTP/1.1\r\nHost: ${own.Host}\r\n`)).toMatch(/^HTTP\/1\.1 408 /);
    // Headers done, body never finished.
    expect(await rawExchange(host.port, `POST /session/exchange HTTP/1.1\r\nHost: ${own.Host}\r\nOrigin: ${own.Origin}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"code":`)).toMatch(/408|^$/);
  });

  it('tells the core when a page session ends, so its waiting calls are answered and forgotten', async () => {
    const endedSessions: string[] = [];
    const { host, own, launch } = await startHost({ wrapCore: (core) => ({ ...core, endSession: (id) => endedSessions.push(id) }) });
    const secret = await launch();
    await request(host.port, 'POST', '/session/close', { ...own, 'X-Teamvalv-Session': secret }, '{}');
    expect(endedSessions).toEqual([secret.split('.')[0]]);
  });

  describe('pulses (the page worker keeps its session alive while the page itself is blocked)', () => {
    /** Sends a pulse; resolves with its status once the host answers it. */
    function pulse(port: number, headers: Record<string, string>): { answered: Promise<number>; arrived: Promise<void>; abort(): void } {
      let abort = (): void => undefined;
      let arrivedResolve = (): void => undefined;
      const arrived = new Promise<void>((resolve) => (arrivedResolve = resolve));
      const answered = new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/session/pulse', headers, setHost: false, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(0) : reject(error)));
        // The body is sent whole; 'finish' is when the host has it to read (it then holds the answer).
        req.on('finish', () => arrivedResolve());
        req.end('{}');
        abort = () => req.destroy();
      });
      return { answered, arrived, abort };
    }

    /** Waits until the host has logged `message` (its sockets' events arrive on later turns). */
    async function logged(logger: MemoryLogger, message: string): Promise<void> {
      for (let i = 0; i < 200 && !logger.lines.some((line) => line.message === message); i++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(logger.lines.map((line) => line.message)).toContain(message);
    }

    /** Waits until the host holds `count` pulses (it logs each at debug level). */
    async function heldPulses(logger: MemoryLogger, count: number): Promise<void> {
      for (let i = 0; i < 200 && logger.lines.filter((line) => line.message === 'page pulse').length < count; i++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(logger.lines.filter((line) => line.message === 'page pulse')).toHaveLength(count);
    }

    it('holds a pulse until PULSE_HOLD_MS of the host clock have passed, then answers 204', async () => {
      const { host, own, launch, clock, logger } = await startHost();
      const auth = { ...own, 'X-Teamvalv-Session': await launch() };
      const first = pulse(host.port, auth);
      let status = 0;
      void first.answered.then((value) => (status = value));
      await heldPulses(logger, 1);
      clock.advance(PULSE_HOLD_MS - 1);
      host.tick();
      await new Promise((resolve) => setImmediate(resolve));
      expect(status).toBe(0);
      clock.advance(1);
      host.tick();
      expect(await first.answered).toBe(204);
    });

    it('keeps a session alive past the heartbeat timeout while its pulse is held, and ends it once the pulse is gone', async () => {
      const { host, own, launch, clock, logger, ended } = await startHost();
      const auth = { ...own, 'X-Teamvalv-Session': await launch() };
      const held = pulse(host.port, auth);
      await heldPulses(logger, 1);
      // The page's main thread is blocked (a dialog): no new requests, but its worker's pulse is
      // held. 200 s in one step: the session stays.
      clock.advance(200_000);
      host.tick();
      expect(ended).toEqual([]);
      expect(await held.answered).toBe(204);
      // The worker asks again at once.
      const again = pulse(host.port, auth);
      await heldPulses(logger, 2);
      // The browser is killed: its connection closes and no pulse follows. The session ends once
      // PULSE_HOLD_MS has passed without one (a living worker asks again within seconds).
      again.abort();
      await again.answered.catch(() => 0);
      await logged(logger, 'page pulse closed by the page');
      expect(host.heldPulses).toBe(0);
      clock.advance(PULSE_HOLD_MS - 1);
      host.tick();
      expect(ended).toEqual([]);
      clock.advance(1);
      host.tick();
      expect(ended).toEqual(['closed']);
      expect(logger.lines.filter((line) => line.message === 'page gone: its pulse closed and none followed')).toHaveLength(1);
    });

    it('a pulse closed by the page and followed by another within PULSE_HOLD_MS keeps the session (a worker that retried)', async () => {
      const { host, own, launch, clock, logger, ended } = await startHost();
      const auth = { ...own, 'X-Teamvalv-Session': await launch() };
      const first = pulse(host.port, auth);
      await heldPulses(logger, 1);
      first.abort();
      await first.answered.catch(() => 0);
      await logged(logger, 'page pulse closed by the page');
      clock.advance(PULSE_HOLD_MS - 1);
      host.tick();
      const next = pulse(host.port, auth);
      await heldPulses(logger, 2);
      clock.advance(HEARTBEAT_TIMEOUT_MS);
      host.tick();
      expect(ended).toEqual([]);
      expect(await next.answered).toBe(204);
      expect((await request(host.port, 'POST', '/rpc/app:info', auth, '{}')).status).toBe(200);
    });

    it('a page gone without its goodbye locks the vault when it was the last, and its reload ticket still starts a locked session', async () => {
      const { host, core, own, launchWithTicket, clock, logger, ended } = await startHost();
      const page = await launchWithTicket();
      const auth = { ...own, 'X-Teamvalv-Session': page.secret };
      const setup = { orgName: 'Team', orgNumber: '212000-2627', adminUsername: 'chair', adminDisplayName: 'Kim', password: 'ett långt lösenord här' };
      expect(JSON.parse((await request(host.port, 'POST', '/rpc/vault:setup', auth, JSON.stringify(setup))).body)).toMatchObject({ ok: true });
      expect(core.vault.state).toBe('unlocked');
      const held = pulse(host.port, auth);
      await heldPulses(logger, 1);
      held.abort();
      await held.answered.catch(() => 0);
      await logged(logger, 'page pulse closed by the page');
      clock.advance(PULSE_HOLD_MS);
      host.tick();
      expect(ended).toEqual(['closed']);
      await logged(logger, 'vault locked');
      expect(core.vault.state).toBe('locked');
      expect((await request(host.port, 'POST', '/rpc/app:info', auth, '{}')).status).toBe(401);
      // pagehide may have left the ticket in the tab before the goodbye was lost: it still works, once.
      expect((await request(host.port, 'POST', '/session/resume', own, JSON.stringify({ ticket: page.ticket }))).status).toBe(200);
    });

    it('without a pulse (a page whose only beats come from its blocked main thread), 200 s ends the session', async () => {
      const { host, own, launch, clock, ended } = await startHost();
      const auth = { ...own, 'X-Teamvalv-Session': await launch() };
      expect((await request(host.port, 'POST', '/session/heartbeat', auth, '{}')).status).toBe(204);
      clock.advance(200_000);
      host.tick();
      expect(ended).toEqual(['heartbeat-lost']);
    });

    it('answers a held pulse with 401 when its session ends, and caps pulses per session', async () => {
      const { host, own, launch, logger } = await startHost({ limits: { maxEventStreamsPerSession: 1 } });
      const auth = { ...own, 'X-Teamvalv-Session': await launch() };
      const held = pulse(host.port, auth);
      await heldPulses(logger, 1);
      expect((await request(host.port, 'POST', '/session/pulse', auth, '{}')).status).toBe(429);
      expect((await request(host.port, 'POST', '/session/close', auth, '{}')).status).toBe(204);
      expect(await held.answered).toBe(401);
      expect((await request(host.port, 'POST', '/session/pulse', auth, '{}')).status).toBe(401);
    });
  });

  describe('reload (F5): a reload ticket starts one new session, at the lock screen', () => {
    const setup = { orgName: 'Team', orgNumber: '212000-2627', adminUsername: 'chair', adminDisplayName: 'Kim', password: 'ett långt lösenord här' };

    it('locks the vault before the new session gets its secret, even when another page kept it unlocked', async () => {
      const { host, core, own, launch, launchWithTicket, ended } = await startHost();
      const reloading = await launchWithTicket();
      const other = { ...own, 'X-Teamvalv-Session': await launch() };
      const first = { ...own, 'X-Teamvalv-Session': reloading.secret };
      expect(JSON.parse((await request(host.port, 'POST', '/rpc/vault:setup', first, JSON.stringify(setup))).body)).toMatchObject({ ok: true });
      // The reload: pagehide closes the session (another page keeps the vault unlocked) …
      expect((await request(host.port, 'POST', '/session/close', first, '{}')).status).toBe(204);
      expect(core.vault.state).toBe('unlocked');
      // … and the reloaded page spends its ticket.
      const reply = await request(host.port, 'POST', '/session/resume', own, JSON.stringify({ ticket: reloading.ticket }));
      expect(reply.status).toBe(200);
      const granted = JSON.parse(reply.body) as { secret: string; ticket: string };
      expect(core.vault.state).toBe('locked');
      const resumed = { ...own, 'X-Teamvalv-Session': granted.secret };
      const status = JSON.parse((await request(host.port, 'POST', '/rpc/vault:status', resumed, '{}')).body) as { ok: boolean; value?: { state?: string } };
      expect(status).toMatchObject({ ok: true, value: { state: 'locked' } });
      // The old secret is dead; the other page keeps its session (now at the lock screen too).
      expect((await request(host.port, 'POST', '/rpc/app:info', first, '{}')).status).toBe(401);
      expect((await request(host.port, 'POST', '/rpc/app:info', other, '{}')).status).toBe(200);
      // Spent.
      expect((await request(host.port, 'POST', '/session/resume', own, JSON.stringify({ ticket: reloading.ticket }))).status).toBe(401);
      expect(ended).toEqual(['closed']);
      // The new session has its own ticket for the next reload.
      expect(granted.ticket.split('.')[0]).toBe(granted.secret.split('.')[0]);
    });

    it('refuses a ticket past the window, one from a session ended for silence, a missing Origin, and a launch code', async () => {
      const { host, own, launchWithTicket, clock } = await startHost();
      const late = await launchWithTicket();
      await request(host.port, 'POST', '/session/close', { ...own, 'X-Teamvalv-Session': late.secret }, '{}');
      clock.advance(RESUME_WINDOW_MS + 1);
      expect((await request(host.port, 'POST', '/session/resume', own, JSON.stringify({ ticket: late.ticket }))).status).toBe(401);
      const silent = await launchWithTicket();
      clock.advance(HEARTBEAT_TIMEOUT_MS + 1);
      host.tick();
      expect((await request(host.port, 'POST', '/session/resume', own, JSON.stringify({ ticket: silent.ticket }))).status).toBe(401);
      const fresh = await launchWithTicket();
      await request(host.port, 'POST', '/session/close', { ...own, 'X-Teamvalv-Session': fresh.secret }, '{}');
      const { Origin: _dropped, ...noOrigin } = own;
      expect((await request(host.port, 'POST', '/session/resume', noOrigin, JSON.stringify({ ticket: fresh.ticket }))).status).toBe(403);
      const code = new URL(host.issueLaunchUrl()).hash.replace('#launch=', '');
      expect((await request(host.port, 'POST', '/session/resume', own, JSON.stringify({ ticket: code }))).status).toBe(401);
      expect((await request(host.port, 'POST', '/session/resume', own, JSON.stringify({ ticket: fresh.ticket }))).status).toBe(200);
    });
  });
});
