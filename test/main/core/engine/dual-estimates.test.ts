import { beforeAll, describe, expect, it } from 'vitest';
import type { PreparedGroup, PreparedSplit } from '../../../../main/core/data/prepared-task.js';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../../../main/core/engine/constraint-plan.js';
import { DualEstimates } from '../../../../main/core/engine/dual-estimates.js';
import { createConstraintTensors, disposeConstraintTensors } from '../../../../main/core/engine/group-stats.js';
import { createMlp, initialWeights, predictProbabilities } from '../../../../main/core/engine/model.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { tf } from '../../../../main/core/engine/tf.js';
import { evaluateSplit } from '../../../../main/core/metrics/split-evaluation.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

/** Two groups of 40 rows each, three features, mixed labels. */
function split(): PreparedSplit {
  const rng = new Rng(5);
  const rows = 80;
  return {
    rows,
    features: Float32Array.from({ length: rows * 3 }, () => rng.normal()),
    labels: Float32Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    groups: Int32Array.from({ length: rows }, (_, i) => (i < 40 ? 0 : 1)),
    sourceRows: Int32Array.from({ length: rows }, (_, i) => i),
  };
}

const groups: PreparedGroup[] = [
  { name: 'A', parts: ['A'], trainCount: 40, small: false },
  { name: 'B', parts: ['B'], trainCount: 40, small: false },
];

describe('DualEstimates', () => {
  it('with a sample of every row, hard estimates equal the exact thresholded gaps and soft ones do not', async () => {
    const s = split();
    const plan = buildConstraintPlan([{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.01 }, { kind: 'tpr-gap', topology: 'pairwise', tolerance: 0.02 }], groups);
    const ct = createConstraintTensors(plan);
    const model = createMlp(3, [4], initialWeights(3, [4], new Rng(1)));
    const probs = await predictProbabilities(model, s.features, s.rows);
    const threshold = [...probs].sort((a, b) => a - b)[40]!; // a threshold that splits the rows
    const exact = evaluateSplit(probs, s, groups, plan, threshold).evaluation.constraints;
    const measure = (hard: boolean): number[] =>
      tf.tidy(() => Array.from(new DualEstimates(s, 3, plan.slots, new Rng(2), 40, model, ct, hard, threshold).rows().dataSync()));
    const hard = measure(true);
    // Each gap is two one-sided rows (a − b − δ, b − a − δ): the larger is |a − b| − δ.
    plan.measures.forEach((m, j) => {
      const value = Math.max(...m.rows.map((r) => hard[r]!)) + m.tolerance;
      expect(value).toBeCloseTo(exact[j]!.value!, 5);
    });
    const soft = measure(false);
    expect(soft.some((v, r) => Math.abs(v - hard[r]!) > 1e-3)).toBe(true);
    disposeConstraintTensors(ct);
    tf.dispose(model.variables);
  });
});
