import { accumulate, STATS_WIDTH, type SortedRows } from './group-stats.js';
import { METRIC_COUNT, metricsFromStats } from './metrics.js';
import { mulberry32 } from '../../../shared/random.js';

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
 * Evaluates one split at a threshold under several groupings (marginal tables, intersection), then resamples rows
 * with replacement *within each group of the finest grouping* (`strata`, the training groups) and re-evaluates
 * every grouping on the same resample. Stratifying by the intersection keeps every marginal group's size fixed too,
 * as the audit conditions on the group sizes it observed; sharing the resample keeps the tables consistent.
 * `overall` is the same rows as a single group, needed because AUC does not add up across groups.
 */
export function evaluate(
  tables: SortedRows[],
  strata: SortedRows,
  overall: SortedRows,
  threshold: number,
  options: BootstrapOptions,
): Evaluation[] {
  const R = Math.max(0, Math.floor(options.resamples));
  const overallStats = new Float64Array(STATS_WIDTH);
  accumulate(overall, threshold, null, overallStats);
  const overallPoint = new Float64Array(METRIC_COUNT);
  metricsFromStats(overallStats, 0, overallPoint, 0);
  const overallSamples = new Float32Array(R * METRIC_COUNT);
  const out: Evaluation[] = tables.map((rows) => {
    const G = rows.groupCount;
    const stats = new Float64Array(G * STATS_WIDTH);
    accumulate(rows, threshold, null, stats);
    const point = new Float64Array(G * METRIC_COUNT);
    for (let g = 0; g < G; g++) metricsFromStats(stats, g * STATS_WIDTH, point, g * METRIC_COUNT);
    return { groupCount: G, resamples: R, stats, point, overallStats, overallPoint, samples: new Float32Array(R * G * METRIC_COUNT), overallSamples };
  });

  const weights = new Int32Array(overall.probs.length);
  const scratch = tables.map((rows) => new Float64Array(rows.groupCount * STATS_WIDTH));
  const overallScratch = new Float64Array(STATS_WIDTH);
  const random = mulberry32(options.seed);
  const { order, offsets } = strata;
  for (let r = 0; r < R; r++) {
    weights.fill(0);
    for (let g = 0; g < strata.groupCount; g++) {
      const start = offsets[g]!;
      const size = offsets[g + 1]! - start;
      for (let k = 0; k < size; k++) weights[order[start + Math.floor(random() * size)]!]!++;
    }
    tables.forEach((rows, t) => {
      const st = scratch[t]!;
      accumulate(rows, threshold, weights, st);
      const G = rows.groupCount;
      for (let g = 0; g < G; g++) metricsFromStats(st, g * STATS_WIDTH, out[t]!.samples, (r * G + g) * METRIC_COUNT);
    });
    accumulate(overall, threshold, weights, overallScratch);
    metricsFromStats(overallScratch, 0, overallSamples, r * METRIC_COUNT);
  }
  return out;
}

/** Reads metric m of group g (or of the whole split) from the point estimate or one resample. */
export interface MetricView {
  group(g: number, m: number): number;
  overall(m: number): number;
}

/**
 * One reusable view that is moved from resample to resample: a statistic is evaluated thousands of times, and a
 * fresh pair of closures per evaluation dominated the run time.
 */
class EvaluationView implements MetricView {
  #groups: Float64Array | Float32Array;
  #overall: Float64Array | Float32Array;
  #groupBase = 0;
  #overallBase = 0;
  readonly #ev: Evaluation;

  constructor(ev: Evaluation) {
    this.#ev = ev;
    this.#groups = ev.point;
    this.#overall = ev.overallPoint;
  }

  atPoint(): this {
    this.#groups = this.#ev.point;
    this.#overall = this.#ev.overallPoint;
    this.#groupBase = 0;
    this.#overallBase = 0;
    return this;
  }

  atResample(r: number): this {
    this.#groups = this.#ev.samples;
    this.#overall = this.#ev.overallSamples;
    this.#groupBase = r * this.#ev.groupCount * METRIC_COUNT;
    this.#overallBase = r * METRIC_COUNT;
    return this;
  }

  group(g: number, m: number): number {
    return this.#groups[this.#groupBase + g * METRIC_COUNT + m]!;
  }

  overall(m: number): number {
    return this.#overall[this.#overallBase + m]!;
  }
}

export function pointView(ev: Evaluation): MetricView {
  return new EvaluationView(ev);
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
  const view = new EvaluationView(ev);
  const value = statistic(view.atPoint());
  const valid = Number.isFinite(value) ? value : null;
  if (ev.resamples === 0 || valid === null) return { value: valid, lo: null, hi: null, upper: null, lower: null };
  const values = new Float64Array(ev.resamples);
  let k = 0;
  for (let r = 0; r < ev.resamples; r++) {
    const x = statistic(view.atResample(r));
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
