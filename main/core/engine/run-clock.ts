import type { BudgetSpec } from '../../../shared/config/task-config.js';

/**
 * Budget accounting of one run: iterations, training seconds (evaluation, logging and pauses excluded) and epochs, and
 * how much of the budget is spent. Without a time budget the run is a fixed number of steps.
 */
export class RunClock {
  iteration = 0;
  trainSeconds = 0;
  /** Steps the budget allows when it has no time limit (null with a time limit). */
  readonly plannedIterations: number | null;

  constructor(
    private readonly budget: BudgetSpec,
    trainRows: number,
    batchSize: number,
    private readonly epochs: () => number,
  ) {
    this.plannedIterations =
      budget.seconds === undefined
        ? Math.min(
            budget.iterations ?? Infinity,
            budget.epochs !== undefined ? Math.ceil((budget.epochs * trainRows) / batchSize) : Infinity,
          )
        : null;
  }

  /** Seconds of training the budget allows (Infinity without a time limit). */
  get timeBudget(): number {
    return this.budget.seconds ?? Infinity;
  }

  step(seconds: number): void {
    this.iteration++;
    this.trainSeconds += seconds;
  }

  exhausted(): boolean {
    const b = this.budget;
    return (
      (b.iterations !== undefined && this.iteration >= b.iterations) ||
      (b.seconds !== undefined && this.trainSeconds >= b.seconds) ||
      (b.epochs !== undefined && this.epochs() >= b.epochs)
    );
  }

  /** Share of the budget spent, by whichever limit is closest. */
  fraction(): number {
    const b = this.budget;
    const parts: number[] = [];
    if (b.seconds !== undefined) parts.push(this.trainSeconds / b.seconds);
    if (b.iterations !== undefined) parts.push(this.iteration / b.iterations);
    if (b.epochs !== undefined) parts.push(this.epochs() / b.epochs);
    return Math.min(1, Math.max(...parts));
  }
}
