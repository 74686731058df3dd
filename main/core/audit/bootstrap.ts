import { accumulate, STATS_WIDTH, type SortedRows } from './group-stats.js';
import { METRIC_COUNT, metricsFromStats } from './metrics.js';
import { mulberry32 } from './prng.js';

export interface BootstrapOptions {
  /** Number of resamples; 0 gives point estimates without intervals. */
  resamples: number;
  seed: number;
  /** Two-sided confidence level of the intervals, e.g. 0.95. */
  confidence: number;
}

/** Point metrics and bootstrap replicates of every group and of the whole split. */
export interface Evaluation {
  groupCount: number;
  resamples: number;
  /** Point statistics, groupCount × STATS_WIDTH. */
  stats: Float64Array;
  /** Point metrics, groupCount × METRIC_COUNT (NaN = undefined). */
  point: Float64Array;
  overallStats: Float64Array;
  overallPoint: Float64Array;
  /** resamples × groupCount × METRIC_COUNT. */
  samples: Float32Array;
  /** resamples × METRIC_COUNT. */
  overallSamples: Float32Array;
}

/**
 * Evaluates a split at a threshold, then resamples rows with replacement *within each group* (stratified, so every
 * group keeps its size, as the audit conditions on the group sizes it observed) and re-evaluates.
 * `overall` is the same rows as a single group, needed because AUC does not add up across groups.
 */
export function evaluate(rows: SortedRows, overall: SortedRows, threshold: number, options: BootstrapOptions): Evaluation {
  const G = rows.groupCount;
  const stats = new Float64Array(G * STATS_WIDTH);
  const overallStats = new Float64Array(STATS_WIDTH);
  accumulate(rows, threshold, null, stats);
  accumulate(overall, threshold, null, overallStats);
  const point = new Float64Array(G * METRIC_COUNT);
  for (let g = 0; g < G; g++) metricsFromStats(stats, g * STATS_WIDTH, point, g * METRIC_COUNT);
  const overallPoint = new Float64Array(METRIC_COUNT);
  metricsFromStats(overallStats, 0, overallPoint, 0);

  const R = Math.max(0, Math.floor(options.resamples));
  const samples = new Float32Array(R * G * METRIC_COUNT);
  const overallSamples = new Float32Array(R * METRIC_COUNT);
  const weights = new Int32Array(rows.probs.length);
  const scratch = new Float64Array(G * STATS_WIDTH);
  const overallScratch = new Float64Array(STATS_WIDTH);
  const random = mulberry32(options.seed);
  const { order, offsets } = rows;
  for (let r = 0; r < R; r++) {
    weights.fill(0);
    for (let g = 0; g < G; g++) {
      const start = offsets[g]!;
      const size = offsets[g + 1]! - start;
      for (let k = 0; k < size; k++) weights[order[start + Math.floor(random() * size)]!]!++;
    }
    accumulate(rows, threshold, weights, scratch);
    accumulate(overall, threshold, weights, overallScratch);
    for (let g = 0; g < G; g++) {
      metricsFromStats(scratch, g * STATS_WIDTH, samples, (r * G + g) * METRIC_COUNT);
    }
    metricsFromStats(overallScratch, 0, overallSamples, r * METRIC_COUNT);
  }
  return { groupCount: G, resamples: R, stats, point, overallStats, overallPoint, samples, overallSamples };
}

/** Reads metric m of group g (or of the whole split) from the point estimate or one resample. */
export interface MetricView {
  group(g: number, m: number): number;
  overall(m: number): number;
}

export function pointView(ev: Evaluation): MetricView {
  return {
    group: (g, m) => ev.point[g * METRIC_COUNT + m]!,
    overall: (m) => ev.overallPoint[m]!,
  };
}

function resampleView(ev: Evaluation, r: number): MetricView {
  const base = r * ev.groupCount * METRIC_COUNT;
  return {
    group: (g, m) => ev.samples[base + g * METRIC_COUNT + m]!,
    overall: (m) => ev.overallSamples[r * METRIC_COUNT + m]!,
  };
}

/** A point value with its bootstrap percentile interval and one-sided bounds; null = undefined. */
export interface Estimate {
  value: number | null;
  lo: number | null;
  hi: number | null;
  /** One-sided upper / lower confidence bounds at the same level. */
  upper: number | null;
  lower: number | null;
}

/**
 * Estimates any statistic of the group metrics: evaluated on the point data and on every resample (paired,
 * so differences and ratios keep their correlation). Resamples where the statistic is undefined are dropped;
 * if more than half are, the interval is reported as undefined rather than trusted.
 */
export function estimate(ev: Evaluation, confidence: number, statistic: (v: MetricView) => number): Estimate {
  const value = statistic(pointView(ev));
  const valid = Number.isFinite(value) ? value : null;
  if (ev.resamples === 0 || valid === null) return { value: valid, lo: null, hi: null, upper: null, lower: null };
  const values = new Float64Array(ev.resamples);
  let k = 0;
  for (let r = 0; r < ev.resamples; r++) {
    const x = statistic(resampleView(ev, r));
    if (Number.isFinite(x)) values[k++] = x;
  }
  if (k * 2 < ev.resamples) return { value: valid, lo: null, hi: null, upper: null, lower: null };
  const sorted = values.subarray(0, k).sort();
  const alpha = 1 - confidence;
  return {
    value: valid,
    lo: quantile(sorted, alpha / 2),
    hi: quantile(sorted, 1 - alpha / 2),
    upper: quantile(sorted, 1 - alpha),
    lower: quantile(sorted, alpha),
  };
}

/** Linear-interpolated quantile of sorted values (type 7, as R and numpy default). */
export function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
