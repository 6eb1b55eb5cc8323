import type { HostKind } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import type { LockReason } from '../vault/vault-manager';
import type { HostChannel } from './host-channel-names';

/**
 * The messages between a host (Electron's main thread or the browser host's HTTP thread) and the
 * core worker, which owns the database connection, the keys and every service. Structured clone
 * carries them; nothing in here is a function or a class instance.
 */

/** What a host tells the worker at start (workerData). Clock and logger are the worker's own. */
export interface CoreConfig {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly exportDir?: string;
  readonly idleLockMs?: number;
  readonly maxIdleLockMs?: number;
  readonly flushWaitMs?: number;
  readonly demo?: boolean;
  /** The host answers the host channels (core/host-channels.ts) itself: the Electron host's windows. */
  readonly hostChannels?: boolean;
}

export type ToCore =
  | { readonly kind: 'call'; readonly id: number; readonly channel: string; readonly input: unknown; readonly sessionId: string }
  | { readonly kind: 'lock'; readonly id: number; readonly reason: LockReason }
  | { readonly kind: 'tick' }
  | { readonly kind: 'close'; readonly id: number }
  | HostReply;

/** The host's answer to a `host-call`, taken by the worker at once (never queued behind the call). */
export type HostReply = { readonly kind: 'host-reply'; readonly id: number } & ({ readonly ok: true; readonly value: unknown } | { readonly ok: false });

export type FromCore =
  | { readonly kind: 'ready' }
  | { readonly kind: 'start-failed'; readonly errorName: string }
  | { readonly kind: 'reply'; readonly id: number; readonly result: IpcResult<unknown> }
  | { readonly kind: 'done'; readonly id: number }
  | { readonly kind: 'event'; readonly event: string; readonly payload: unknown }
  /** A host channel's window work, asked by the core's router mid-call (core/host-channels.ts). */
  | { readonly kind: 'host-call'; readonly id: number; readonly channel: HostChannel; readonly input: unknown };
