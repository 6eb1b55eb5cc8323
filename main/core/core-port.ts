import type { EventName } from '../../shared/ipc/events';
import type { IpcResult } from '../../shared/ipc/errors';
import type { AppCore } from '../app-core';
import type { LockReason } from '../vault/vault-manager';

export type CoreEventListener = (event: EventName, payload: unknown) => void;

/**
 * What a host needs from the core. In the product it is a worker (`startCoreWorker`); the
 * in-process form serves unit tests of a transport, which test the transport, not the threading.
 */
export interface CorePort {
  call(channel: string, input: unknown, sessionId: string): Promise<IpcResult<unknown>>;
  lock(reason: LockReason): Promise<void>;
  /** Timer work: the idle lock and release requests, checked against the core's clock. */
  tick(): void;
  subscribe(listener: CoreEventListener): () => void;
  /** A page session ended: calls of it still waiting for the core are answered and forgotten. */
  endSession(sessionId: string): void;
  /** Locks the vault and stops the core. */
  close(): Promise<void>;
}

export function inProcessCore(app: AppCore): CorePort {
  return {
    call: (channel, input, sessionId) => app.call(channel, input, sessionId),
    lock: (reason) => {
      app.vault.lock(reason);
      return Promise.resolve();
    },
    tick: () => app.vault.tick(),
    subscribe: (listener) => app.events.subscribe(listener),
    // In one thread a call is running, not waiting: nothing to forget.
    endSession: () => undefined,
    close: () => {
      app.vault.lock('shutdown');
      return Promise.resolve();
    },
  };
}
