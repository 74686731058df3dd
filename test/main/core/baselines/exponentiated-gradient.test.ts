import { describe, expect, it } from 'vitest';
import {
  classify,
  fitExponentiatedGradient,
  mixtureProbability,
} from '../../../../main/core/baselines/exponentiated-gradient.js';
import { fitLogisticRegression } from '../../../../main/core/baselines/logistic-regression.js';
import { evaluateDecisions } from './expected-rates.js';
import { loadSolver } from '../../../../main/core/engine/ghost-subproblems.js';
import { shiftedGroups } from './synthetic.js';

describe('fitExponentiatedGradient', () => {
  const { x, labels, groups } = shiftedGroups(2000, 7);
  const rows = { labels, groups };
  const unconstrained = fitLogisticRegression(x, labels, new Float64Array(2000).fill(1));
  const plain = Float64Array.from({ length: 2000 }, (_, i) =>
    classify({ kind: 'logistic', model: unconstrained }, x, i),
  );
  const plainEvaluation = evaluateDecisions(plain, rows, 2);

  it('demographic parity: the mixture closes a large gap to within the bound, and the game converges', async () => {
    expect(plainEvaluation.demographicParity!.value).toBeGreaterThan(0.4);
    const result = await fitExponentiatedGradient(await loadSolver(), x, rows, 2, 'demographic-parity');
    const mixture = evaluateDecisions(mixtureProbability(result, x), rows, 2);
    // Fairlearn's moments bound each group's distance to the overall rate, |E[h | g] − E[h]| ≤ bound (+ slack of the
    // order of the duality gap), so the two groups may differ by up to twice that.
    for (const g of [0, 1])
      expect(Math.abs(mixture.groups[g]!.selectionRate! - mixture.selectionRate)).toBeLessThanOrEqual(
        result.params.bound + result.bestGap,
      );
    expect(mixture.demographicParity!.value).toBeLessThanOrEqual(2 * (result.params.bound + result.bestGap));
    // The duality gap falls from the first iterate's to below the statistical resolution nu.
    expect(result.iterations[0]!.gap).toBeGreaterThan(result.params.nu);
    expect(result.bestGap).toBeLessThan(result.iterations[0]!.gap / 10);
    expect(result.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // Fairness costs accuracy here, but the mixture still beats predicting the majority class.
    const majority =
      Math.max(
        labels.reduce((a, b) => a + b, 0),
        2000 - labels.reduce((a, b) => a + b, 0),
      ) / 2000;
    expect(mixture.accuracy).toBeLessThan(plainEvaluation.accuracy);
    expect(mixture.accuracy).toBeGreaterThan(majority);
  });

  it('equalized odds: TPR and FPR gaps within the bound; the best deterministic member is reported', async () => {
    expect(plainEvaluation.equalizedOdds!.value).toBeGreaterThan(0.2);
    const result = await fitExponentiatedGradient(await loadSolver(), x, rows, 2, 'equalized-odds');
    const mixture = evaluateDecisions(mixtureProbability(result, x), rows, 2);
    expect(mixture.equalizedOdds!.value).toBeLessThanOrEqual(2 * (result.params.bound + result.bestGap));
    expect(mixture.equalizedOdds!.value).toBeLessThan(plainEvaluation.equalizedOdds!.value / 5);
    const member = result.classifiers[result.bestDeterministic]!;
    const decisions = Float64Array.from({ length: 2000 }, (_, i) => classify(member, x, i));
    const byGroup = evaluateDecisions(decisions, rows, 2);
    // Overall TPR and FPR: the same evaluation with everyone in one group.
    const overall = evaluateDecisions(decisions, { labels, groups: new Int32Array(2000) }, 1).groups[0]!;
    const moment = Math.max(
      ...[0, 1].flatMap((g) => [
        Math.abs(byGroup.groups[g]!.tpr! - overall.tpr!),
        Math.abs(byGroup.groups[g]!.fpr! - overall.fpr!),
      ]),
    );
    // The violation the result reports for its member is that member's measured moment minus the bound.
    expect(result.violations[result.bestDeterministic]!).toBeCloseTo(moment - result.params.bound, 9);
  });

  it("uses Fairlearn's defaults", async () => {
    const small = shiftedGroups(300, 3);
    const result = await fitExponentiatedGradient(
      await loadSolver(),
      small.x,
      { labels: small.labels, groups: small.groups },
      2,
      'demographic-parity',
    );
    expect(result.params).toMatchObject({ eps: 0.01, bound: 0.01, maxIterations: 50, eta0: 2 });
    expect(result.params.nu).toBeGreaterThan(0);
    expect(result.iterations.length).toBeLessThanOrEqual(50);
    expect(result.stoppedEarly).toBe(false);
  });

  it('beforeIteration stops the game early with the best mixture so far, or refuses to start', async () => {
    const asked: number[] = [];
    const stopped = await fitExponentiatedGradient(await loadSolver(), x, rows, 2, 'demographic-parity', {
      beforeIteration: (t) => {
        asked.push(t);
        return Promise.resolve(t < 2);
      },
    });
    expect(asked).toEqual([0, 1, 2]);
    expect(stopped.stoppedEarly).toBe(true);
    expect(stopped.iterations).toHaveLength(2);
    expect(stopped.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    await expect(
      fitExponentiatedGradient(await loadSolver(), x, rows, 2, 'demographic-parity', {
        beforeIteration: () => Promise.resolve(false),
      }),
    ).rejects.toThrow('the game was stopped before its first iteration');
  });
});
