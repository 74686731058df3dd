/** How often "… ago" texts move on; a minute-level text needs no finer step. */
const TICK_MS = 15_000;

/**
 * The current time as reactive state, for relative times that must keep moving while a view stays open
 * ("Modified 2 minutes ago"). One interval for the whole app, running while anything reads it.
 */
class Clock {
  #now = $state(new Date());
  #readers = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  get now(): Date {
    return this.#now;
  }

  /** Starts ticking for one reader; returns its stop (an attachment cleanup). */
  follow(): () => void {
    if (this.#readers++ === 0) {
      this.#now = new Date();
      this.#timer = setInterval(() => (this.#now = new Date()), TICK_MS);
    }
    return () => {
      if (--this.#readers === 0) clearInterval(this.#timer);
    };
  }
}

export const clock = new Clock();
