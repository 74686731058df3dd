import { describe, expect, it } from 'vitest';
import { loadSolver } from '../../../../main/core/engine/ghost-subproblems.js';
import { applyThresholdOptimizer, fitThresholdOptimizer } from '../../../../main/core/baselines/threshold-optimizer.js';
import { evaluateDecisions } from './expected-rates.js';

interface Rows {
  scores: number[];
  labels: number[];
  groups: number[];
}

/** Rows of one group: its scores and their labels. */
function group(g: number, scores: number[], labels: number[]): Rows {
  return { scores, labels, groups: scores.map(() => g) };
}

function rows(...parts: Rows[]): Rows {
  return {
    scores: parts.flatMap((p) => p.scores),
    labels: parts.flatMap((p) => p.labels),
    groups: parts.flatMap((p) => p.groups),
  };
}

/**
 * Two perfectly ranked groups with different base rates: group 0 (4 rows, 2 positives) and group 1 (5 rows, 1
 * positive, perfect threshold 0.6).
 */
const TWO_RANKED_GROUPS = rows(
  group(0, [0.9, 0.8, 0.3, 0.2], [1, 1, 0, 0]),
  group(1, [0.6, 0.5, 0.4, 0.3, 0.1], [1, 0, 0, 0, 0]),
);

describe('fitThresholdOptimizer', () => {
  it('demographic parity: mixes two thresholds in the group whose rate moves (hand-solved LP)', async () => {
    // Group 0 (4 rows, 2 positives) is perfectly ranked: its least error at selection rate r is 4·|r − 1/2| rows.
    // Group 1 (5 rows, 1 positive) likewise: 5·|r − 1/5|. On [1/5, 1/2] the total 4(1/2 − r) + 5(r − 1/5) rises
    // with r, so the optimum is r = 1/5 with 1.2 expected errors out of 9. Group 1 keeps its perfect threshold 0.6;
    // group 0 selects 0.8 of its 4 rows, all positives: e.g. threshold 0.9 (1 row) with weight 0.8 and "nobody" (+∞)
    // with 0.2 — or 0.8 (2 rows) with 0.4 and +∞ with 0.6, which does the same, so the test checks the rates.
    const data = TWO_RANKED_GROUPS;
    const fit = fitThresholdOptimizer(await loadSolver(), data, 2, 'demographic-parity');
    expect(fit.fitError).toBeCloseTo(1.2 / 9, 9);
    const g0 = fit.groups[0]!;
    expect(g0.mixture).toHaveLength(2);
    expect(g0.mixture.map((m) => m.threshold)).toContain(Number.POSITIVE_INFINITY);
    expect(g0.selectionRate).toBeCloseTo(0.2, 9);
    expect(g0.tpr).toBeCloseTo(0.4, 9);
    expect(g0.fpr).toBeCloseTo(0, 9);
    expect(fit.groups[1]!.mixture).toEqual([{ threshold: 0.6, weight: expect.closeTo(1, 9) }]);
    const p = applyThresholdOptimizer(fit, data);
    const evaluation = evaluateDecisions(p, data, 2);
    expect(evaluation.groups[0]!.selectionRate).toBeCloseTo(0.2, 9);
    expect(evaluation.groups[1]!.selectionRate).toBeCloseTo(0.2, 9);
    expect(evaluation.demographicParity!.value).toBeCloseTo(0, 9);
    expect(evaluation.accuracy).toBeCloseTo(1 - 1.2 / 9, 9);
  });

  it('a tolerance lets the rates differ by up to it', async () => {
    // Same data: with |r0 − r1| ≤ 0.3 allowed, group 1 stays at 1/5 and group 0 rises to 1/2 (no errors at all).
    const data = TWO_RANKED_GROUPS;
    const fit = fitThresholdOptimizer(await loadSolver(), data, 2, 'demographic-parity', { tolerance: 0.3 });
    expect(fit.fitError).toBeCloseTo(0, 9);
    // With 0.2 allowed, group 0 reaches 0.4: 0.4·4 = 1.6 selected, 0.4 missed positives → 0.4/9.
    const tighter = fitThresholdOptimizer(await loadSolver(), data, 2, 'demographic-parity', { tolerance: 0.2 });
    expect(tighter.fitError).toBeCloseTo(0.4 / 9, 9);
  });

  it('equalized odds: both groups meet at the best ROC point they share (hand-solved LP)', async () => {
    // Group 1's ROC points (FPR, TPR): (0,0) (0,½) (⅓,½) (⅓,1) (⅔,1) (1,1). Group 0 is perfectly ranked, so its hull
    // holds every point above the diagonal. The shared point minimises 5·FPR + 4·(1 − TPR) (5 negatives, 4
    // positives in all): (⅓, 1) with 5/3 expected errors out of 9 — group 0 must randomise to a ⅓ FPR.
    const data = rows(
      group(0, [0.9, 0.7, 0.3, 0.1], [1, 1, 0, 0]),
      group(1, [0.8, 0.6, 0.4, 0.2, 0.1], [1, 0, 1, 0, 0]),
    );
    const fit = fitThresholdOptimizer(await loadSolver(), data, 2, 'equalized-odds');
    expect(fit.fitError).toBeCloseTo(5 / 3 / 9, 9);
    for (const g of [0, 1]) {
      expect(fit.groups[g]!.tpr).toBeCloseTo(1, 9);
      expect(fit.groups[g]!.fpr).toBeCloseTo(1 / 3, 9);
    }
    expect(fit.groups[1]!.mixture).toEqual([{ threshold: 0.4, weight: expect.closeTo(1, 9) }]);
    expect(fit.groups[0]!.mixture.length).toBe(2);
    const evaluation = evaluateDecisions(applyThresholdOptimizer(fit, data), data, 2);
    expect(evaluation.equalizedOdds!.value).toBeCloseTo(0, 9);
  });

  it('a group left out of the constraint keeps its error-minimising threshold; one-label groups are named for equalized odds', async () => {
    // Group 2 (small) is perfectly ranked at threshold 0.7; groups 0 and 1 as in the first test.
    const data = rows(TWO_RANKED_GROUPS, group(2, [0.7, 0.2], [1, 0]));
    const highs = await loadSolver();
    const fit = fitThresholdOptimizer(highs, data, 3, 'demographic-parity', { constrained: (g) => g !== 2 });
    expect(fit.groups[2]!.mixture).toEqual([{ threshold: 0.7, weight: expect.closeTo(1, 9) }]);
    expect(fit.fitError).toBeCloseTo(1.2 / 11, 9);
    expect(fit.notes).toEqual([
      'group 2 is not constrained (small or excluded): it keeps its error-minimising threshold',
    ]);

    const oneLabel = rows(TWO_RANKED_GROUPS, group(2, [0.5], [0]));
    const eo = fitThresholdOptimizer(highs, oneLabel, 3, 'equalized-odds');
    expect(eo.notes).toEqual([
      'group 2 has only one label among its fitting rows, so its TPR or FPR is undefined: it is not constrained',
    ]);
    expect(eo.groups[2]!.mixture).toEqual([{ threshold: Number.POSITIVE_INFINITY, weight: expect.closeTo(1, 9) }]);
  });

  it('scoring a group unseen when fitting is a clear error', async () => {
    const data = rows(group(0, [0.9, 0.1], [1, 0]));
    const fit = fitThresholdOptimizer(await loadSolver(), data, 2, 'demographic-parity');
    expect(() => applyThresholdOptimizer(fit, { scores: [0.5], groups: [1] })).toThrow(/group 1 had no rows/);
  });
});
