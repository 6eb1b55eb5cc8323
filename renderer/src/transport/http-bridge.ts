import type { TeamvalvBridge } from '../../../shared/ipc/bridge';
import type { EventName } from '../../../shared/ipc/events';
import { isEventName } from '../../../shared/ipc/events';
import type { IpcResult } from '../../../shared/ipc/errors';
import { isErrorCode, parseErrorDetail } from '../../../shared/ipc/errors';
import type { PulseWorkerMessage, PulseWorkerReport } from './pulse-worker';

/** Header carrying the in-memory session secret on every browser-host request. */
export const SESSION_HEADER = 'X-Teamvalv-Session';
/**
 * Where a page that is being reloaded leaves its reload ticket for the page that replaces it in
 * the same tab. Written only at pagehide, read and removed at once by the next page. Never the
 * session secret: see docs/security.md, "Reload (F5)".
 */
export const RELOAD_TICKET_KEY = 'teamvalv.reload-ticket';

export type ConnectFailure = 'no-launch-code' | 'launch-refused' | 'host-unreachable' | 'reloaded' | 'resume-refused';

export type ConnectResult =
  | { ok: true; bridge: TeamvalvBridge }
  /** `resume` is there when the tab was reloaded: one click starts a new session, at the lock screen. */
  | { ok: false; reason: ConnectFailure; resume?: () => Promise<ConnectResult> };

type Listener = (payload: unknown) => void;

interface Granted {
  readonly secret: string;
  readonly ticket: string;
}

/**
 * The browser host's stand-in for Electron's preload: the same `invoke`/`on` over loopback HTTP.
 * The launch code in the URL fragment is exchanged once for a session secret that lives only in
 * this closure and the pulse worker's memory (never in storage), and the fragment is wiped from
 * the address bar and history. A reloaded tab gets an offer instead (see `resume`).
 */
export async function connectHttpBridge(location: Location, history: History, storage: Storage | null = safeSessionStorage()): Promise<ConnectResult> {
  const code = new URLSearchParams(location.hash.replace(/^#/, '')).get('launch');
  // Remove the code from the address bar before anything else, whatever happens next.
  history.replaceState(null, '', location.pathname);
  // An earlier page's reload ticket leaves storage (and so the profile on disk) now, whether or not it is used.
  const ticket = takeReloadTicket(storage);
  if (!code) return ticket ? reloadOffer(ticket, storage) : { ok: false, reason: 'no-launch-code' };
  return startSession('/session/exchange', { code }, 'launch-refused', storage);
}

/** Reads and removes the reload ticket the previous page of this tab left (null when none). */
function takeReloadTicket(storage: Storage | null): string | null {
  if (!storage) return null;
  const ticket = storage.getItem(RELOAD_TICKET_KEY);
  storage.removeItem(RELOAD_TICKET_KEY);
  return ticket && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(ticket) ? ticket : null;
}

/** The offer a reloaded tab shows; the ticket stays in memory, and goes back for another reload if unspent. */
function reloadOffer(ticket: string, storage: Storage | null): ConnectResult {
  let spent = false;
  const keepForNextReload = (): void => {
    if (!spent) storage?.setItem(RELOAD_TICKET_KEY, ticket);
  };
  window.addEventListener('pagehide', keepForNextReload);
  return {
    ok: false,
    reason: 'reloaded',
    resume: async () => {
      spent = true;
      window.removeEventListener('pagehide', keepForNextReload);
      return startSession('/session/resume', { ticket }, 'resume-refused', storage);
    },
  };
}

async function startSession(path: string, body: unknown, refused: ConnectFailure, storage: Storage | null): Promise<ConnectResult> {
  let granted: Granted;
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!response.ok) return { ok: false, reason: refused };
    const answer: unknown = await response.json();
    if (!isGranted(answer)) return { ok: false, reason: refused };
    granted = answer;
  } catch {
    return { ok: false, reason: 'host-unreachable' };
  }
  return { ok: true, bridge: openBridge(granted, storage) };
}

