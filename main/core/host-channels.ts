import type { ParsedInput } from '../../shared/ipc/contract';
import { HOST_CHANNELS, type HostChannel } from './host-channel-names';
import type { FromCore, HostReply } from './protocol';

/**
 * Channels whose work only a host can do: the Electron host opens a window on the projector. They
 * still take the one path every channel takes — the core's router checks input, session,
 * permission (a password that must be changed first included) and the answer's schema — and only
 * the window work in the middle is asked of the host (`hostChannels`).
 */
export { HOST_CHANNELS, type HostChannel };

/** The host's side: input already validated by the router; the answer is checked by it too. */
export type HostChannelHandlers = { readonly [C in HostChannel]: (input: ParsedInput<C>) => unknown };

export function isHostChannel(name: string): name is HostChannel {
  return (HOST_CHANNELS as readonly string[]).includes(name);
}

export class HostChannelFailed extends Error {
  override name = 'HostChannelFailed';
}

/**
 * The core worker's end of host channels: a handler posts the call to the host and waits for its
 * reply. Replies are taken as they arrive, not queued behind the call that waits for them.
 */
export class HostBridge {
  readonly #post: (message: FromCore) => void;
  readonly #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  constructor(post: (message: FromCore) => void) {
    this.#post = post;
  }

  call(channel: HostChannel, input: unknown): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      try {
        this.#post({ kind: 'host-call', id, channel, input });
      } catch {
        this.#waiting.delete(id);
        reject(new HostChannelFailed('The host call could not be sent'));
      }
    });
  }

  answer(reply: HostReply): void {
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    this.#waiting.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(new HostChannelFailed('The host could not do it'));
  }

  handlers(): HostChannelHandlers {
    return {
      'present:open': (input) => this.call('present:open', input),
      'present:show': (input) => this.call('present:show', input),
      'present:close': (input) => this.call('present:close', input),
    };
  }
}

/** The host's answer to one host call (WorkerCore): never throws, a failure is `ok: false`. */
export async function answerHostCall(handlers: HostChannelHandlers | undefined, channel: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false }> {
  if (!handlers || !isHostChannel(channel)) return { ok: false };
  try {
    // The router validated the input against this channel's schema before the core asked.
    const handler = handlers[channel] as (input: unknown) => unknown;
    return { ok: true, value: await handler(input) };
  } catch {
    return { ok: false };
  }
}
