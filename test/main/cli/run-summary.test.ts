import { describe, expect, it } from 'vitest';
import { bestRunIndex, runLines, runSummaryText, strictFailure } from '../../../main/cli/run-summary.js';
import type { Results, RunResult, RunWarning, SplitEvaluation } from '../../../shared/config/results.js';
import type { ConstraintVerdict } from '../../../shared/verdicts.js';

function split(
  maxViolation: number,
  auc: number | null,
  verdict: ConstraintVerdict = maxViolation <= 0 ? 'satisfied' : 'violated',
): SplitEvaluation {
  const value = 0.01 + maxViolation;
  return {
    n: 100,
    loss: 0.5,
    auc,
    accuracy: 0.8,
    summary: {
      aucMean: auc,
      independence: 0,
      separation: 0,
      inaccuracy: 0.2,
      sufficiency: 0,
      wasserstein: 0,
      lossGap: 0,
    },
    groups: {},
    constraints: [
      {
        name: 'loss-gap: A vs B',
        kind: 'loss-gap',
        value,
        tolerance: 0.01,
        satisfied: value <= 0.01,
        se: 0.002,
        lower: value - 0.003,
        upper: value + 0.003,
        verdict,
        minCertifiableTolerance: 0.003,
      },
    ],
    maxViolation,
  };
}

function run(
  status: RunResult['status'],
  train: SplitEvaluation,
  test: SplitEvaluation = train,
  warnings: RunWarning[] = [],
): RunResult {
  return {
    id: 'run',
    solver: 'ssl-alm',
    params: {},
    seed: 0,
    status,
    iterations: 10,
    samples: 80,
    seconds: 1,
    selectedIteration: 10,
    selectionRule: 'best-not-violated',
    selectionSplit: 'train',
    threshold: 0.5,
    thresholdRule: 'fixed',
    warnings,
    train,
    validation: null,
    test,
    model: 'models/run',
    history: 'history/run.jsonl',
  };
}

function results(runs: RunResult[]): Results {
  return {
    version: 2,
    createdAt: '2026-01-01T00:00:00Z',
    app: { name: 'fairbound', version: '0' },
    backend: 'cpu',
    device: 'CPU',
    backendNotes: [],
    config: {},
    configSha256: '',
    dataset: { path: 'd.csv', sha256: '', rows: 100 },
    featureNames: [],
    groupNames: ['A', 'B'],
    constraintNames: ['loss-gap: A vs B'],
    runs,
  };
}

describe('bestRunIndex', () => {
  it('prefers runs with no violated verdict, then the higher AUC, judged on train (never on test)', () => {
    const r = results([
      run('completed', split(0.02, 0.9)),
      run('completed', split(0, 0.7), split(0.05, 0.99)),
      run('completed', split(0, 0.8), split(0.05, 0.5)),
    ]);
    expect(bestRunIndex(r)).toBe(2);
  });

  it('falls back to the least violating run, and skips failed or diverged ones', () => {
    const r = results([
      run('failed', split(0, 0.9)),
      run('completed', split(0.03, 0.9)),
      run('diverged', split(0, 0.9)),
      run('completed', split(0.01, 0.6)),
    ]);
    expect(bestRunIndex(r)).toBe(3);
    expect(bestRunIndex(results([run('failed', split(0, 0.9))]))).toBeNull();
  });

  it('uses validation when the task has a validation split', () => {
    const a = { ...run('completed', split(0, 0.9)), validation: split(0, 0.6) };
    const b = { ...run('completed', split(0, 0.7)), validation: split(0, 0.8) };
    expect(bestRunIndex(results([a, b]))).toBe(1);
  });
});

describe('run summaries', () => {
  it("marks the default run and shows every run's test verdicts and the iterate used", () => {
    const r = results([run('completed', split(0, 0.8), split(0.02, 0.8)), run('cancelled', split(0.1, 0.5))]);
    const text = runSummaryText(r, '/out');
    expect(text).toContain('2 run(s) on cpu (CPU); results in /out/results.json');
    expect(text).toMatch(/run 0\* completed +iteration 10 of 10 .* verdicts \(95 %\): 1 violated/);
    expect(text).toContain('chosen on train');
    expect(runLines(r)[0]!.testVerdicts).toEqual({ satisfied: 0, violated: 1, inconclusive: 0, trivial: 0 });
  });

  it('a degenerate model: its warning code on its line, its rate verdicts trivial, never "satisfied"', () => {
    const warning: RunWarning = { code: 'single-class-predictions', message: 'predicts negative for 100.0 % of rows' };
    const degenerate = run('completed', split(0, 0.5, 'trivial'), split(0, 0.5, 'trivial'), [warning]);
    const text = runSummaryText(results([degenerate]), '/out');
    expect(text).toMatch(/run 0\* .*verdicts \(95 %\): 1 trivial +WARNING single-class-predictions/);
    expect(text).toContain('run 0 single-class-predictions: predicts negative for 100.0 % of rows');
    expect(text).not.toMatch(/\d satisfied/);
  });

  it('never prefers a degenerate run as the default, whatever its AUC', () => {
    const warning: RunWarning = { code: 'single-class-predictions', message: '' };
    const r = results([
      run('completed', split(0, 0.95, 'trivial'), undefined, [warning]),
      run('completed', split(0, 0.7)),
    ]);
    expect(bestRunIndex(r)).toBe(1);
  });
});

describe('--strict', () => {
  it('plain --strict fails only on a violated test constraint; --strict=certified also on inconclusive, trivial or a warning', () => {
    const ok = run('completed', split(0, 0.8));
    const violated = run('completed', split(0, 0.8), split(0.02, 0.8));
    const inconclusive = run('completed', split(0, 0.8), split(0, 0.8, 'inconclusive'));
    const trivial = run('completed', split(0, 0.8), split(0, 0.8, 'trivial'), [
      { code: 'single-class-predictions', message: '' },
    ]);
    expect(strictFailure(ok, 'violated')).toBeNull();
    expect(strictFailure(ok, 'certified')).toBeNull();
    expect(strictFailure(violated, 'violated')).toMatch(/1 test constraint\(s\) violated/);
    expect(strictFailure(inconclusive, 'violated')).toBeNull();
    expect(strictFailure(inconclusive, 'certified')).toMatch(/1 inconclusive/);
    expect(strictFailure(trivial, 'violated')).toBeNull();
    expect(strictFailure(trivial, 'certified')).toMatch(/1 trivial/);
  });
});
