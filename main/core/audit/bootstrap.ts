import { accumulate, S, STATS_WIDTH, type SortedRows } from './group-stats.js';
import { METRIC_COUNT, METRIC_INDEX, metricsFromStats } from './metrics.js';
import { poissonSampler, standardNormal, type PoissonSampler } from './poisson.js';
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

/** Score bins per split: rows are summarised per (training group, score bin, label) cell. */
export const SCORE_BINS = 100;

/**
 * One split's rows summarised as cells: rows of one training group with the same label whose scores fall in the same
 * bin. Bins are score-quantile intervals of the whole split, cut at the threshold and at the calibration bins' edges,
 * so every thresholded count and calibration sum is exact per cell; ties never straddle two bins.
 */
interface Cells {
  count: number;
  binCount: number;
  stratum: Int32Array;
  bin: Int32Array;
  positive: Uint8Array;
  predicted: Uint8Array;
  calibrationBin: Uint8Array;
  size: Float64Array;
  lossMean: Float64Array;
  /** Within-cell variance of the loss (population). */
  lossVariance: Float64Array;
  probMean: Float64Array;
}

function buildCells(strata: SortedRows, overall: SortedRows, threshold: number): Cells {
  const { probs, labels, loss, bin: calibration } = overall;
  const n = probs.length;
  const t = Math.fround(threshold);
  // Score bins, ascending: a new bin starts at a new score once the bin holds n / SCORE_BINS rows, or where the
  // calibration bin or the predicted class changes.
  const binOfRow = new Int32Array(n);
  const binPredicted: number[] = [];
  const binCalibration: number[] = [];
  const target = Math.max(1, n / SCORE_BINS);
  let bin = -1;
  let start = 0;
  let previous = Number.NaN;
  for (let k = n - 1, at = 0; k >= 0; k--, at++) {
    const r = overall.order[k]!;
    const p = probs[r]!;
    if (p !== previous) {
      const predicted = p >= t ? 1 : 0;
      const cal = calibration[r]!;
      if (bin < 0 || at - start >= target || predicted !== binPredicted[bin] || cal !== binCalibration[bin]) {
        bin++;
        start = at;
        binPredicted.push(predicted);
        binCalibration.push(cal);
      }
      previous = p;
    }
    binOfRow[r] = bin;
  }
  const binCount = bin + 1;
  // Per training group, dense sums over (bin, label), emitted as the non-empty cells in ascending bin order.
  const width = 2 * binCount;
  const size = new Float64Array(width);
  const lossSum = new Float64Array(width);
  const lossSquares = new Float64Array(width);
  const probSum = new Float64Array(width);
  const cells = {
    stratum: [] as number[],
    key: [] as number[],
    size: [] as number[],
    lossMean: [] as number[],
    lossVariance: [] as number[],
    probMean: [] as number[],
  };
  for (let s = 0; s < strata.groupCount; s++) {
    for (let k = strata.offsets[s]!; k < strata.offsets[s + 1]!; k++) {
      const r = strata.order[k]!;
      const key = 2 * binOfRow[r]! + (labels[r]! >= 0.5 ? 1 : 0);
      size[key]! += 1;
      lossSum[key]! += loss[r]!;
      lossSquares[key]! += loss[r]! * loss[r]!;
      probSum[key]! += probs[r]!;
    }
    for (let key = 0; key < width; key++) {
      const c = size[key]!;
      if (c === 0) continue;
      const mean = lossSum[key]! / c;
      cells.stratum.push(s);
      cells.key.push(key);
      cells.size.push(c);
      cells.lossMean.push(mean);
      cells.lossVariance.push(Math.max(0, lossSquares[key]! / c - mean * mean));
      cells.probMean.push(probSum[key]! / c);
      size[key] = 0;
      lossSum[key] = 0;
      lossSquares[key] = 0;
      probSum[key] = 0;
    }
  }
  const bins = Int32Array.from(cells.key, (key) => key >> 1);
  return {
    count: cells.key.length,
    binCount,
    stratum: Int32Array.from(cells.stratum),
    bin: bins,
    positive: Uint8Array.from(cells.key, (key) => key & 1),
    predicted: Uint8Array.from(bins, (b) => binPredicted[b]!),
    calibrationBin: Uint8Array.from(bins, (b) => binCalibration[b]!),
    size: Float64Array.from(cells.size),
    lossMean: Float64Array.from(cells.lossMean),
    lossVariance: Float64Array.from(cells.lossVariance),
    probMean: Float64Array.from(cells.probMean),
  };
}

