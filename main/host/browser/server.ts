import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EventName, type EventPayload, events } from '../../../shared/ipc/events';
import type { IpcResult } from '../../../shared/ipc/errors';
import type { CorePort } from '../../core/core-port';
import { type InputBounds, TRANSPORT_BOUNDS, channelBoundsTable, inputBounds } from '../../ipc/input-bounds';
import { JsonShapeScanner, type ShapeViolation, shapeRefusal } from '../../ipc/json-shape';
import type { Clock } from '../../runtime/clock';
import type { Logger } from '../../runtime/log';
import { contentTypeOf } from '../../security/content-types';
import { SECURITY_HEADERS } from '../../security/csp';
import { resolveInsideRoot } from '../../security/safe-path';
import { PULSE_HOLD_MS, type SessionEndReason, SessionTable } from './sessions';

export const SESSION_HEADER = 'x-teamvalv-session';
const SWEEP_INTERVAL_MS = 5_000;
/**
 * The rest of a refused body is read and dropped (never kept), so the client, still sending,
 * gets its 413 or 400 rather than a reset connection; past this much the connection is cut.
 */
const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

/** What one page, or a misbehaving one, can hold of the host at once. */
export interface HostLimits {
  /** Open TCP connections; Node closes any further socket at once. A page uses a handful. */
  readonly maxConnections: number;
  /** Open `/events` streams per page session (a page opens one); the same cap for held pulses. */
  readonly maxEventStreamsPerSession: number;
  /** From a connection's first byte to the end of the request's headers. */
  readonly headersTimeoutMs: number;
  /** From the first byte to the end of the body (a 28 MB packet takes well under a second on loopback). */
  readonly requestTimeoutMs: number;
  /**
   * How often Node looks for requests past those two timeouts. Node's default is 30 s, so a 10 s
   * header timeout bit only after ~32 s; checked every second it bites between 10 and 11 s.
   */
  readonly timeoutCheckIntervalMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  maxConnections: 64,
  maxEventStreamsPerSession: 2,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  timeoutCheckIntervalMs: 1_000,
};


export interface BrowserHostOptions {
  /** The core worker (or, in transport tests, the core in this thread). */
  readonly core: CorePort;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Called when a page's session ends; the vault issue locks the vault when none is left. */
  readonly onSessionEnded?: (reason: SessionEndReason, remaining: number) => void;
  /** Tests use small ones; the product the defaults. */
  readonly limits?: Partial<HostLimits>;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: IpcResult<never> | string,
    /** Refused before its body was read (or part-way): the connection closes after the answer. */
    readonly close = false,
  ) {
    super(`HTTP ${status}`);
  }
}

const unauthenticated = (): HttpRefusal =>
  new HttpRefusal(401, { ok: false, error: { code: 'unauthenticated', message: 'No valid session' } }, true);

/** 413 with `too_large` for size, 400 with `invalid_input` for depth, count or a stray bracket. */
const violationRefusal = (violation: ShapeViolation): HttpRefusal => new HttpRefusal(violation === 'bytes' ? 413 : 400, shapeRefusal(violation));

/**
 * The browser host: the same router as Electron, over loopback HTTP. 127.0.0.1 only, exact Host
 * and Origin, POST-only RPC, no CORS, `Cache-Control: no-store` on everything, and never a redirect.
 */
export class BrowserHost {
  readonly #options: BrowserHostOptions;
  readonly #server: http.Server;
  readonly #sessions: SessionTable;
  readonly #streams = new Map<string, Set<http.ServerResponse>>();
  /** Pulses held open per session, with when each arrived (host clock). */
  readonly #pulses = new Map<string, Map<http.ServerResponse, number>>();
  /**
   * Sessions whose held pulse the page's side closed (not answered by us): when, on the host clock.
   * The worker asks again within seconds if it lives; if no pulse comes within PULSE_HOLD_MS, the
   * page is gone (a closed tab whose goodbye was lost with the closing browser) and its session ends.
   */
  readonly #droppedPulses = new Map<string, number>();
  readonly #limits: HostLimits;
  #port = 0;
  #sweepTimer: NodeJS.Timeout | undefined;
  readonly #unsubscribe: () => void;

