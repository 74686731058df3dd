import { describe, expect, it } from 'vitest';
import { bestRunIndex, runSummaryText, violatesOnTest } from '../../../main/cli/run-summary.js';
import type { Results, RunResult, SplitEvaluation } from '../../../shared/config/results.js';

function split(maxViolation: number, auc: number | null, satisfied: boolean | null = maxViolation <= 0): SplitEvaluation {
  return {
    n: 100,
    loss: 0.5,
    auc,
    accuracy: 0.8,
    summary: { aucMean: auc, independence: 0, separation: 0, inaccuracy: 0.2, sufficiency: 0, wasserstein: 0, lossGap: 0 },
    groups: {},
    constraints: [{ name: 'loss-gap: A vs B', kind: 'loss-gap', value: 0.01 + maxViolation, tolerance: 0.01, satisfied }],
    maxViolation,
  };
}

function run(status: RunResult['status'], train: SplitEvaluation, test: SplitEvaluation = train): RunResult {
  return {
    id: 'run',
    solver: 'ssl-alm',
    params: {},
    seed: 0,
    status,
    iterations: 10,
    samples: 80,
    seconds: 1,
    selectedIteration: 10, selectionRule: 'best-not-violated', selectionSplit: 'train', threshold: 0.5, thresholdRule: 'fixed', warnings: [],
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
  it('prefers feasible runs, then the higher AUC, judged on train (never on test)', () => {
    const r = results([
      run('completed', split(0.02, 0.9)),
      run('completed', split(0, 0.7), split(0.05, 0.99)),
      run('completed', split(0, 0.8), split(0.05, 0.5)),
    ]);
    expect(bestRunIndex(r)).toBe(2);
  });

  it('falls back to the least violating run, and skips failed or diverged ones', () => {
    const r = results([run('failed', split(0, 0.9)), run('completed', split(0.03, 0.9)), run('diverged', split(0, 0.9)), run('completed', split(0.01, 0.6))]);
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
  it('marks the default run and test violations', () => {
    const r = results([run('completed', split(0, 0.8), split(0.02, 0.8)), run('cancelled', split(0.1, 0.5))]);
    expect(violatesOnTest(r.runs[0]!)).toBe(true);
    expect(violatesOnTest(run('completed', split(0, 0.8), split(0.02, 0.8, null)))).toBe(false);
    const text = runSummaryText(r, '/out');
    expect(text).toContain('2 run(s) on cpu (CPU); results in /out/results.json');
    expect(text).toMatch(/run 0\* completed .* \(violated\)/);
    expect(text).toContain('chosen on train');
  });
});
