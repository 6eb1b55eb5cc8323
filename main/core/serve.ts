import type { AppCore } from '../app-core';
import type { FromCore, ToCore } from './protocol';

/** The worker's end of the channel to its host: `parentPort`, or a MessagePort in tests. */
export interface HostPort {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: FromCore): void;
}

/**
 * Answers a host's messages with the core: calls go to the router, lock and tick to the vault,
 * and every core event goes back to the host. Calls are answered in arrival order, one at a
 * time — the core is synchronous underneath, so the single connection never sees two writers.
 * Anything else is ignored.
 */
export function serveCore(port: HostPort, app: AppCore): void {
  app.events.subscribe((event, payload) => port.postMessage({ kind: 'event', event, payload }));
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (raw) => {
    const message = raw as ToCore;
    queue = queue.then(async () => {
      switch (message.kind) {
        case 'call':
          port.postMessage({ kind: 'reply', id: message.id, result: await app.call(message.channel, message.input, message.sessionId) });
          return;
        case 'lock':
          app.vault.lock(message.reason);
          port.postMessage({ kind: 'done', id: message.id });
          return;
        case 'tick':
          app.vault.tick();
          return;
        case 'close':
          app.vault.lock('shutdown');
          port.postMessage({ kind: 'done', id: message.id });
          return;
      }
    });
  });
}
