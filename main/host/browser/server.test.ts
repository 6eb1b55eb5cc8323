import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../app-core';
import { inProcessCore } from '../../core/core-port';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { useTempDirs } from '../../test-support/temp-dir';
import { FLOOR_KDF } from '../../vault/test-support/fast-kdf';
import { BrowserHost } from './server';
import { HEARTBEAT_TIMEOUT_MS } from './sessions';

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

async function startHost() {
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
  const host = new BrowserHost({ core: inProcessCore(core), clock, logger, staticDir, port: 0, onSessionEnded: (reason) => ended.push(reason) });
  await host.listen();
  hosts.push(host);
  const own = { Host: `127.0.0.1:${host.port}`, Origin: host.origin, 'Content-Type': 'application/json' };
  const launch = async (): Promise<string> => {
    const code = new URL(host.issueLaunchUrl()).hash.replace('#launch=', '');
    const reply = await request(host.port, 'POST', '/session/exchange', own, JSON.stringify({ code }));
    expect(reply.status).toBe(200);
    return (JSON.parse(reply.body) as { secret: string }).secret;
  };
  return { host, core, clock, logger, own, launch, ended, outside: path.basename(outside) };
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
});
