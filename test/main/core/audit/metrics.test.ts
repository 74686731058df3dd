import { describe, expect, it } from 'vitest';
import { evaluate, estimate, type Evaluation } from '../../../../main/core/audit/bootstrap.js';
import { accumulate, argsortDescending, sortRows, STATS_WIDTH } from '../../../../main/core/audit/group-stats.js';
import { rocAuc } from '../../../../main/core/metrics/auc.js';
import { METRIC_COUNT, METRIC_INDEX as M, metricsFromStats } from '../../../../main/core/audit/metrics.js';
import { mulberry32 } from '../../../../shared/random.js';

/** Group 0 (A): six rows; group 1 (B): three rows, no positives. Values hand-computed in the comments. */
const probs = Float32Array.from([0.9, 0.8, 0.6, 0.4, 0.2, 0.1, 0.7, 0.3, 0.3]);
const labels = Float32Array.from([1, 1, 0, 1, 0, 0, 0, 0, 0]);
const groups = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1]);

function metricsOf(p: Float32Array, y: Float32Array, g: Int32Array, G: number, threshold = 0.5) {
  const rows = sortRows(p, y, g, G);
  const stats = new Float64Array(G * STATS_WIDTH);
  accumulate(rows, threshold, stats);
  const out = new Float64Array(G * METRIC_COUNT);
  for (let k = 0; k < G; k++) metricsFromStats(stats, k * STATS_WIDTH, out, k * METRIC_COUNT);
  return (k: number, m: number) => out[k * METRIC_COUNT + m]!;
}

describe('group metrics on a hand-computed table', () => {
  const get = metricsOf(probs, labels, groups, 2);

  it('computes the confusion-matrix rates of group A (TP 2, FP 1, FN 1, TN 2)', () => {
    expect(get(0, M.baseRate)).toBeCloseTo(3 / 6, 12);
    expect(get(0, M.positiveRate)).toBeCloseTo(3 / 6, 12);
    expect(get(0, M.tpr)).toBeCloseTo(2 / 3, 12);
    expect(get(0, M.fpr)).toBeCloseTo(1 / 3, 12);
    expect(get(0, M.fnr)).toBeCloseTo(1 / 3, 12);
    expect(get(0, M.ppv)).toBeCloseTo(2 / 3, 12);
    expect(get(0, M.npv)).toBeCloseTo(2 / 3, 12);
    expect(get(0, M.accuracy)).toBeCloseTo(4 / 6, 12);
  });

  it('computes loss, AUC and calibration error of group A', () => {
    // Pairs (pos > neg): 0.9 beats 3, 0.8 beats 3, 0.4 beats 2 → 8 / 9.
    expect(get(0, M.auc)).toBeCloseTo(8 / 9, 12);
    // Loss: each of −ln 0.9, −ln 0.8, −ln 0.4 twice, over 6 rows (float32 inputs → 1e-6).
    expect(get(0, M.loss)).toBeCloseTo((-Math.log(0.9) - Math.log(0.8) - Math.log(0.4)) / 3, 6);
    // One row per bin: |p − y| = .1 .2 .6 .6 .2 .1 → 1.8 / 6.
    expect(get(0, M.calibrationError)).toBeCloseTo(0.3, 6);
  });

  it('leaves rates undefined (NaN), not 0, for a group with no positives', () => {
    expect(get(1, M.baseRate)).toBe(0);
    expect(get(1, M.tpr)).toBeNaN();
    expect(get(1, M.fnr)).toBeNaN();
    expect(get(1, M.auc)).toBeNaN();
    expect(get(1, M.fpr)).toBeCloseTo(1 / 3, 12);
    expect(get(1, M.ppv)).toBe(0);
    expect(get(1, M.npv)).toBe(1);
  });

  it('counts ties as half in AUC and predicts positive at the threshold itself', () => {
    const g = metricsOf(Float32Array.from([0.7, 0.7, 0.2]), Float32Array.from([1, 0, 0]), new Int32Array(3), 1, 0.7);
    expect(g(0, M.auc)).toBeCloseTo(0.75, 12);
    expect(g(0, M.positiveRate)).toBeCloseTo(2 / 3, 12);
    expect(g(0, M.tpr)).toBe(1);
  });

  it('moves the rates with the threshold', () => {
    const g = metricsOf(probs, labels, groups, 2, 0.85);
    expect(g(0, M.positiveRate)).toBeCloseTo(1 / 6, 12);
    expect(g(0, M.tpr)).toBeCloseTo(1 / 3, 12);
    expect(g(1, M.ppv)).toBeNaN();
  });

  it('orders rows by score with an O(n) radix sort, as a comparator sort does', () => {
    const random = mulberry32(5);
    const p = Float32Array.from({ length: 5_000 }, (_, i) => (i % 7 === 0 ? -random() : i % 5 === 0 ? 0.25 : random()));
    const order = argsortDescending(p);
    expect(new Set(order).size).toBe(p.length);
    for (let k = 1; k < order.length; k++) expect(p[order[k - 1]!]!).toBeGreaterThanOrEqual(p[order[k]!]!);
  });

  it('rejects misaligned arrays and out-of-range group ids', () => {
    expect(() => sortRows(probs, labels.subarray(1), groups, 2)).toThrow(/labels/);
    expect(() => sortRows(probs, labels, groups, 1)).toThrow(/group id 1/);
  });
});

