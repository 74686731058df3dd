import { describe, expect, it } from 'vitest';
import { evaluate, estimate, type Evaluation } from '../../../../main/core/audit/bootstrap.js';
import { accumulate, sortRows, STATS_WIDTH } from '../../../../main/core/audit/group-stats.js';
import { METRIC_COUNT, METRIC_INDEX as M, metricsFromStats } from '../../../../main/core/audit/metrics.js';
import { mulberry32 } from '../../../../shared/random.js';

/** Group 0 (A): six rows; group 1 (B): three rows, no positives. Values hand-computed in the comments. */
const probs = Float32Array.from([0.9, 0.8, 0.6, 0.4, 0.2, 0.1, 0.7, 0.3, 0.3]);
const labels = Float32Array.from([1, 1, 0, 1, 0, 0, 0, 0, 0]);
const groups = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1]);

function metricsOf(p: Float32Array, y: Float32Array, g: Int32Array, G: number, threshold = 0.5, weights: Int32Array | null = null) {
  const rows = sortRows(p, y, g, G);
  const stats = new Float64Array(G * STATS_WIDTH);
  accumulate(rows, threshold, weights, stats);
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

  it('treats a weight of 2 exactly like a duplicated row', () => {
    const weights = Int32Array.from([2, 1, 1, 0, 1, 1, 1, 1, 1]);
    const weighted = metricsOf(probs, labels, groups, 2, 0.5, weights);
    const dup = metricsOf(
      Float32Array.from([0.9, 0.9, 0.8, 0.6, 0.2, 0.1, 0.7, 0.3, 0.3]),
      Float32Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0]),
      groups,
      2,
    );
    for (let m = 0; m < METRIC_COUNT; m++) expect(weighted(0, m)).toBeCloseTo(dup(0, m), 10);
  });

  it('rejects misaligned arrays and out-of-range group ids', () => {
    expect(() => sortRows(probs, labels.subarray(1), groups, 2)).toThrow(/labels/);
    expect(() => sortRows(probs, labels, groups, 1)).toThrow(/group id 1/);
  });
});

describe('bootstrap', () => {
  it('is reproducible for a seed and keeps every group at its size (stratified)', () => {
    const rows = sortRows(probs, labels, groups, 2);
    const overall = sortRows(probs, labels, new Int32Array(9), 1);
    const [a] = evaluate([rows], rows, overall, 0.5, { resamples: 50, seed: 3, confidence: 0.95 }) as [Evaluation];
    const [b] = evaluate([rows], rows, overall, 0.5, { resamples: 50, seed: 3, confidence: 0.95 }) as [Evaluation];
    expect(Array.from(a.samples)).toEqual(Array.from(b.samples));
    // Group B has no positives in the data, so no resample can give it any: its base rate is 0 in all of them.
    for (let r = 0; r < 50; r++) expect(a.samples[(r * 2 + 1) * METRIC_COUNT + M.baseRate]).toBe(0);
    // The overall base rate only varies through group A's draws: between 0 and 6/9.
    const e = estimate(a, 0.95, (v) => v.overall(M.baseRate));
    expect(e.value).toBeCloseTo(3 / 9, 12);
    expect(e.lo!).toBeGreaterThanOrEqual(0);
    expect(e.hi!).toBeLessThanOrEqual(6 / 9);
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
    const n = 200, truth = 0.3;
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
});

