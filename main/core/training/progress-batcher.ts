import type { TrainingProgress } from '../../../shared/config/progress.js';

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Merges a newer update of the same run into a pending one: series are concatenated, the scalar state is the newest. */
function merge(pending: TrainingProgress, next: TrainingProgress): TrainingProgress {
  return {
    ...next,
    points: [...pending.points, ...next.points],
    evaluations: [...pending.evaluations, ...next.evaluations],
  };
}

/**
 * Limits one job's progress stream to one emission per interval (50 ms: at most 20 per second).
 * The first update after a quiet interval goes out at once; later ones are merged and sent when the interval ends,
 * so no point is ever dropped, only delayed. Updates of different runs are never merged, because the points of an
 * event belong to the run its runIndex names; a run boundary costs one extra interval of delay instead.
 */
export class ProgressBatcher {
  #pending: TrainingProgress[] = [];
  #timer: unknown = null;
  #last = -Infinity;

  constructor(
    private readonly emit: (progress: TrainingProgress) => void,
    private readonly intervalMs = 50,
    private readonly timers: Timers = realTimers,
  ) {}

  push(progress: TrainingProgress): void {
    const tail = this.#pending[this.#pending.length - 1];
    if (tail && tail.runIndex === progress.runIndex) this.#pending[this.#pending.length - 1] = merge(tail, progress);
    else this.#pending.push(progress);
    if (this.#timer === null) this.#schedule();
  }

  /** Sends everything pending now: used once, before a job's final status, so its last points arrive first. */
  flush(): void {
    if (this.#timer !== null) this.timers.clearTimeout(this.#timer);
    this.#timer = null;
    const pending = this.#pending;
    this.#pending = [];
    for (const p of pending) this.emit(p);
  }

  #schedule(): void {
    const wait = this.#last + this.intervalMs - this.timers.now();
    if (wait <= 0) this.#tick();
    else this.#timer = this.timers.setTimeout(() => this.#tick(), wait);
  }

  #tick(): void {
    this.#timer = null;
    const next = this.#pending.shift();
    if (!next) return;
    this.#last = this.timers.now();
    this.emit(next);
    if (this.#pending.length) this.#schedule();
  }
}
