import { beforeAll, describe, expect, it } from 'vitest';
import type { PreparedGroup, PreparedSplit } from '../../../../main/core/data/prepared-task.js';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { DualEstimates } from '../../../../main/core/engine/dual-estimates.js';
import { createConstraintTensors, disposeConstraintTensors } from '../../../../main/core/engine/group-stats.js';
import { createMlp, initialWeights, predictProbabilities } from '../../../../main/core/engine/model.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { tf } from '../../../../main/core/engine/tf.js';
import { BatchSampler } from '../../../../main/core/engine/sampler.js';
import { createSolver } from '../../../../main/core/engine/solvers/index.js';
import { resolveSolverParams } from '../../../../shared/solvers.js';
import { DUAL_SOLVERS } from '../../../../shared/config/task-config.js';
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
    const plan = buildConstraintPlan(
      [
        { kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.01 },
        { kind: 'tpr-gap', topology: 'pairwise', tolerance: 0.02 },
      ],
      groups,
    );
    const ct = createConstraintTensors(plan);
    const model = createMlp(3, [4], initialWeights(3, [4], new Rng(1)));
    const probs = await predictProbabilities(model, s.features!, s.rows);
    const threshold = [...probs].sort((a, b) => a - b)[40]!; // a threshold that splits the rows
    const exact = evaluateSplit(probs, s, groups, plan, threshold).evaluation.constraints;
    const measure = (hard: boolean): number[] =>
      tf.tidy(() =>
        Array.from(new DualEstimates(s, 3, plan.slots, new Rng(2), 40, model, ct, hard, threshold).rows().dataSync()),
      );
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

  it.each(DUAL_SOLVERS)(
    '%s with dual estimates: multipliers move (where it has them), steps leak no tensors',
    async (name) => {
      const s = split();
      const plan = buildConstraintPlan([{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0 }], groups);
      const ct = createConstraintTensors(plan);
      const rng = new Rng(3);
      const model = createMlp(3, [4], initialWeights(3, [4], rng));
      // At the median probability both groups get both decisions, so the hard gap is measurable.
      const threshold = [...(await predictProbabilities(model, s.features!, s.rows))].sort((a, b) => a - b)[40]!;
      const dual = new DualEstimates(s, 3, plan.slots, new Rng(4), 8, model, ct, true, threshold);
      const { params } = resolveSolverParams(name, {});
      const solver = await createSolver(name, {
        model,
        sampler: new BatchSampler(s, 3, plan.slots, rng),
        logSampler: new BatchSampler(s, 3, plan.slots, new Rng(5)),
        plan,
        constraints: ct,
        params,
        batchSize: 8,
        constraintBatchSize: 8,
        rng,
        dual,
      });
      const run = async (steps: number): Promise<number[]> => {
        let multipliers: number[] = [];
        for (let i = 0; i < steps; i++) {
          const out = await solver.step(i === steps - 1);
          if (out) {
            multipliers = out.multipliers ? Array.from(out.multipliers.dataSync()) : [];
            tf.dispose([out.loss, out.rows ?? [], out.multipliers ?? []]);
          }
        }
        return multipliers;
      };
      await run(5);
      const before = tf.memory().numTensors;
      const multipliers = await run(50);
      expect(tf.memory().numTensors).toBe(before);
      // δ = 0 on hard rates: some estimate is positive, so solvers with multipliers raise one.
      if (name !== 'switching-subgradient') expect(Math.max(...multipliers)).toBeGreaterThan(0);
      solver.dispose();
      disposeConstraintTensors(ct);
      tf.dispose(model.variables);
    },
  );
});
