import { describe, expect, it } from 'vitest';
import type { PreparedGroup } from '../../../../main/core/data/prepared-task.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { rocAuc } from '../../../../main/core/metrics/auc.js';
import { bce, groupMetricsByGroup } from '../../../../main/core/metrics/group-metrics.js';
import { evaluateSplit } from '../../../../main/core/metrics/split-evaluation.js';
import { wasserstein1d } from '../../../../main/core/metrics/wasserstein.js';

describe('rocAuc', () => {
  it('counts concordant pairs, ties as one half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 10);
    expect(rocAuc([0.5, 0.5, 0.5], [0, 1, 1])).toBeCloseTo(0.5, 10);
    expect(rocAuc([0.2, 0.9], [0, 1])).toBe(1);
  });
  it('is null when a class is missing', () => {
    expect(rocAuc([0.2, 0.9], [1, 1])).toBeNull();
  });
});

/** The normalised histogram of some probabilities (all in one group). */
const histogram = (probs: number[]): Float64Array =>
  groupMetricsByGroup(probs, new Int32Array(probs.length), new Int32Array(probs.length), 1, 0.5).histograms[0]!;

describe('wasserstein1d on histograms', () => {
  it('is zero for equal distributions and the squared shift for point masses', () => {
    const a = histogram([0.11, 0.31]);
    expect(wasserstein1d(a, a)).toBe(0);
    const u = histogram([0.01]);
    const v = histogram([0.51]);
    expect(wasserstein1d(u, v)).toBeCloseTo(0.5 ** 2, 10);
  });
  it('moves mass in quantile order', () => {
    // Bin centres 0.01 and 0.99 versus 0.51: half the mass moves 0.50, half 0.48.
    const u = histogram([0.01, 0.99]);
    const v = histogram([0.51, 0.51]);
    expect(wasserstein1d(u, v)).toBeCloseTo(0.5 * 0.5 ** 2 + 0.5 * 0.48 ** 2, 10);
  });
});

describe('groupMetricsByGroup and evaluateSplit', () => {
  const probs = Float32Array.from([0.9, 0.2, 0.7, 0.4, 0.6, 0.1, 0.8, 0.3]);
  const labels = Float32Array.from([1, 0, 1, 1, 0, 0, 1, 0]);
  const groupIds = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);

  it('computes the thresholded rates of a group', () => {
    const m = groupMetricsByGroup(probs, labels, groupIds, 2, 0.5).perGroup[0]!;
    expect(m).toMatchObject({
      n: 4,
      positives: 3,
      baseRate: 0.75,
      positiveRate: 0.5,
      tpr: 2 / 3,
      fpr: 0,
      accuracy: 0.75,
      ppv: 1,
      npv: 0.5,
    });
    expect(m.loss).toBeCloseTo((bce(0.9, 1) + bce(0.2, 0) + bce(0.7, 1) + bce(0.4, 1)) / 4, 6);
  });

  it('reports exact constraint values and the summary metrics over group pairs', () => {
    const groups: PreparedGroup[] = [
      { name: 'A', parts: ['A'], trainCount: 4, small: false },
      { name: 'B', parts: ['B'], trainCount: 4, small: false },
    ];
    const plan = buildConstraintPlan(
      [
        { kind: 'loss-gap', topology: 'pairwise', tolerance: 0.01 },
        { kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.5 },
      ],
      groups,
    );
    const { evaluation, constraintValues } = evaluateSplit(
      probs,
      { rows: 8, labels, groups: groupIds },
      groups,
      plan,
      0.5,
    );
    const a = evaluation.groups.A!;
    const b = evaluation.groups.B!;
    expect(constraintValues[0]).toBeCloseTo(Math.abs(a.loss! - b.loss!), 10);
    expect(constraintValues[1]).toBeCloseTo(Math.abs(a.positiveRate! - b.positiveRate!), 10);
    expect(evaluation.constraints.map((c) => c.satisfied)).toEqual([constraintValues[0]! <= 0.01, true]);
    expect(evaluation.summary.independence).toBeCloseTo(Math.abs(a.positiveRate! - b.positiveRate!), 10);
    expect(evaluation.summary.separation).toBeCloseTo(Math.abs(a.tpr! - b.tpr!) + Math.abs(a.fpr! - b.fpr!), 10);
    expect(evaluation.summary.inaccuracy).toBeCloseTo(1 - evaluation.accuracy, 10);
    expect(evaluation.summary.aucMean).toBeCloseTo((a.auc! + b.auc!) / 2, 10);
    expect(evaluation.maxViolation).toBeCloseTo(Math.max(0, constraintValues[0]! - 0.01), 10);
  });
});
