/** Pause / resume / cancel shared by the job, its runs, and whichever host drives them. */
export class JobControl {
  #paused = false;
  #cancelled = false;
  #resumeWaiters: (() => void)[] = [];

  get paused(): boolean {
    return this.#paused;
  }

  get cancelled(): boolean {
    return this.#cancelled;
  }

  pause(): void {
    if (!this.#cancelled) this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const wake of this.#resumeWaiters.splice(0)) wake();
  }

  cancel(): void {
    this.#cancelled = true;
    this.resume();
  }

  /** Resolves at once unless paused; then when resumed or cancelled. */
  waitWhilePaused(): Promise<void> {
    if (!this.#paused) return Promise.resolve();
    return new Promise((resolve) => this.#resumeWaiters.push(resolve));
  }
}
