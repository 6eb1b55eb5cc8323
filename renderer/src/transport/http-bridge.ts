import type { TeamvalvBridge } from '../../../shared/ipc/bridge';
import type { EventName } from '../../../shared/ipc/events';
import { isEventName } from '../../../shared/ipc/events';
import type { IpcResult } from '../../../shared/ipc/errors';
import { isErrorCode, parseErrorDetail } from '../../../shared/ipc/errors';

/** Header carrying the in-memory session secret on every browser-host request. */
export const SESSION_HEADER = 'X-Teamvalv-Session';
const HEARTBEAT_MS = 10_000;

export type ConnectFailure = 'no-launch-code' | 'launch-refused' | 'host-unreachable';

type Listener = (payload: unknown) => void;

/**
 * The browser host's stand-in for Electron's preload: the same `invoke`/`on` over loopback HTTP.
 * The launch code in the URL fragment is exchanged once for a session secret that lives only in
 * this closure (never in storage), and the fragment is wiped from the address bar and history.
 */
export async function connectHttpBridge(
  location: Location,
  history: History,
): Promise<{ ok: true; bridge: TeamvalvBridge } | { ok: false; reason: ConnectFailure }> {
  const code = new URLSearchParams(location.hash.replace(/^#/, '')).get('launch');
  // Remove the code from the address bar before anything else, whatever happens next.
  history.replaceState(null, '', location.pathname);
  if (!code) return { ok: false, reason: 'no-launch-code' };

  let secret: string;
  try {
    const response = await fetch('/session/exchange', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!response.ok) return { ok: false, reason: 'launch-refused' };
    const body: unknown = await response.json();
    if (!body || typeof body !== 'object' || typeof (body as { secret?: unknown }).secret !== 'string') {
      return { ok: false, reason: 'launch-refused' };
    }
    secret = (body as { secret: string }).secret;
  } catch {
    return { ok: false, reason: 'host-unreachable' };
  }

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
  const dispatch = (event: EventName, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  window.setInterval(() => {
    post('/session/heartbeat').catch(() => undefined);
  }, HEARTBEAT_MS);
  window.addEventListener('pagehide', () => {
    post('/session/close', {}, { keepalive: true }).catch(() => undefined);
  });
  void streamEvents(post, dispatch);

  const bridge: TeamvalvBridge = {
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
  return { ok: true, bridge };
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
    // The stream ends when the host stops; the heartbeat failing tells the rest.
  }
}