function isGranted(value: unknown): value is Granted {
  if (!value || typeof value !== 'object') return false;
  const { secret, ticket } = value as { secret?: unknown; ticket?: unknown };
  return typeof secret === 'string' && typeof ticket === 'string';
}

function openBridge({ secret, ticket }: Granted, storage: Storage | null): TeamvalvBridge {
  const post = (path: string, body?: unknown, init: RequestInit = {}): Promise<Response> =>
    fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SESSION_HEADER]: secret },
      body: JSON.stringify(body ?? {}),
      cache: 'no-store',
      credentials: 'omit',
      ...init,
    });

  const listeners = new Map<EventName, Set<Listener>>();
  let ended = false;
  const worker = startPulse(secret, () => dispatch('session:ended', { reason: 'heartbeat-lost' }));
  const dispatch = (event: EventName, payload: unknown): void => {
    if (event === 'session:ended' || event === 'host:shutdown') {
      if (ended) return;
      ended = true;
      worker?.terminate();
      window.removeEventListener('pagehide', onPageHide);
    }
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  // Leaving (a reload, a closed tab): the ticket is left for this tab's next page, then the session closes.
  const onPageHide = (): void => {
    // The goodbye first: it is what locks the vault when the last page goes, and nothing may stop it.
    post('/session/close', {}, { keepalive: true }).catch(() => undefined);
    try {
      storage?.setItem(RELOAD_TICKET_KEY, ticket);
    } catch {
      // Storage refused (full, or the profile closing): the reloaded tab then offers no resume, only a new link.
    }
  };
  window.addEventListener('pagehide', onPageHide);
  void streamEvents(post, dispatch);

  return {
    async invoke(channel, input) {
      try {
        const response = await post(`/rpc/${encodeURIComponent(channel)}`, input);
        return parseResult(await response.json().catch(() => null));
      } catch {
        return { ok: false, error: { code: 'internal', message: 'The Teamvalv host did not answer' } };
      }
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set<Listener>();
      const listener = callback as Listener;
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}

/**
 * The pulse runs in a dedicated worker (pulse-worker.ts), so a blocked main thread (a dialog, a
 * long task) never silences it. Null where workers are unavailable: the session then ends after
 * the heartbeat timeout, as a closed page's would.
 */
function startPulse(secret: string, onEnded: () => void): Worker | null {
  if (typeof Worker === 'undefined') return null;
  const worker = new Worker(new URL('./pulse-worker.ts', import.meta.url), { name: 'teamvalv-pulse' });
  worker.addEventListener('message', (event: MessageEvent<PulseWorkerReport>) => {
    if (event.data.kind === 'ended') onEnded();
  });
  const start: PulseWorkerMessage = { kind: 'start', secret, header: SESSION_HEADER };
  worker.postMessage(start);
  return worker;
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

// The body comes from our own host, but it is still checked for shape before the UI trusts it.
function parseResult(body: unknown): IpcResult<never> {
  if (body && typeof body === 'object' && 'ok' in body) {
    const result = body as { ok: unknown; value?: unknown; error?: { code?: unknown; message?: unknown; detail?: unknown } };
    if (result.ok === true) return { ok: true, value: result.value as never };
    if (result.ok === false && isErrorCode(result.error?.code)) {
      const detail = parseErrorDetail(result.error.detail);
      return { ok: false, error: { code: result.error.code, message: String(result.error.message ?? ''), ...(detail ? { detail } : {}) } };
    }
  }
  return { ok: false, error: { code: 'internal', message: 'Unreadable answer from the Teamvalv host' } };
}

/** Main's events arrive as newline-delimited JSON on one long POST response. */
async function streamEvents(
  post: (path: string) => Promise<Response>,
  dispatch: (event: EventName, payload: unknown) => void,
): Promise<void> {
  try {
    const response = await post('/events');
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line) continue;
        const message = JSON.parse(line) as { event?: unknown; payload?: unknown };
        if (typeof message.event === 'string' && isEventName(message.event)) dispatch(message.event, message.payload);
      }
    }
  } catch {
    // The stream ends when the host stops; the pulse worker's 401 tells the rest.
  }
}
