import type { Channel, ChannelOutput, ParsedInput } from '../../shared/ipc/contract';
import { contract } from '../../shared/ipc/contract';
import type { CallerSession } from './session';

/** A handler receives input already validated by the contract and returns the channel's output. */
export type Handler<C extends Channel> = (
  input: ParsedInput<C>,
  session: CallerSession,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

export type DomainHandlers = { readonly [C in Channel]?: Handler<C> };

/** Handlers register per domain; the registry refuses a channel twice or a channel not in the contract. */
export class HandlerRegistry {
  readonly #handlers = new Map<Channel, Handler<Channel>>();

  register(domain: string, handlers: DomainHandlers): this {
    for (const [name, handler] of Object.entries(handlers)) {
      if (!Object.hasOwn(contract, name)) throw new Error(`${domain}: channel ${name} is not in the contract`);
      const channel = name as Channel;
      if (this.#handlers.has(channel)) throw new Error(`${domain}: channel ${channel} is already registered`);
      this.#handlers.set(channel, handler as Handler<Channel>);
    }
    return this;
  }

  get(channel: Channel): Handler<Channel> | undefined {
    return this.#handlers.get(channel);
  }

  /** Channels of the contract that nobody handles; hosts refuse to start while this is non-empty. */
  missing(): Channel[] {
    return (Object.keys(contract) as Channel[]).filter((channel) => !this.#handlers.has(channel));
  }
}
