import type { EvaluationPoint, HistoryPoint } from '../../../../shared/config/results.js';
import { decimate } from '../../../../shared/decimate.js';

export interface XY {
  x: number;
  y: number;
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

export function rowSeries(points: readonly HistoryPoint[], pick: (p: HistoryPoint) => number[], row: number, offset: number, max: number): XY[] {
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
    .filter((p) => !points.some((q) => q !== p && q.violation <= p.violation && q.accuracy >= p.accuracy && (q.violation < p.violation || q.accuracy > p.accuracy)))
    .sort((a, b) => a.violation - b.violation);
}
