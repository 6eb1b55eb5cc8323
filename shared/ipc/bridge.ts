import type { Channel, ChannelInput, ChannelOutput } from './contract';
import type { EventName, EventPayload } from './events';
import type { IpcResult } from './errors';

/** What the preload (Electron) or the HTTP transport (browser host) gives the page as `window.teamvalv`. */
export interface TeamvalvBridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput<C>>>;
  /** Subscribes to a main-process event; returns an unsubscribe function. */
  on<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void;
}