/** Training group → group of `rows` (a coarsening of the strata); throws if a training group is split between groups. */
function strataMap(strata: SortedRows, rows: SortedRows): Int32Array {
  const groupOfRow = new Int32Array(rows.probs.length);
  for (let g = 0; g < rows.groupCount; g++)
    for (let k = rows.offsets[g]!; k < rows.offsets[g + 1]!; k++) groupOfRow[rows.order[k]!] = g;
  const map = new Int32Array(strata.groupCount).fill(-1);
  for (let s = 0; s < strata.groupCount; s++) {
    for (let k = strata.offsets[s]!; k < strata.offsets[s + 1]!; k++) {
      const g = groupOfRow[strata.order[k]!]!;
      if (map[s] === -1) map[s] = g;
      else if (map[s] !== g) throw new Error(`audit: training group ${s} falls into two groups of one table`);
    }
  }
  return map;
}

/**
 * One resample's statistics per training group (STATS_WIDTH each, loss included) from cell multiplicities. The loss
 * of x draws from a cell is x·mean plus a normal term with variance x·(within-cell variance); the normal terms of a
 * group's cells add up to one normal draw per group.
 */
class StrataResample {
  readonly stats: Float64Array;
  readonly #lossVariance: Float64Array;

  constructor(
    readonly cells: Cells,
    readonly strataCount: number,
  ) {
    this.stats = new Float64Array(strataCount * STATS_WIDTH);
    this.#lossVariance = new Float64Array(strataCount);
  }

  /** `noise` null: no within-cell loss noise (the point estimate from cells). */
  fill(weight: Float64Array, noise: (() => number) | null): void {
    const c = this.cells;
    const out = this.stats;
    const variance = this.#lossVariance;
    out.fill(0);
    variance.fill(0);
    for (let k = 0; k < c.count; k++) {
      const x = weight[k]!;
      if (x === 0) continue;
      const s = c.stratum[k]!;
      const base = s * STATS_WIDTH;
      const y = c.positive[k] === 1;
      out[base + S.n]! += x;
      out[base + S.lossSum]! += x * c.lossMean[k]!;
      variance[s]! += x * c.lossVariance[k]!;
      if (y) out[base + S.positives]! += x;
      if (c.predicted[k] === 1) {
        out[base + S.predictedPositives]! += x;
        if (y) out[base + S.truePositives]! += x;
        else out[base + S.falsePositives]! += x;
      }
      const b = base + S.bins + 3 * c.calibrationBin[k]!;
      out[b]! += x;
      out[b + 1]! += x * c.probMean[k]!;
      if (y) out[b + 2]! += x;
    }
    if (noise)
      for (let s = 0; s < this.strataCount; s++)
        if (variance[s]! > 0) out[s * STATS_WIDTH + S.lossSum]! += Math.sqrt(variance[s]!) * noise();
  }
}

/**
 * A table's group statistics in one resample (the table is a coarsening of the training groups): sums of the training
 * groups' statistics, and AUC pairs from the table groups' score-bin counts, filled from the cells.
 */
class TableFromStrata {
  readonly stats: Float64Array;
  readonly #pos: Float64Array;
  readonly #neg: Float64Array;
  /** Table group of each cell. */
  readonly #groupOfCell: Int32Array;

  constructor(
    readonly cells: Cells,
    readonly map: Int32Array,
    readonly groupCount: number,
  ) {
    this.stats = new Float64Array(groupCount * STATS_WIDTH);
    this.#pos = new Float64Array(groupCount * cells.binCount);
    this.#neg = new Float64Array(groupCount * cells.binCount);
    this.#groupOfCell = Int32Array.from(cells.stratum, (s) => map[s]!);
  }

  fill(strata: StrataResample, weight: Float64Array): void {
    const c = this.cells;
    const B = c.binCount;
    const out = this.stats;
    const pos = this.#pos;
    const neg = this.#neg;
    const groupOfCell = this.#groupOfCell;
    out.fill(0);
    pos.fill(0);
    neg.fill(0);
    for (let s = 0; s < this.map.length; s++) {
      const base = this.map[s]! * STATS_WIDTH;
      const from = s * STATS_WIDTH;
      for (let j = 0; j < STATS_WIDTH; j++) out[base + j]! += strata.stats[from + j]!;
    }
    for (let k = 0; k < c.count; k++) {
      const x = weight[k]!;
      if (x === 0) continue;
      const at = groupOfCell[k]! * B + c.bin[k]!;
      if (c.positive[k] === 1) pos[at]! += x;
      else neg[at]! += x;
    }
    // AUC pairs per group: negatives below positives in higher bins, pairs within a bin counted ½.
    for (let g = 0; g < this.groupCount; g++) {
      let above = 0;
      let pairs = 0;
      for (let b = B - 1; b >= 0; b--) {
        const p = pos[g * B + b]!;
        pairs += neg[g * B + b]! * (above + p / 2);
        above += p;
      }
      out[g * STATS_WIDTH + S.aucPairs] = pairs;
    }
  }
}

