/**
 * The browser-host page's pulse, in a dedicated worker so that it never waits for the page's main
 * thread: while a dialog is open or a long task runs there, this thread still asks. It holds one
 * `POST /session/pulse` open; the host answers it after a while (or at once on a new tick) and this
 * worker asks again at once. A 401, or three asks in a row that reach no host, means the session is
 * over: it says so and stops. The session
 * secret arrives by message and lives only in this worker's memory.
 *
 * No imports: the file is built on its own and served from the page's origin (CSP worker-src 'self').
 */

export type PulseWorkerMessage = { kind: 'start'; secret: string; header: string } | { kind: 'stop' };
export type PulseWorkerReport = { kind: 'ended' };

/** A worker's global scope, typed here because the renderer's TypeScript lib is the DOM's. */
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<PulseWorkerMessage>) => void): void;
  postMessage(message: PulseWorkerReport): void;
  setTimeout(handler: () => void, ms: number): number;
}
const scope = self as unknown as WorkerScope;

const RETRY_MS = 2_000;
/**
 * Asks in a row that reach no host at all (the process gone: killed, crashed, the PC's power
 * button): then the session is over, and the page must stop showing the vault's content rather
 * than keep it on screen while retrying for ever. A host that answers, even with an error, is there.
 */
const UNREACHABLE_LIMIT = 3;
let controller: AbortController | null = null;

async function pulse(secret: string, header: string, signal: AbortSignal): Promise<void> {
  let unreachable = 0;
  while (!signal.aborted) {
    let status: number;
    try {
      const response = await fetch('/session/pulse', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [header]: secret },
        body: '{}',
        cache: 'no-store',
        credentials: 'omit',
        signal,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    }
    if (signal.aborted) return;
    unreachable = status === 0 ? unreachable + 1 : 0;
    if (status === 401 || unreachable >= UNREACHABLE_LIMIT) {
      scope.postMessage({ kind: 'ended' });
      return;
    }
    // 204: ask again at once. Anything else (the host busy or restarting): a little later.
    if (status !== 204) await new Promise<void>((resolve) => scope.setTimeout(resolve, RETRY_MS));
  }
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  controller?.abort();
  controller = null;
  if (message.kind === 'start') {
    controller = new AbortController();
    void pulse(message.secret, message.header, controller.signal);
  }
});
