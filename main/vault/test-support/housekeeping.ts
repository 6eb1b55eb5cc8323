/**
 * The housekeeping after unlock (gallring, automatic backup) stepped by hand: pass `defer` as the
 * manager's `housekeeping.defer`; `run` takes every step put off so far (and those they put off),
 * then waits for a backup thread to end — no sleeping, no timers.
 */
export class SteppedHousekeeping {
  readonly #steps: (() => void)[] = [];
  readonly defer = (step: () => void): void => {
    this.#steps.push(step);
  };

  /** Steps waiting to be taken. */
  get pending(): number {
    return this.#steps.length;
  }

  /** Takes the oldest step put off (false: none). */
  step(): boolean {
    const next = this.#steps.shift();
    next?.();
    return next !== undefined;
  }

  async run(manager: { housekeepingIdle(): Promise<void> }): Promise<void> {
    while (this.step());
    await manager.housekeepingIdle();
  }
}
