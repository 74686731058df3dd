import { quantileSorted } from './stats.js';

/** One run's trajectory of a quantity against time, in time order. */
export interface Series {
  seconds: number[];
  values: number[];
}

/** Across-run summary on a common time grid, as the paper's convergence plots show it. */
export interface Band {
  seconds: number[];
  median: (number | null)[];
  q25: (number | null)[];
  q75: (number | null)[];
  mean: (number | null)[];
  /** Runs that had a value at each grid time. */
  count: number[];
}

/** Value of a step function (last observation at or before t), null before the first. */
function valueAt(series: Series, t: number, cursor: { i: number }): number | null {
  while (cursor.i + 1 < series.seconds.length && series.seconds[cursor.i + 1]! <= t) cursor.i += 1;
  if (series.seconds.length === 0 || series.seconds[0]! > t) return null;
  return series.values[cursor.i]!;
}

/**
 * Runs evaluate at different moments, so each is read as a step function (its latest full-data evaluation) on an
 * evenly spaced grid, then median, quartiles and mean are taken over the runs present at each grid time.
 */
export function bandOverRuns(runs: readonly Series[], horizon: number, points = 60): Band {
  const seconds = Array.from({ length: points }, (_, j) => (horizon * j) / (points - 1));
  const cursors = runs.map(() => ({ i: 0 }));
  const band: Band = { seconds, median: [], q25: [], q75: [], mean: [], count: [] };
  for (const t of seconds) {
    const present = runs
      .map((r, k) => valueAt(r, t, cursors[k]!))
      .filter((v): v is number => v !== null && Number.isFinite(v))
      .sort((a, b) => a - b);
    band.count.push(present.length);
    if (present.length === 0) {
      band.median.push(null);
      band.q25.push(null);
      band.q75.push(null);
      band.mean.push(null);
      continue;
    }
    band.median.push(quantileSorted(present, 0.5));
    band.q25.push(quantileSorted(present, 0.25));
    band.q75.push(quantileSorted(present, 0.75));
    band.mean.push(present.reduce((a, b) => a + b, 0) / present.length);
  }
  return band;
}
