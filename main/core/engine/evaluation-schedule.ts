import type { RunClock } from './run-clock.js';

/** Full-split evaluations may take at most this share of a time-budgeted run's wall time. */
export const EVALUATION_SHARE = 0.1;
/** Evaluations a fixed-step run makes (besides the start and the end). */
const FIXED_STEP_EVALUATIONS = 50;

/**
 * When to evaluate the current iterate on every split (the selection candidates and the live monitor's points).
 *
 * Time budgets: by measured cost (c, the last evaluation's wall time, before the first one an estimate; E, all of
 * them so far and the time spent estimating; s = EVALUATION_SHARE; r = s/(1 − s)). The untrained start is evaluated
 * only when E + 2c ≤ r·T (startDue).
 * The next evaluation waits at least minGap seconds of training t, until E + c ≤ r·t (evaluations paced within s so
 * far), and is made only while E + 2c ≤ r·T for the time budget T (room left for the run's final evaluation). So at
 * any data size evaluations, the final one included, take at most s of the run (once T fits the final evaluation),
 * and the monitor gets a point every max(minGap, c/r) seconds.
 * Fixed-step budgets: every ⌈N/50⌉ iterations, so the history and the selected iterate are reproducible from the seed
 * (a cost-based schedule would depend on the machine's speed).
 */
export class EvaluationSchedule {
  readonly #every: number | null;
  #lastIteration = -1;
  #lastSeconds = 0;
  #spentSeconds = 0;
  #lastCost = 0;

  constructor(
    private readonly clock: RunClock,
    private readonly minGap: number,
  ) {
    this.#every = fixedStride(clock, FIXED_STEP_EVALUATIONS, Math.ceil);
  }

  due(): boolean {
    if (this.#every !== null) return this.clock.iteration - this.#lastIteration >= this.#every;
    const t = this.clock.trainSeconds;
    const ratio = EVALUATION_SHARE / (1 - EVALUATION_SHARE);
    const next = this.#spentSeconds + this.#lastCost;
    return (
      t - this.#lastSeconds >= this.minGap &&
      next <= ratio * t &&
      next + this.#lastCost <= ratio * this.clock.timeBudget
    );
  }

  /**
   * What one evaluation should cost, estimated before any (time budgets plan with it until one is made), and the
   * seconds the estimate itself took, which count against the share like an evaluation; `evaluatedStart` when the
   * estimate's own evaluation of the whole task is the start's.
   */
  estimate(costSeconds: number, tookSeconds: number, evaluatedStart = false): void {
    if (this.#lastIteration < 0) this.#lastCost = costSeconds;
    this.#spentSeconds += tookSeconds;
    if (evaluatedStart) {
      this.#lastIteration = this.clock.iteration;
      this.#lastSeconds = this.clock.trainSeconds;
    }
  }

  /**
   * Whether to evaluate the untrained start before the first step: always for fixed-step budgets (reproducible);
   * for time budgets when it and the final evaluation fit in the share of the budget (by the estimate, after the
   * time the estimate took), so a large dataset's first step does not wait for an evaluation the budget cannot afford.
   */
  startDue(): boolean {
    if (this.#every !== null) return true;
    const ratio = EVALUATION_SHARE / (1 - EVALUATION_SHARE);
    return this.#spentSeconds + 2 * this.#lastCost <= ratio * this.clock.timeBudget;
  }

  /** The current iterate has been evaluated, which took `costSeconds` of wall time. */
  done(costSeconds: number): void {
    this.#lastIteration = this.clock.iteration;
    this.#lastSeconds = this.clock.trainSeconds;
    this.#spentSeconds += costSeconds;
    this.#lastCost = costSeconds;
  }

  /** The current iterate has already been evaluated (so the final one need not repeat it). */
  get current(): boolean {
    return this.#lastIteration === this.clock.iteration;
  }
}

/** Logged training points per fixed-step run. */
const FIXED_STEP_LOG_POINTS = 1000;

/**
 * When a step also returns its estimates for the history: every ⌊N/1000⌋ iterations for fixed-step budgets
 * (reproducible), every `interval` seconds of training otherwise.
 */
export class LogSchedule {
  readonly #every: number | null;
  #sinceLog = Infinity;

  constructor(
    private readonly clock: RunClock,
    private readonly interval: number,
  ) {
    this.#every = fixedStride(clock, FIXED_STEP_LOG_POINTS, Math.floor);
  }

  /** Whether the next step logs. */
  due(): boolean {
    return this.#every !== null ? this.clock.iteration % this.#every === 0 : this.#sinceLog >= this.interval;
  }

  stepped(seconds: number, logged: boolean): void {
    this.#sinceLog = logged ? 0 : this.#sinceLog + seconds;
  }
}

/** For a fixed-step budget, the iteration stride that spreads `count` events over the run; null for a time budget. */
function fixedStride(clock: RunClock, count: number, round: (x: number) => number): number | null {
  return clock.plannedIterations === null ? null : Math.max(1, round(clock.plannedIterations / count));
}