/**
 * Evaluates one split at a threshold under several groupings (marginal tables, intersection) exactly, then draws
 * bootstrap replicates of every grouping from the same resamples.
 *
 * The resampling is a Poisson bootstrap (each row drawn Poisson(1) times; Hanley & MacGibbon 2006, Chamandy et al.
 * 2012) over sufficient statistics: the rows are summarised once as cells (training group × score bin × label, see
 * Cells), a cell of c rows is drawn Poisson(c) times, and a replicate is computed from the cells alone, so a resample
 * costs the number of cells, not of rows. Exact per cell: every count, thresholded rate and calibration sum. The loss
 * of x draws from a cell is x·mean plus a normal term with the cell's within variance (exact mean and variance; see
 * StrataResample).
 * AUC counts pairs within one score bin as ½; each group's replicates are shifted by the point estimate's binning
 * error, so that only the spread, not the centre, comes from the binned AUC. Drawing per cell keeps every resample
 * consistent across the tables (they are coarsenings of the training groups) and with `overall`, the same rows as a
 * single group (needed because AUC does not add up across groups).
 */
export function evaluate(
  tables: SortedRows[],
  strata: SortedRows,
  overall: SortedRows,
  threshold: number,
  options: BootstrapOptions,
  onResample?: (done: number, total: number) => void,
): Evaluation[] {
  const R = Math.max(0, Math.floor(options.resamples));
  const overallStats = new Float64Array(STATS_WIDTH);
  accumulate(overall, threshold, overallStats);
  const overallPoint = new Float64Array(METRIC_COUNT);
  metricsFromStats(overallStats, 0, overallPoint, 0);
  const overallSamples = new Float32Array(R * METRIC_COUNT);
  const out: Evaluation[] = tables.map((rows) => {
    const G = rows.groupCount;
    const stats = new Float64Array(G * STATS_WIDTH);
    accumulate(rows, threshold, stats);
    const point = new Float64Array(G * METRIC_COUNT);
    for (let g = 0; g < G; g++) metricsFromStats(stats, g * STATS_WIDTH, point, g * METRIC_COUNT);
    return {
      groupCount: G,
      resamples: R,
      stats,
      point,
      overallStats,
      overallPoint,
      samples: new Float32Array(R * G * METRIC_COUNT),
      overallSamples,
    };
  });
  if (R === 0) return out;

  const cells = buildCells(strata, overall, threshold);
  const resample = new StrataResample(cells, strata.groupCount);
  const targets = [
    ...tables.map((rows, t) => ({
      table: new TableFromStrata(cells, strataMap(strata, rows), rows.groupCount),
      point: out[t]!.point,
      samples: out[t]!.samples,
    })),
    {
      table: new TableFromStrata(cells, new Int32Array(strata.groupCount), 1),
      point: overallPoint,
      samples: overallSamples,
    },
  ];
  const A = METRIC_INDEX.auc;
  // Binning error of each group's AUC at the point estimate (every cell at its size), added back to every replicate.
  resample.fill(cells.size, null);
  const shifts = targets.map(({ table, point }) => {
    table.fill(resample, cells.size);
    const binned = new Float64Array(METRIC_COUNT);
    return Float64Array.from({ length: table.groupCount }, (_, g) => {
      metricsFromStats(table.stats, g * STATS_WIDTH, binned, 0);
      const d = point[g * METRIC_COUNT + A]! - binned[A]!;
      return Number.isFinite(d) ? d : 0;
    });
  });

  const samplers: PoissonSampler[] = Array.from(cells.size, (c) => poissonSampler(c));
  const weight = new Float64Array(cells.count);
  const random = mulberry32(options.seed);
  const noise = () => standardNormal(random);
  for (let r = 0; r < R; r++) {
    for (let k = 0; k < cells.count; k++) weight[k] = samplers[k]!.draw(random);
    resample.fill(weight, noise);
    targets.forEach(({ table, samples }, t) => {
      table.fill(resample, weight);
      const G = table.groupCount;
      const shift = shifts[t]!;
      for (let g = 0; g < G; g++) {
        const at = (r * G + g) * METRIC_COUNT;
        metricsFromStats(table.stats, g * STATS_WIDTH, samples, at);
        samples[at + A] = Math.min(1, Math.max(0, samples[at + A]! + shift[g]!));
      }
    });
    onResample?.(r + 1, R);
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