describe('bootstrap', () => {
  it('is reproducible for a seed, and never invents positives for a group that has none', () => {
    const rows = sortRows(probs, labels, groups, 2);
    const overall = sortRows(probs, labels, new Int32Array(9), 1);
    const [a] = evaluate([rows], rows, overall, 0.5, { resamples: 50, seed: 3, confidence: 0.95 }) as [Evaluation];
    const [b] = evaluate([rows], rows, overall, 0.5, { resamples: 50, seed: 3, confidence: 0.95 }) as [Evaluation];
    expect(Array.from(a.samples)).toEqual(Array.from(b.samples));
    // Group B has no positives in the data, so no resample can give it any (NaN when a resample draws none of its rows).
    for (let r = 0; r < 50; r++)
      expect([0, Number.NaN]).toContainEqual(a.samples[(r * 2 + 1) * METRIC_COUNT + M.baseRate]);
    const e = estimate(a, 0.95, (v) => v.overall(M.baseRate));
    expect(e.value).toBeCloseTo(3 / 9, 12);
    expect(e.lo!).toBeGreaterThanOrEqual(0);
    expect(e.hi!).toBeLessThanOrEqual(1);
  });

  it('drops undefined resamples and reports no interval when most are undefined', () => {
    const rows = sortRows(probs, labels, groups, 2);
    const overall = sortRows(probs, labels, new Int32Array(9), 1);
    const [ev] = evaluate([rows], rows, overall, 0.5, { resamples: 20, seed: 1, confidence: 0.95 }) as [Evaluation];
    const e = estimate(ev, 0.95, (v) => v.group(1, M.tpr));
    expect(e).toEqual({ value: null, lo: null, hi: null, upper: null, lower: null });
  });

  it('covers the true rate about 95 % of the time (200 simulated datasets)', () => {
    const random = mulberry32(11);
    const n = 200,
      truth = 0.3;
    let covered = 0;
    for (let d = 0; d < 200; d++) {
      const p = new Float32Array(n).map(() => random());
      const y = new Float32Array(n).map(() => (random() < truth ? 1 : 0));
      const g = new Int32Array(n);
      const rows = sortRows(p, y, g, 1);
      const [ev] = evaluate([rows], rows, rows, 0.5, { resamples: 200, seed: d, confidence: 0.95 }) as [Evaluation];
      const e = estimate(ev, 0.95, (v) => v.group(0, M.baseRate));
      if (e.lo! <= truth && truth <= e.hi!) covered++;
    }
    // Binomial sd of the coverage over 200 datasets is ≈ 0.015; ±0.05 is > 3 sd.
    expect(covered / 200).toBeGreaterThan(0.9);
    expect(covered / 200).toBeLessThan(0.99);
  });

  it('covers the true loss, positive rate, TPR and AUC about 95 % of the time (cells, 200 simulated datasets)', () => {
    // Scores uniform on [0, 1], P(y = 1 | p) = 0.2 + 0.6 p; the truths come from one very large sample.
    const draw = (random: () => number, n: number) => {
      const p = new Float32Array(n).map(() => random());
      const y = Float32Array.from(p, (q) => (random() < 0.2 + 0.6 * q ? 1 : 0));
      return { p, y };
    };
    const big = draw(mulberry32(99), 400_000);
    const truthOf = metricsOf(big.p, big.y, new Int32Array(big.p.length), 1);
    const truth = {
      loss: truthOf(0, M.loss),
      positiveRate: truthOf(0, M.positiveRate),
      tpr: truthOf(0, M.tpr),
      auc: rocAuc(big.p, big.y)!,
    };
    const random = mulberry32(12);
    const covered = { loss: 0, positiveRate: 0, tpr: 0, auc: 0 };
    const sims = 200;
    for (let d = 0; d < sims; d++) {
      const { p, y } = draw(random, 1_000);
      const rows = sortRows(p, y, new Int32Array(p.length), 1);
      const [ev] = evaluate([rows], rows, rows, 0.5, { resamples: 300, seed: d, confidence: 0.95 }) as [Evaluation];
      for (const key of ['loss', 'positiveRate', 'tpr', 'auc'] as const) {
        const e = estimate(ev, 0.95, (v) => v.group(0, M[key]));
        if (e.lo! <= truth[key] && truth[key] <= e.hi!) covered[key]++;
      }
    }
    // Binomial sd of a coverage over 200 datasets is ≈ 0.015: [0.9, 0.99] is more than 3 sd around 0.95.
    for (const key of ['loss', 'positiveRate', 'tpr', 'auc'] as const) {
      expect(covered[key] / sims, key).toBeGreaterThan(0.9);
      expect(covered[key] / sims, key).toBeLessThan(0.99);
    }
  });

  it('gives the intervals of a row-level multinomial bootstrap (the previous method), within Monte Carlo error', () => {
    const random = mulberry32(21);
    const n = 4_000;
    const p = new Float32Array(n).map(() => random());
    const y = Float32Array.from(p, (q) => (random() < 0.15 + 0.7 * q ? 1 : 0));
    const rows = sortRows(p, y, new Int32Array(n), 1);
    const R = 400;
    const [ev] = evaluate([rows], rows, rows, 0.5, { resamples: R, seed: 5, confidence: 0.9 }) as [Evaluation];
    // Reference: resample the rows themselves, n draws with replacement, and recompute each metric from them.
    const reference = { loss: new Float64Array(R), positiveRate: new Float64Array(R), auc: new Float64Array(R) };
    const rp = new Float32Array(n);
    const ry = new Float32Array(n);
    for (let r = 0; r < R; r++) {
      for (let i = 0; i < n; i++) {
        const j = Math.floor(random() * n);
        rp[i] = p[j]!;
        ry[i] = y[j]!;
      }
      const m = metricsOf(rp, ry, new Int32Array(n), 1);
      reference.loss[r] = m(0, M.loss);
      reference.positiveRate[r] = m(0, M.positiveRate);
      reference.auc[r] = rocAuc(rp, ry)!;
    }
    for (const key of ['loss', 'positiveRate', 'auc'] as const) {
      const sorted = reference[key].sort();
      const lo = sorted[Math.floor(0.05 * R)]!;
      const hi = sorted[Math.floor(0.95 * R)]!;
      const e = estimate(ev, 0.9, (v) => v.group(0, M[key]));
      const width = hi - lo;
      // 400 resamples estimate a 90 % interval's ends to within about 10 % of its width.
      expect(Math.abs(e.hi! - e.lo! - width) / width, key).toBeLessThan(0.25);
      expect(Math.abs((e.hi! + e.lo!) / 2 - (hi + lo) / 2) / width, key).toBeLessThan(0.2);
    }
  });
});
