/** Time comes from here, never from `Date.now()` deep inside a service, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  /** Jumps to an instant (tests seeding a year of records in order). */
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
}
