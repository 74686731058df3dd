import type { EvaluationPoint, HistoryPoint } from '../../../shared/config/results.js';
import type { HistoryRun } from '../../../shared/ipc/channels/training.js';
import { decimate } from '../../../shared/decimate.js';

/** Points kept per run and series while a job runs; beyond it every other point is dropped (the ends stay exact). */
const CAP = 4000;

function thin<T>(series: T[]): T[] {
  if (series.length <= CAP) return series;
  return series.filter((_, i) => i % 2 === 0 || i === series.length - 1);
}

/**
 * The history a running job has emitted so far, so a renderer that (re)subscribes mid-run can draw the curve from
 * the start. Bounded in memory by thinning, which keeps the shape of long runs.
 */
export class LiveHistory {
  #runs = new Map<number, { points: HistoryPoint[]; evaluations: EvaluationPoint[] }>();

  add(runIndex: number, points: readonly HistoryPoint[], evaluations: readonly EvaluationPoint[]): void {
    let run = this.#runs.get(runIndex);
    if (!run) this.#runs.set(runIndex, (run = { points: [], evaluations: [] }));
    run.points.push(...points);
    run.evaluations.push(...evaluations);
    run.points = thin(run.points);
    run.evaluations = thin(run.evaluations);
  }

  snapshot(maxPoints: number): HistoryRun[] {
    return [...this.#runs.entries()]
      .sort(([a], [b]) => a - b)
      .map(([runIndex, run]) => ({
        runIndex,
        points: decimate(run.points, maxPoints),
        evaluations: decimate(run.evaluations, maxPoints),
      }));
  }
}
