import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../runtime/clock';

/**
 * A session is alive while its page's worker holds a pulse open (`/session/pulse`, answered after
 * PULSE_HOLD_MS so the worker must ask again) or asked within this time. Chromium throttles the
 * timers of hidden pages, so silence means "gone" only well past a minute. A closed page says so
 * at once (pagehide), and a page whose held pulse closed with no new one within PULSE_HOLD_MS is
 * gone too (server.ts); this timeout is for a page that never held a pulse.
 */
export const HEARTBEAT_TIMEOUT_MS = 150_000;
/** How long the host holds a page's pulse before answering it (the page's worker then sends the next). */
export const PULSE_HOLD_MS = 10_000;
/** A launch code not exchanged within this time is dead; start Teamvalv again for a new one. */
export const LAUNCH_CODE_TTL_MS = 5 * 60_000;
/**
 * After its page closed (a reload's pagehide), a session's reload ticket starts one new session,
 * at the lock screen, within this time — the heartbeat window. See docs/security.md.
 */
export const RESUME_WINDOW_MS = HEARTBEAT_TIMEOUT_MS;

interface PageSession {
  readonly id: string;
  readonly secret: Buffer;
  /** The reload ticket: worth one new, locked session once this one has closed. */
  readonly ticket: Buffer;
  lastSeen: number;
}

export type SessionEndReason = 'heartbeat-lost' | 'closed' | 'replaced';

export interface GrantedSession {
  readonly id: string;
  /** `id.secret`: the header value for every request. */
  readonly secret: string;
  /** `id.ticket`: the reload ticket (see RESUME_WINDOW_MS). */
  readonly ticket: string;
}

/**
 * The browser host's transport sessions: single-use launch codes exchanged for secrets that the
 * page keeps in memory only. This is not the vault's unlock state (see DESIGN.md, "Two hosts").
 */
export class SessionTable {
  readonly #clock: Clock;
  readonly #codes = new Map<string, number>(); // code -> issued at (ms)
  readonly #sessions = new Map<string, PageSession>();
  /** Sessions whose page closed: id -> reload ticket and when it closed. */
  readonly #closed = new Map<string, { ticket: Buffer; closedAt: number }>();
  readonly #onEnd: (id: string, reason: SessionEndReason) => void;

  constructor(clock: Clock, onEnd: (id: string, reason: SessionEndReason) => void = () => undefined) {
    this.#clock = clock;
    this.#onEnd = onEnd;
  }

  issueLaunchCode(): string {
    const code = randomBytes(32).toString('base64url');
    this.#codes.set(code, this.#now());
    return code;
  }

  /** Exchanges a launch code for a session secret. The code is spent even if it had expired. */
  exchange(code: string): GrantedSession | null {
    const issuedAt = this.#codes.get(code);
    if (issuedAt === undefined) return null;
    this.#codes.delete(code);
    if (this.#now() - issuedAt > LAUNCH_CODE_TTL_MS) return null;
    return this.#grant();
  }

  /**
   * Spends a reload ticket for a new session. Valid once, only for a session whose page closed
   * (pagehide) at most RESUME_WINDOW_MS ago, or one still open (its close not yet arrived: it is
   * ended now, as `replaced`). A page gone without its goodbye (its pulse closed, none followed)
   * ends as `closed` too (server.ts). Never for a session the host ended for silence. The caller locks
   * the vault before the page gets the new secret.
   */
  resume(presented: string): GrantedSession | null {
    const [id, ticketText] = splitCredential(presented);
    if (!id || !ticketText) return null;
    const given = Buffer.from(ticketText, 'base64url');
    const open = this.#sessions.get(id);
    if (open) {
      if (!sameBytes(given, open.ticket)) return null;
      this.end(id, 'replaced');
      this.#closed.delete(id);
      return this.#grant();
    }
    const closed = this.#closed.get(id);
    if (!closed || !sameBytes(given, closed.ticket)) return null;
    this.#closed.delete(id);
    closed.ticket.fill(0);
    if (this.#now() - closed.closedAt > RESUME_WINDOW_MS) return null;
    return this.#grant();
  }

  /** Resolves a presented secret to its session id, refreshing its heartbeat; null when unknown. */
  authenticate(presented: string | undefined): string | null {
    if (!presented) return null;
    const [id, secretText] = splitCredential(presented);
    if (!id || !secretText) return null;
    const session = this.#sessions.get(id);
    if (!session) return null;
    if (!sameBytes(Buffer.from(secretText, 'base64url'), session.secret)) return null;
    session.lastSeen = this.#now();
    return id;
  }

  /** A sign of life without a request: the page's worker is holding a pulse open right now. */
  touch(id: string): void {
    const session = this.#sessions.get(id);
    if (session) session.lastSeen = this.#now();
  }

  has(id: string): boolean {
    return this.#sessions.has(id);
  }

  end(id: string, reason: SessionEndReason): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    session.secret.fill(0);
    this.#sessions.delete(id);
    // Only a page that said goodbye (a reload, a closed tab) may come back with its ticket.
    if (reason === 'closed') this.#closed.set(id, { ticket: session.ticket, closedAt: this.#now() });
    else session.ticket.fill(0);
    this.#onEnd(id, reason);
  }

  /** Ends every open session (the e2e test host's stand-in for a page gone silent). */
  endAll(reason: SessionEndReason): void {
    for (const id of [...this.#sessions.keys()]) this.end(id, reason);
  }

  /** Ends sessions whose page stopped sending heartbeats. Called on a timer; tests call it with a moved clock. */
  sweep(): void {
    const now = this.#now();
    for (const session of [...this.#sessions.values()]) {
      if (now - session.lastSeen > HEARTBEAT_TIMEOUT_MS) this.end(session.id, 'heartbeat-lost');
    }
    for (const [code, issuedAt] of this.#codes) {
      if (now - issuedAt > LAUNCH_CODE_TTL_MS) this.#codes.delete(code);
    }
    for (const [id, closed] of this.#closed) {
      if (now - closed.closedAt > RESUME_WINDOW_MS) {
        closed.ticket.fill(0);
        this.#closed.delete(id);
      }
    }
  }

  get size(): number {
    return this.#sessions.size;
  }

  #grant(): GrantedSession {
    const secret = randomBytes(32);
    const ticket = randomBytes(32);
    const id = randomBytes(9).toString('base64url');
    this.#sessions.set(id, { id, secret, ticket, lastSeen: this.#now() });
    return { id, secret: `${id}.${secret.toString('base64url')}`, ticket: `${id}.${ticket.toString('base64url')}` };
  }

  #now(): number {
    return this.#clock.now().getTime();
  }
}

function splitCredential(presented: string): [string | undefined, string | undefined] {
  const [id, rest] = presented.split('.', 2);
  return [id, rest];
}

function sameBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}
