import { describe, expect, it } from 'vitest';
import type { PreparedGroup } from '../../../../main/core/data/prepared-task.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { degenerateWarnings } from '../../../../main/core/metrics/degenerate.js';
import { evaluateSplit } from '../../../../main/core/metrics/split-evaluation.js';
import { mulberry32 } from '../../../../shared/random.js';

/** One group's test figures; the base rate follows from the counts, loss and AUC are stand-ins unless given. */
function groupFigures(f: {
  n: number;
  positives: number;
  positiveRate: number;
  tpr: number;
  fpr: number;
  accuracy: number;
  auc?: number;
}) {
  return { loss: 0.6, auc: 0.5, ...f, baseRate: f.positives / f.n };
}

const groups: PreparedGroup[] = [
  { name: 'A', parts: ['A'], trainCount: 1000, small: false },
  { name: 'B', parts: ['B'], trainCount: 1000, small: false },
];

/** A split of `n` rows per group with base rate 0.4; probs from `score(label, rand)`. */
function split(n: number, score: (y: number, rand: () => number) => number, seed = 1) {
  const rand = mulberry32(seed);
  const rows = 2 * n;
  const labels = new Float32Array(rows);
  const probs = new Float32Array(rows);
  const gs = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    labels[i] = rand() < 0.4 ? 1 : 0;
    gs[i] = i < n ? 0 : 1;
    probs[i] = score(labels[i]!, rand);
  }
  return { probs, data: { rows, labels, groups: gs } };
}

const plan = buildConstraintPlan(
  [
    { kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.05 },
    { kind: 'loss-gap', topology: 'pairwise', tolerance: 0.5 },
  ],
  groups,
);

describe('degenerate-model guard', () => {
  it('a model that predicts negative for everyone: single-class warning, every constraint trivial, never satisfied', () => {
    const { probs, data } = split(2000, (y, r) => 0.1 + 0.3 * y * r());
    const { evaluation, warnings, degenerate } = evaluateSplit(probs, data, groups, plan, 0.5);
    expect(degenerate).toBe(true);
    expect(warnings.map((w) => w.code)).toContain('single-class-predictions');
    const rate = evaluation.constraints.find((c) => c.kind === 'positive-rate-gap')!;
    expect(rate.value).toBe(0);
    expect(rate.satisfied).toBe(true); // the point estimate alone would call it satisfied …
    expect(rate.verdict).toBe('trivial'); // … the verdict does not
    expect(rate.reason).toMatch(/single-class-predictions/);
    // Its loss gap is below the tolerance with confidence, but a one-class model is not reported as satisfying anything.
    const loss = evaluation.constraints.find((c) => c.kind === 'loss-gap')!;
    expect(loss.upper!).toBeLessThan(loss.tolerance);
    expect(loss.verdict).toBe('trivial');
  });

  it('an informative model on a large split is not flagged, and its rate verdict follows the bounds', () => {
    const { probs, data } = split(5000, (y, r) => Math.min(0.99, Math.max(0.01, 0.25 + 0.4 * y + 0.3 * (r() - 0.5))));
    const { evaluation, warnings } = evaluateSplit(probs, data, groups, plan, 0.5);
    expect(warnings).toEqual([]);
    const rate = evaluation.constraints.find((c) => c.kind === 'positive-rate-gap')!;
    expect(rate.verdict).toBe('satisfied');
    expect(rate.upper!).toBeLessThan(0.05);
    expect(rate.lower!).toBeLessThanOrEqual(rate.value!);
    expect(rate.minCertifiableTolerance!).toBeGreaterThan(0);
    expect(rate.minCertifiableTolerance!).toBeLessThan(0.05);
  });

  it('a small split cannot certify a tight tolerance: inconclusive, not satisfied', () => {
    const tight = buildConstraintPlan([{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.02 }], groups);
    const { probs, data } = split(100, (y, r) => Math.min(0.99, Math.max(0.01, 0.25 + 0.4 * y + 0.3 * (r() - 0.5))), 3);
    const c = evaluateSplit(probs, data, groups, tight, 0.5).evaluation.constraints[0]!;
    expect(c.verdict).toBe('inconclusive');
    expect(c.minCertifiableTolerance!).toBeGreaterThan(0.02);
  });

  it('a gap far above the tolerance is violated', () => {
    const { probs, data } = split(2000, (y, r) => (r() < 0.5 ? 0.9 : 0.1), 5);
    for (let i = 0; i < data.rows; i++) if (data.groups[i] === 1) probs[i] = 0.9;
    const c = evaluateSplit(probs, data, groups, plan, 0.5).evaluation.constraints[0]!;
    expect(c.verdict).toBe('violated');
    expect(c.lower!).toBeGreaterThan(0.05);
  });

  it('flags a group selected entirely or not at all, and chance-level ranking', () => {
    const evaluation = {
      n: 400,
      auc: 0.51,
      groups: {
        A: groupFigures({ n: 200, positives: 80, positiveRate: 0, tpr: 0, fpr: 0, accuracy: 0.6 }),
        B: groupFigures({ n: 200, positives: 80, positiveRate: 0.8, tpr: 0.8, fpr: 0.8, accuracy: 0.4 }),
      },
    };
    const codes = degenerateWarnings(evaluation).map((w) => w.code);
    expect(codes).toEqual(['constant-group-predictions', 'chance-level-auc']);
    expect(degenerateWarnings(evaluation, ['A']).map((w) => w.code)).toEqual(['chance-level-auc']);
  });

  it('a rare-positive label predicted at its own rate is not "single class"', () => {
    const evaluation = {
      n: 10000,
      auc: 0.9,
      groups: {
        A: groupFigures({
          n: 10000,
          positives: 150,
          positiveRate: 0.012,
          tpr: 0.6,
          fpr: 0.003,
          accuracy: 0.99,
          auc: 0.9,
        }),
      },
    };
    expect(degenerateWarnings(evaluation)).toEqual([]);
  });
});
