import { describe, expect, it } from 'vitest';
import type { RunResult, SplitEvaluation } from '../../../../shared/config/results.js';
import { meanSe, ratioOfMeans, summariseGeneralization } from '../../../../main/cli/bench/generalization-stats.js';

function split(value: number, verdict: SplitEvaluation['constraints'][number]['verdict'], auc = 0.8): SplitEvaluation {
  return {
    n: 100,
    loss: 0.5,
    auc,
    accuracy: 0.7,
    summary: {
      aucMean: auc,
      independence: null,
      separation: null,
      inaccuracy: 0.3,
      sufficiency: null,
      wasserstein: null,
      lossGap: null,
    },
    groups: {},
    constraints: [
      {
        name: 'gap',
        kind: 'positive-rate-gap',
        value,
        tolerance: 0.05,
        satisfied: value <= 0.05,
        se: 0.01,
        lower: null,
        upper: value + 0.02,
        verdict,
        minCertifiableTolerance: 0.03,
      },
    ],
    maxViolation: Math.max(0, value - 0.05),
  };
}

function run(
  train: number,
  test: number,
  verdict: 'satisfied' | 'violated' | 'inconclusive' | 'trivial',
  warnings = 0,
): RunResult {
  return {
    id: 'run-0',
    solver: 'ssl-alm',
    params: {},
    seed: 0,
    status: 'completed',
    iterations: 10,
    samples: 10,
    seconds: 1,
    selectedIteration: 10,
    selectionRule: 'best-not-violated',
    selectionSplit: 'validation',
    threshold: 0.5,
    thresholdRule: 'fixed',
    warnings: Array.from({ length: warnings }, () => ({ code: 'single-class-predictions', message: 'one class' })),
    train: split(train, verdict),
    validation: null,
    test: split(test, verdict),
    model: 'm',
    history: 'h',
  };
}

describe('generalization statistics', () => {
  it('meanSe: mean and standard error of the mean', () => {
    const s = meanSe([1, 2, 3, 4, null]);
    expect(s.mean).toBe(2.5);
    expect(s.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
    expect(s.n).toBe(4);
  });

  it('ratioOfMeans: exact for proportional pairs (SE 0), delta-method SE against a simulation otherwise', () => {
    expect(ratioOfMeans([0.8, 1.6, 2.4], [1, 2, 3])).toEqual({
      mean: expect.closeTo(0.8, 12),
      se: expect.closeTo(0, 12),
      n: 3,
    });
    // Simulation: y = 0.7·x + noise; the SE of the ratio of means over many K = 30 draws matches the delta method.
    let seed = 7;
    const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const normal = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
    const ratios: number[] = [];
    const ses: number[] = [];
    for (let t = 0; t < 2000; t++) {
      const xs = Array.from({ length: 30 }, () => 0.05 + 0.01 * normal());
      const ys = xs.map((x) => 0.7 * x + 0.01 * normal());
      const r = ratioOfMeans(ys, xs);
      ratios.push(r.mean!);
      ses.push(r.se!);
    }
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    const sd = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (ratios.length - 1));
    const meanSeValue = ses.reduce((a, b) => a + b, 0) / ses.length;
    expect(mean).toBeCloseTo(0.7, 2);
    expect(meanSeValue / sd).toBeGreaterThan(0.85);
    expect(meanSeValue / sd).toBeLessThan(1.15);
  });

  it('paired effects, transfer, verdict and degenerate counts over re-splits', () => {
    const pairs = [
      { resplit: 0, baseline: run(0.2, 0.22, 'violated'), constrained: run(0.04, 0.1, 'inconclusive') },
      { resplit: 1, baseline: run(0.18, 0.2, 'violated'), constrained: run(0.02, 0.08, 'satisfied', 1) },
    ];
    const s = summariseGeneralization(pairs);
    const c = s.constraints[0]!;
    expect(c.trainEffect.mean).toBeCloseTo(0.16, 12);
    expect(c.testEffect.mean).toBeCloseTo(0.12, 12);
    expect(c.transfer.mean).toBeCloseTo(0.75, 12);
    expect(s.constrained.verdicts).toEqual({ satisfied: 1, violated: 0, inconclusive: 1, trivial: 0 });
    expect(s.baseline.verdicts.violated).toBe(2);
    expect(s.constrained.degenerate).toBe(1);
    expect(s.baseline.degenerate).toBe(0);
  });

  it('leaves re-splits where a run did not complete out of the paired effects', () => {
    const failed = { ...run(0.5, 0.5, 'violated'), status: 'diverged' as const };
    const s = summariseGeneralization([
      { resplit: 0, baseline: run(0.2, 0.2, 'violated'), constrained: run(0.1, 0.15, 'violated') },
      { resplit: 1, baseline: run(0.2, 0.2, 'violated'), constrained: failed },
    ]);
    expect(s.constraints[0]!.testEffect.n).toBe(1);
    expect(s.constrained.notCompleted).toBe(1);
  });
});
