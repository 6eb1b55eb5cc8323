import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../runtime/clock';

/**
 * The page beats every 10 s, but Chromium throttles timers of hidden pages (a minimised app
 * window) to about once a minute after five minutes, so silence means "gone" only well past that.
 * A closed page says so at once (pagehide); this timeout is for crashed or killed browsers.
 */
export const HEARTBEAT_TIMEOUT_MS = 150_000;
/** A launch code not exchanged within this time is dead; start Teamvalv again for a new one. */
export const LAUNCH_CODE_TTL_MS = 5 * 60_000;

interface PageSession {
  readonly id: string;
  readonly secret: Buffer;
  lastSeen: number;
}

export type SessionEndReason = 'heartbeat-lost' | 'closed';

/**
 * The browser host's transport sessions: single-use launch codes exchanged for secrets that the
 * page keeps in memory only. This is not the vault's unlock state (see DESIGN.md, "Two hosts").
 */
export class SessionTable {
  readonly #clock: Clock;
  readonly #codes = new Map<string, number>(); // code -> issued at (ms)
  readonly #sessions = new Map<string, PageSession>();
  readonly #onEnd: (id: string, reason: SessionEndReason) => void;

  constructor(clock: Clock, onEnd: (id: string, reason: SessionEndReason) => void = () => undefined) {
    this.#clock = clock;
    this.#onEnd = onEnd;
  }

  issueLaunchCode(): string {
    const code = randomBytes(32).toString('base64url');
    this.#codes.set(code, this.#clock.now().getTime());
    return code;
  }

  /** Exchanges a launch code for a session secret. The code is spent even if it had expired. */
  exchange(code: string): { id: string; secret: string } | null {
    const issuedAt = this.#codes.get(code);
    if (issuedAt === undefined) return null;
    this.#codes.delete(code);
    const now = this.#clock.now().getTime();
    if (now - issuedAt > LAUNCH_CODE_TTL_MS) return null;
    const secret = randomBytes(32);
    const id = randomBytes(9).toString('base64url');
    this.#sessions.set(id, { id, secret, lastSeen: now });
    return { id, secret: `${id}.${secret.toString('base64url')}` };
  }

  /** Resolves a presented secret to its session id, refreshing its heartbeat; null when unknown. */
  authenticate(presented: string | undefined): string | null {
    if (!presented) return null;
    const [id, secretText] = presented.split('.', 2);
    if (!id || !secretText) return null;
    const session = this.#sessions.get(id);
    if (!session) return null;
    const given = Buffer.from(secretText, 'base64url');
    if (given.length !== session.secret.length || !timingSafeEqual(given, session.secret)) return null;
    session.lastSeen = this.#clock.now().getTime();
    return id;
  }

  has(id: string): boolean {
    return this.#sessions.has(id);
  }

  end(id: string, reason: SessionEndReason): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    session.secret.fill(0);
    this.#sessions.delete(id);
    this.#onEnd(id, reason);
  }

  /** Ends sessions whose page stopped sending heartbeats. Called on a timer; tests call it with a moved clock. */
  sweep(): void {
    const now = this.#clock.now().getTime();
    for (const session of [...this.#sessions.values()]) {
      if (now - session.lastSeen > HEARTBEAT_TIMEOUT_MS) this.end(session.id, 'heartbeat-lost');
    }
    for (const [code, issuedAt] of this.#codes) {
      if (now - issuedAt > LAUNCH_CODE_TTL_MS) this.#codes.delete(code);
    }
  }

  get size(): number {
    return this.#sessions.size;
  }
}
