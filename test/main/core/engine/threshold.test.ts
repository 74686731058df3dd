import { describe, expect, it } from 'vitest';
import { chooseThreshold } from '../../../../main/core/engine/threshold.js';

const positiveShare = (probs: number[], t: number) => probs.filter((p) => p >= t).length / probs.length;

describe('chooseThreshold', () => {
  const probs = [0.95, 0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1];
  const labels = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0];

  it('fixed returns the configured value', () => {
    expect(chooseThreshold({ rule: 'fixed' }, 0.37, probs, labels, probs.length)).toBe(0.37);
  });
  it('match-base-rate predicts as many positives as there are positive labels', () => {
    const t = chooseThreshold({ rule: 'match-base-rate' }, 0.5, probs, labels, probs.length);
    expect(positiveShare(probs, t)).toBeCloseTo(0.3, 10);
  });
  it('target-selection-rate predicts the given share positive', () => {
    const t = chooseThreshold({ rule: 'target-selection-rate', rate: 0.6 }, 0.5, probs, labels, probs.length);
    expect(positiveShare(probs, t)).toBeCloseTo(0.6, 10);
  });
  it('max-balanced-accuracy finds the cut with the highest (TPR + TNR) / 2 (brute force over all cuts)', () => {
    const t = chooseThreshold({ rule: 'max-balanced-accuracy' }, 0.5, probs, labels, probs.length);
    const balanced = (cut: number) => {
      const tpr = probs.filter((p, i) => p >= cut && labels[i] === 1).length / 3;
      const tnr = probs.filter((p, i) => p < cut && labels[i] === 0).length / 7;
      return (tpr + tnr) / 2;
    };
    const best = Math.max(...[...probs, 1.01].map(balanced));
    expect(balanced(t)).toBeCloseTo(best, 12);
    expect(balanced(t)).toBeCloseTo((1 + 6 / 7) / 2, 12);
  });
  it('an imbalanced split still gets a threshold that predicts both classes (where 0.5 predicts one)', () => {
    // 12 % positives, a weak model whose scores all sit below 0.5: 0.5 predicts nobody positive.
    const n = 200;
    const scores = Array.from({ length: n }, (_, i) => 0.05 + (0.3 * i) / n);
    const y = scores.map((_, i) => (i >= n - 24 ? 1 : 0));
    expect(positiveShare(scores, 0.5)).toBe(0);
    const t = chooseThreshold({ rule: 'match-base-rate' }, 0.5, scores, y, n);
    expect(positiveShare(scores, t)).toBeCloseTo(0.12, 10);
  });
  it('ties never straddle the threshold', () => {
    const tied = [0.7, 0.5, 0.5, 0.5, 0.2];
    const t = chooseThreshold({ rule: 'target-selection-rate', rate: 0.4 }, 0.5, tied, [1, 1, 0, 0, 0], tied.length);
    const share = positiveShare(tied, t);
    expect([0.2, 0.8]).toContain(share);
  });
});
