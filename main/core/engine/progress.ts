import type { EvaluationPoint, HistoryPoint } from '../../../shared/config/results.js';
import type { TrainingProgress } from '../../../shared/config/progress.js';

type Phase = TrainingProgress['phase'];

/**
 * Throttles the training event stream: the run loop reports every logged point and evaluation; an update goes out at
 * most every `intervalMs` (default 200 ms → 5/s, inside the 4–20/s contract) with the history points thinned.
 */
export class ProgressReporter {
  #points: HistoryPoint[] = [];
  #evaluations: EvaluationPoint[] = [];
  #last = 0;
  #runIndex = 0;
  #runFraction = 0;
  #phase: Phase = 'preparing';
  #rate = 0;
  readonly #started = performance.now();

  constructor(
    private readonly runs: number,
    private readonly emit: (p: TrainingProgress) => void,
    private readonly backend: string,
    private readonly intervalMs = 200,
    private readonly maxPoints = 10,
  ) {}

  point(p: HistoryPoint): void {
    this.#points.push(p);
  }

  evaluation(e: EvaluationPoint): void {
    this.#evaluations.push(e);
  }

  update(state: { runIndex?: number; runFraction?: number; phase?: Phase; iterationsPerSecond?: number }): void {
    if (state.runIndex !== undefined) this.#runIndex = state.runIndex;
    if (state.runFraction !== undefined) this.#runFraction = Math.min(1, Math.max(0, state.runFraction));
    if (state.phase !== undefined) this.#phase = state.phase;
    if (state.iterationsPerSecond !== undefined) this.#rate = state.iterationsPerSecond;
  }

  /** Sends an update if the interval has passed (or `force`), with a message if given. */
  tick(force = false, message?: string): void {
    const now = performance.now();
    if (!force && now - this.#last < this.intervalMs) return;
    this.#last = now;
    const fraction = Math.min(1, (this.#runIndex + this.#runFraction) / this.runs);
    const elapsed = (now - this.#started) / 1000;
    const progress: TrainingProgress = {
      runIndex: this.#runIndex,
      runs: this.runs,
      phase: this.#phase,
      points: thin(this.#points, this.maxPoints),
      evaluations: this.#evaluations,
      iterationsPerSecond: this.#rate,
      etaSeconds: fraction > 0.01 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : fraction >= 1 ? 0 : null,
      fraction,
      backend: this.backend,
      ...(message ? { message } : {}),
    };
    this.#points = [];
    this.#evaluations = [];
    this.emit(progress);
  }
}

export function thin<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(items[Math.round((k * (items.length - 1)) / (max - 1))]!);
  return out;
}
