import type { EvaluationPoint, HistoryPoint } from '../../../../shared/config/results.js';
import { decimate } from '../../../../shared/decimate.js';

export interface XY {
  x: number;
  y: number;
  /** What the point is (a run's job name and seed), shown in its tooltip. */
  name?: string;
}

export interface AxisRange {
  min: number;
  max: number;
}

/**
 * Axis ranges for the accuracy-vs-violation plot: the violation axis starts at 0 (or below, for runs inside their
 * tolerance) and accuracy is padded around the runs, so a plot of runs that all meet the tolerance reads 0 … a
 * little, never Chart.js's −1 … 1, and runs a few thousandths apart are spread out rather than stacked.
 */
export function paretoAxes(
  points: readonly { violation: number; accuracy: number }[],
): { x: AxisRange; y: AxisRange } | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p.violation);
  const ys = points.map((p) => p.accuracy);
  const xLo = Math.min(0, ...xs);
  const xHi = Math.max(...xs);
  const xPad = Math.max((xHi - xLo) * 0.08, 0.002);
  const yLo = Math.min(...ys);
  const yHi = Math.max(...ys);
  const yPad = Math.max((yHi - yLo) * 0.1, 0.005);
  return {
    x: { min: xLo < 0 ? xLo - xPad : 0, max: xHi + xPad },
    y: { min: Math.max(0, yLo - yPad), max: Math.min(1, yHi + yPad) },
  };
}

/** Indices of the k rows with the largest latest value (the ones closest to or beyond their bound). */
export function worstRows(points: readonly HistoryPoint[], pick: (p: HistoryPoint) => number[], k: number): number[] {
  const last = points[points.length - 1];
  if (!last) return [];
  const values = pick(last);
  return values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .map(([, i]) => i)
    .sort((a, b) => a - b);
}

/** A constraint row's name, or its number while the names are unknown (a job interrupted by the app's stop). */
export function constraintLabel(names: readonly string[], row: number): string {
  return names[row] ?? `constraint ${row + 1}`;
}

export function lossSeries(points: readonly HistoryPoint[], max: number): XY[] {
  return decimate(points, max).map((p) => ({ x: p.iteration, y: p.loss }));
}

export function rowSeries(
  points: readonly HistoryPoint[],
  pick: (p: HistoryPoint) => number[],
  row: number,
  offset: number,
  max: number,
): XY[] {
  return decimate(points, max)
    .filter((p) => pick(p)[row] !== undefined)
    .map((p) => ({ x: p.iteration, y: pick(p)[row]! + offset }));
}

/** The largest constraint row at each point: the one that decides feasibility. */
export function maxRowSeries(points: readonly HistoryPoint[], offset: number, max: number): XY[] {
  return decimate(points, max)
    .filter((p) => p.constraints.length > 0)
    .map((p) => ({ x: p.iteration, y: Math.max(...p.constraints) + offset }));
}

export function evaluationSeries(
  evaluations: readonly EvaluationPoint[],
  split: EvaluationPoint['split'],
  metric: 'accuracy' | 'auc' | 'maxViolation' | 'loss',
  max: number,
): XY[] {
  return decimate(
    evaluations.filter((e) => e.split === split && e[metric] !== null),
    max,
  ).map((e) => ({ x: e.iteration, y: e[metric]! }));
}

/** Points not dominated by another (lower violation and higher accuracy is better). */
export function paretoFront<T extends { violation: number; accuracy: number }>(points: readonly T[]): T[] {
  return points
    .filter(
      (p) =>
        !points.some(
          (q) =>
            q !== p &&
            q.violation <= p.violation &&
            q.accuracy >= p.accuracy &&
            (q.violation < p.violation || q.accuracy > p.accuracy),
        ),
    )
    .sort((a, b) => a.violation - b.violation);
}
