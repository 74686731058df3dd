import { describe, expect, it } from 'vitest';
import { resultsSchema } from '../../../shared/config/results.js';

/** A results.json as version 1 wrote it (selected object, no threshold or warnings, constraint rows without verdicts). */
function versionOne(): unknown {
  const split = {
    n: 10,
    loss: 0.5,
    auc: 0.7,
    accuracy: 0.6,
    summary: {
      aucMean: 0.7,
      independence: 0.1,
      separation: 0.2,
      inaccuracy: 0.4,
      sufficiency: 0.1,
      wasserstein: 0.05,
      lossGap: 0.01,
    },
    groups: {},
    constraints: [{ name: 'loss-gap: A vs B', kind: 'loss-gap', value: 0.01, tolerance: 0.005, satisfied: false }],
    maxViolation: 0.005,
  };
  return {
    version: 1,
    createdAt: '2026-11-01T00:00:00Z',
    app: { name: 'fairbound', version: '0.1.0' },
    backend: 'wasm',
    device: 'cpu',
    backendNotes: [],
    config: { threshold: 0.4 },
    configSha256: 'x',
    dataset: { path: 'd.csv', sha256: 'y', rows: 10 },
    featureNames: ['f'],
    groupNames: ['A', 'B'],
    constraintNames: ['loss-gap: A vs B'],
    runs: [
      {
        id: 'run-0',
        solver: 'sgd',
        params: {},
        seed: 0,
        status: 'completed',
        iterations: 100,
        samples: 800,
        seconds: 1,
        selected: { rule: 'best-feasible', iteration: 40, feasible: true },
        train: split,
        validation: split,
        test: split,
        model: 'models/run-0',
        history: 'history/run-0.jsonl',
      },
    ],
  };
}

describe('results.json migration', () => {
  it('reads a version-1 file as version 2: the selected iterate, its rule, the config threshold, no warnings', () => {
    const results = resultsSchema.parse(versionOne());
    expect(results.version).toBe(2);
    const run = results.runs[0]!;
    expect(run.selectedIteration).toBe(40);
    expect(run.selectionRule).toBe('best-feasible');
    expect(run.selectionSplit).toBe('validation');
    expect(run.threshold).toBe(0.4);
    expect(run.thresholdRule).toBe('fixed');
    expect(run.warnings).toEqual([]);
    expect('selected' in run).toBe(false);
  });

  it('still rejects a broken file, naming the field', () => {
    const broken = versionOne() as { runs: { selected: unknown }[] };
    broken.runs[0]!.selected = { rule: 'best-feasible' };
    const parsed = resultsSchema.safeParse(broken);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((i) => i.path.includes('selectedIteration'))).toBe(true);
  });
});