  constructor(options: BrowserHostOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_HOST_LIMITS, ...options.limits };
    // Every channel's input bounds, computed now: a contract with an unbounded channel stops the start.
    channelBoundsTable();
    this.#sessions = new SessionTable(options.clock, (id, reason) => this.#sessionEnded(id, reason));
    this.#unsubscribe = options.core.subscribe((event, payload) => this.#broadcast(event, payload));
    const limits = this.#limits;
    const serverOptions: http.ServerOptions = {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    };
    this.#server = http.createServer(serverOptions, (request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        const kind = error instanceof Error ? error.name : typeof error;
        options.logger.log('error', 'BrowserHost.handle', 'request failed', { kind });
        if (!response.headersSent) this.#send(response, 500, 'Internal error');
        else response.destroy();
      });
    });
    // A slow or stuck client is cut off rather than held forever; many clients are not let in.
    this.#server.maxConnections = limits.maxConnections;
  }

  /** The limits in force (tests check the product's). */
  get limits(): HostLimits {
    return this.#limits;
  }

  /** What Node itself was told (tests check it took the timeouts). */
  get serverTimeouts(): { readonly headersTimeout: number; readonly requestTimeout: number; readonly maxConnections: number } {
    return { headersTimeout: this.#server.headersTimeout, requestTimeout: this.#server.requestTimeout, maxConnections: this.#server.maxConnections };
  }

  get port(): number {
    return this.#port;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get sessions(): SessionTable {
    return this.#sessions;
  }

  /** Pulses held open right now, over all sessions (tests wait on it). */
  get heldPulses(): number {
    let count = 0;
    for (const held of this.#pulses.values()) count += held.size;
    return count;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      // Loopback only: never 0.0.0.0, never ::, so nothing on the network can reach the vault.
      this.#server.listen(this.#options.port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    this.#sweepTimer = setInterval(() => this.tick(), SWEEP_INTERVAL_MS);
    this.#sweepTimer.unref();
  }

  /** A fresh single-use launch URL: `http://127.0.0.1:PORT/#launch=<code>`. */
  issueLaunchUrl(): string {
    return `${this.origin}/#launch=${this.#sessions.issueLaunchCode()}`;
  }

  /** Pushes a host event (such as `host:shutdown`) to every open page, checked against the contract. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.#broadcast(event, events[event].parse(payload));
  }

  #broadcast(event: EventName, payload: unknown): void {
    const line = `${JSON.stringify({ event, payload })}\n`;
    for (const streams of this.#streams.values()) for (const stream of streams) stream.write(line);
  }

  /**
   * Timer work: a session whose page holds a pulse open is alive (its worker is waiting on us, even
   * while the page's main thread is blocked by a dialog); silent sessions end; pulses held
   * PULSE_HOLD_MS are answered so the worker proves it can still ask; an idle vault locks.
   * Tests call it after moving the clock.
   */
  tick(): void {
    const now = this.#options.clock.now().getTime();
    for (const [id, held] of this.#pulses) if (held.size > 0) this.#sessions.touch(id);
    for (const [id, droppedAt] of [...this.#droppedPulses]) {
      if ((this.#pulses.get(id)?.size ?? 0) > 0) this.#droppedPulses.delete(id);
      else if (now - droppedAt >= PULSE_HOLD_MS) {
        this.#droppedPulses.delete(id);
        this.#options.logger.log('info', 'BrowserHost.tick', 'page gone: its pulse closed and none followed');
        // As if its goodbye had arrived: the page's pagehide may have left a reload ticket.
        this.#sessions.end(id, 'closed');
      }
    }
    this.#sessions.sweep();
    for (const held of this.#pulses.values()) {
      for (const [response, since] of held) {
        if (now - since < PULSE_HOLD_MS) continue;
        held.delete(response);
        this.#send(response, 204);
      }
    }
    this.#options.core.tick();
  }

  async close(): Promise<void> {
    clearInterval(this.#sweepTimer);
    this.#unsubscribe();
    await this.#options.core.lock('shutdown');
    for (const streams of this.#streams.values()) for (const stream of streams) stream.end();
    this.#streams.clear();
    this.#answerPulses(null);
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #sessionEnded(id: string, reason: SessionEndReason): void {
    // Its calls still waiting for the core are answered and forgotten now.
    this.#options.core.endSession(id);
    this.#droppedPulses.delete(id);
    this.#answerPulses(id);
    const streams = this.#streams.get(id);
    this.#streams.delete(id);
    for (const stream of streams ?? []) {
      stream.end(`${JSON.stringify({ event: 'session:ended', payload: { reason } })}\n`);
    }
    this.#options.logger.log('info', 'BrowserHost.sessionEnded', 'page session ended', {
      reason,
      remaining: this.#sessions.size,
    });
    // The vault locks when its last page is gone (closed, or silent past the heartbeat timeout).
    if (this.#sessions.size === 0) void this.#options.core.lock('page-closed');
    this.#options.onSessionEnded?.(reason, this.#sessions.size);
  }

  /** Answers held pulses with 401 (the session is over): those of one session, or (null) all. */
  #answerPulses(id: string | null): void {
    for (const [sessionId, held] of this.#pulses) {
      if (id !== null && sessionId !== id) continue;
      const responses = [...held.keys()];
      held.clear();
      for (const response of responses) this.#send(response, 401, { ok: false, error: { code: 'unauthenticated', message: 'Session ended' } });
      this.#pulses.delete(sessionId);
    }
  }

  async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    try {
      // Origin-form only (`/path?query`): `GET http://x/` (absolute-form) and `OPTIONS *` are refused.
      const target = request.url ?? '';
      if (!target.startsWith('/')) throw new HttpRefusal(400, 'Bad request target', true);
      this.#checkHostAndOrigin(request);
      // Appended, not resolved: `//example.org/` must stay a path here, not become another host.
      let pathname: string;
      try {
        pathname = new URL(`${this.origin}${target}`).pathname;
      } catch {
        throw new HttpRefusal(400, 'Bad request target', true);
      }
      if (request.method === 'POST') return await this.#handlePost(pathname, request, response);
      if (request.method === 'GET' || request.method === 'HEAD') return await this.#serveStatic(pathname, request, response);
      response.setHeader('Allow', 'GET, HEAD, POST');
      throw new HttpRefusal(405, 'Method not allowed', true);
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error;
      if (error.close) response.setHeader('Connection', 'close');
      this.#send(response, error.status, error.body);
    }
  }

  /**
   * DNS rebinding and cross-site requests both fail here: the Host header must name our exact
   * loopback address and port, and any Origin present must be exactly ours (POST requires one).
   */
  #checkHostAndOrigin(request: http.IncomingMessage): void {
    if (request.headers.host !== `127.0.0.1:${this.#port}`) {
      this.#options.logger.log('warn', 'BrowserHost.checkHost', 'wrong Host header refused');
      throw new HttpRefusal(403, 'Forbidden', true);
    }
    const origin = request.headers.origin;
    if ((origin !== undefined || request.method === 'POST') && origin !== this.origin) {
      this.#options.logger.log('warn', 'BrowserHost.checkOrigin', 'wrong or missing Origin refused');
      throw new HttpRefusal(403, 'Forbidden', true);
    }
  }

  /**
   * Everything a request can cost is settled before its body is read: the session (none: 401),
   * the endpoint or channel and so its bounds, and a declared length over them (413). The body is
   * then scanned as it arrives and refused at the first byte past the channel's size, depth or
   * value count; only text that passed is parsed, and only a parsed value within bounds reaches
   * the core.
   */
  async #handlePost(pathname: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (!/^application\/json(;|$)/.test(request.headers['content-type'] ?? '')) {
      throw new HttpRefusal(415, 'Unsupported media type', true);
    }

    if (pathname === '/session/exchange') {
      const body = await readJsonBody(request, TRANSPORT_BOUNDS);
      const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
      const granted = typeof code === 'string' ? this.#sessions.exchange(code) : null;
      if (!granted) {
        this.#options.logger.log('warn', 'BrowserHost.exchange', 'launch code refused');
        throw new HttpRefusal(401, { ok: false, error: { code: 'unauthenticated', message: 'Launch code not valid' } });
      }
      this.#options.logger.log('info', 'BrowserHost.exchange', 'page session started', { sessions: this.#sessions.size });
      return this.#send(response, 200, { secret: granted.secret, ticket: granted.ticket });
    }

    if (pathname === '/session/resume') {
      const body = await readJsonBody(request, TRANSPORT_BOUNDS);
      const ticket = typeof body === 'object' && body !== null ? (body as { ticket?: unknown }).ticket : undefined;
      const granted = typeof ticket === 'string' ? this.#sessions.resume(ticket) : null;
      if (!granted) {
        this.#options.logger.log('warn', 'BrowserHost.resume', 'reload ticket refused');
        throw new HttpRefusal(401, { ok: false, error: { code: 'unauthenticated', message: 'Reload ticket not valid' } });
      }
      // A new session never inherits an unlocked vault: it starts at the lock screen, and the
      // secret is handed over only once the vault is locked.
      await this.#options.core.lock('page-closed');
      this.#options.logger.log('info', 'BrowserHost.resume', 'page session started after a reload, vault locked', { sessions: this.#sessions.size });
      return this.#send(response, 200, { secret: granted.secret, ticket: granted.ticket });
    }

    const sessionId = this.#sessions.authenticate(headerValue(request.headers[SESSION_HEADER]));
    if (!sessionId) throw unauthenticated();

    if (pathname === '/session/heartbeat') {
      await readJsonBody(request, TRANSPORT_BOUNDS);
      return this.#send(response, 204);
    }
    if (pathname === '/session/pulse') {
      if ((this.#pulses.get(sessionId)?.size ?? 0) >= this.#limits.maxEventStreamsPerSession) {
        throw new HttpRefusal(429, 'Too many pulses', true);
      }
      await readJsonBody(request, TRANSPORT_BOUNDS);
      return this.#holdPulse(sessionId, response);
    }
    if (pathname === '/session/close') {
      await readJsonBody(request, TRANSPORT_BOUNDS);
      this.#sessions.end(sessionId, 'closed');
      return this.#send(response, 204);
    }
    if (pathname === '/events') {
      if ((this.#streams.get(sessionId)?.size ?? 0) >= this.#limits.maxEventStreamsPerSession) {
        this.#options.logger.log('warn', 'BrowserHost.events', 'event stream refused: too many for this session');
        throw new HttpRefusal(429, 'Too many event streams', true);
      }
      await readJsonBody(request, TRANSPORT_BOUNDS);
      return this.#openEventStream(sessionId, response);
    }
    if (pathname.startsWith('/rpc/')) {
      let channel: string;
      try {
        channel = decodeURIComponent(pathname.slice('/rpc/'.length));
      } catch {
        channel = '';
      }
      // The core counts any call but a status poll as a sign of life (the idle lock). The parsed
      // body lives only inside this callback: once the core has it, nothing here refers to it.
      const result = await readJsonBody(request, inputBounds(channel)).then((body) => this.#options.core.call(channel, body, sessionId));
      return this.#send(response, 200, result);
    }
    throw new HttpRefusal(404, 'Not found', true);
  }

  /** Held until a tick PULSE_HOLD_MS later (204), or the session's end (401). */
  #holdPulse(sessionId: string, response: http.ServerResponse): void {
    if (!this.#sessions.has(sessionId)) throw unauthenticated();
    this.#options.logger.log('debug', 'BrowserHost.pulse', 'page pulse');
    const held = this.#pulses.get(sessionId) ?? new Map<http.ServerResponse, number>();
    held.set(response, this.#options.clock.now().getTime());
    this.#pulses.set(sessionId, held);
    this.#droppedPulses.delete(sessionId);
    response.on('close', () => {
      // Still held: not answered by us, so the page's side closed it (its tab, its browser, gone).
      if (!held.delete(response) || !this.#sessions.has(sessionId)) return;
      this.#options.logger.log('info', 'BrowserHost.pulse', 'page pulse closed by the page');
      this.#droppedPulses.set(sessionId, this.#options.clock.now().getTime());
    });
  }

  #openEventStream(sessionId: string, response: http.ServerResponse): void {
    // The session may have ended while its body was read.
    if (!this.#sessions.has(sessionId)) throw unauthenticated();
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/x-ndjson; charset=utf-8' });
    response.flushHeaders();
    const set = this.#streams.get(sessionId) ?? new Set<http.ServerResponse>();
    set.add(response);
    this.#streams.set(sessionId, set);
    response.on('close', () => set.delete(response));
  }

  async #serveStatic(pathname: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const file = resolveInsideRoot(this.#options.staticDir, pathname);
    // Unknown paths get 404, never a redirect: nothing the host answers can move the page elsewhere.
    if (!file) throw new HttpRefusal(404, 'Not found');
    let data: Buffer;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) throw new HttpRefusal(404, 'Not found');
      data = await fs.readFile(file);
    } catch (error) {
      if (error instanceof HttpRefusal) throw error;
      throw new HttpRefusal(404, 'Not found');
    }
    const type = contentTypeOf(file);
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': data.length });
    response.end(request.method === 'HEAD' ? undefined : data);
  }

  #send(response: http.ServerResponse, status: number, body?: unknown): void {
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    let payload: string | undefined;
    if (typeof body === 'string') {
      headers['Content-Type'] = 'text/plain; charset=utf-8';
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      payload = JSON.stringify(body);
    }
    response.writeHead(status, headers);
    response.end(payload);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the rest of a refused body and drops it; a client that sends too much more is cut off. */
function discardRest(request: http.IncomingMessage): void {
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARD_BYTES) request.socket.destroy();
  });
  request.resume();
}

/**
 * Reads a JSON body within bounds: a declared length over them is refused before a byte is kept,
 * and the body is scanned as it arrives (JsonShapeScanner) and refused at the first violation,
 * keeping nothing (the rest is dropped as it comes). An empty body is `{}`.
 */
async function readJsonBody(request: http.IncomingMessage, bounds: InputBounds): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > bounds.bytes) {
    discardRest(request);
    throw violationRefusal('bytes');
  }
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const scanner = new JsonShapeScanner(bounds);
    let chunks: Buffer[] = [];
    const finish = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const refuse = (refusal: HttpRefusal): void => {
      finish();
      chunks = [];
      reject(refusal);
    };
    const onData = (chunk: Buffer): void => {
      const violation = scanner.push(chunk);
      if (!violation) {
        chunks.push(chunk);
        return;
      }
      refuse(violationRefusal(violation));
      discardRest(request);
    };
    const onEnd = (): void => {
      finish();
      resolve(Buffer.concat(chunks, scanner.bytes));
    };
    // A client that went away mid-body: nobody reads the answer, but it must not be a 500.
    const onError = (): void => refuse(new HttpRefusal(400, 'Request aborted', true));
    const onClose = (): void => {
      if (!request.complete) onError();
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpRefusal(400, { ok: false, error: { code: 'invalid_input', message: 'Body is not JSON' } });
  }
}
