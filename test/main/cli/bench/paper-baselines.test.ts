import { describe, expect, it } from 'vitest';
import type { BaselineEvaluation, BaselineResult } from '../../../../shared/config/baseline.js';
import { baselinesMarkdown, summariseBaselines } from '../../../../main/cli/bench/paper-baselines.js';

function evaluation(
  accuracy: number,
  rates: Record<string, { selectionRate: number; tpr: number; fpr: number }>,
  dp: number,
): BaselineEvaluation {
  return {
    n: 100,
    accuracy,
    selectionRate: 0.3,
    groups: Object.fromEntries(Object.entries(rates).map(([k, r]) => [k, { n: 50, positives: 20, ...r }])),
    demographicParity: { value: dp, se: 0.01, groups: ['A', 'B'] },
    equalizedOdds: null,
    degenerate: false,
  };
}

function result(method: BaselineResult['method'], test: BaselineEvaluation): BaselineResult {
  return {
    version: 1,
    createdAt: '2026-11-30T00:00:00Z',
    method,
    constraint: 'demographic-parity',
    params: {},
    source: { dir: '/x', run: 0, solver: 'sgd', datasetSha256: 'h' },
    fittedOn: 'train',
    requirements: [],
    test,
    deterministicTest: null,
    sourceTest: test,
    model: {},
    notes: [],
  };
}

describe('summariseBaselines', () => {
  it('averages each method over its fits; separation is the largest |ΔTPR| + |ΔFPR|', () => {
    const a = evaluation(
      0.8,
      { A: { selectionRate: 0.3, tpr: 0.7, fpr: 0.1 }, B: { selectionRate: 0.31, tpr: 0.6, fpr: 0.15 } },
      0.01,
    );
    const b = evaluation(
      0.7,
      { A: { selectionRate: 0.3, tpr: 0.5, fpr: 0.1 }, B: { selectionRate: 0.33, tpr: 0.6, fpr: 0.1 } },
      0.03,
    );
    const [post, reductions] = summariseBaselines([
      result('threshold-optimizer', a),
      result('threshold-optimizer', b),
      result('exponentiated-gradient', a),
    ]);
    expect(post!.fits).toBe(2);
    expect(post!.test.independence.mean).toBeCloseTo(0.02, 12);
    expect(post!.test.independence.std).toBeCloseTo(Math.SQRT2 * 0.01, 12);
    // (0.1 + 0.05) and (0.1 + 0): mean 0.125.
    expect(post!.test.separation.mean).toBeCloseTo(0.125, 12);
    expect(post!.test.inaccuracy.mean).toBeCloseTo(0.25, 12);
    expect(reductions!.fits).toBe(1);
    expect(reductions!.test.separation.std).toBeNull();
    const table = baselinesMarkdown([post!, reductions!]);
    expect(table).toContain(
      '| Threshold optimizer on SGD (Hardt et al.) | 0.020 ± 0.014 | 0.125 ± 0.035 | 0.250 ± 0.071 | 2 |',
    );
    expect(table).toContain('| Exponentiated gradient, LR (Agarwal et al.) | 0.010 | 0.150 | 0.200 | 1 |');
  });

  it('writes nothing when no baseline was fitted', () => {
    expect(summariseBaselines([])).toEqual([]);
    expect(baselinesMarkdown([])).toBe('');
  });
});
