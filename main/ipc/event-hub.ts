import { type EventName, type EventPayload, events } from '../../shared/ipc/events';

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Main-process events on their way to the pages; each host subscribes its own transport. */
export class EventHub {
  readonly #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(payload) as EventPayload<E>;
    for (const listener of this.#listeners) listener(event, checked);
  }
}
