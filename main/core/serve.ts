import type { IpcResult } from '../../shared/ipc/errors';
import type { AppCore } from '../app-core';
import type { Logger } from '../runtime/log';
import type { HostBridge } from './host-channels';
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
 * A host's reply to a host channel (`bridge`) is taken at once: the call waiting for it holds the
 * queue. Anything else is ignored.
 */
export function serveCore(port: HostPort, app: AppCore, logger: Logger, bridge?: HostBridge): void {
  app.events.subscribe((event, payload) => port.postMessage({ kind: 'event', event, payload }));
  let queue: Promise<void> = Promise.resolve();
  const handle = async (message: ToCore): Promise<void> => {
    switch (message.kind) {
      case 'call': {
        // The router answers every failure with a typed error. Anything that still throws (a stack
        // overflow in a schema, say) or an answer that cannot be cloned is answered `internal`: the
        // host never waits for a call the worker has given up on.
        let result: IpcResult<unknown>;
        try {
          result = await app.call(message.channel, message.input, message.sessionId);
        } catch (error) {
          logger.log('error', 'serveCore', 'call failed', { error: error instanceof Error ? error.name : typeof error });
          result = { ok: false, error: { code: 'internal', message: 'Internal error' } };
        }
        try {
          port.postMessage({ kind: 'reply', id: message.id, result });
        } catch {
          port.postMessage({ kind: 'reply', id: message.id, result: { ok: false, error: { code: 'internal', message: 'The answer could not be sent' } } });
        }
        return;
      }
      case 'lock':
      case 'close':
        try {
          // An OS screen lock goes through the page's flush first; a suspend cannot wait for it.
          if (message.kind === 'lock' && message.reason === 'os-lock') app.vault.beginLock('os-lock');
          else app.vault.lock(message.kind === 'close' ? 'shutdown' : message.reason);
        } finally {
          port.postMessage({ kind: 'done', id: message.id });
        }
        return;
      case 'tick':
        app.vault.tick();
        return;
      case 'host-reply':
        return;
    }
  };
  // The vault's own timer work (a pending lock's fallback, the housekeeping after unlock) waits its
  // turn like a message; while a promise it returns is pending (a backup copying the database
  // file), the queue waits for it.
  app.vault.setSerializer((work) => {
    queue = queue.then(work).catch((error: unknown) => {
      logger.log('error', 'serveCore', 'timer work failed', { error: error instanceof Error ? error.name : typeof error });
    });
  });
  port.on('message', (raw) => {
    const message = raw as ToCore;
    if (message.kind === 'host-reply') {
      bridge?.answer(message);
      return;
    }
    // One message at a time, and one failure never stops the next: each is caught on its own.
    queue = queue.then(() =>
      handle(message).catch((error: unknown) => {
        logger.log('error', 'serveCore', 'message failed', { kind: message.kind, error: error instanceof Error ? error.name : typeof error });
      }),
    );
  });
}
