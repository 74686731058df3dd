import { expect } from 'vitest';
import type { ConstraintPlan } from '../../main/core/constraints/constraint-plan.js';
import type { ConstraintTensors } from '../../main/core/engine/group-stats.js';
import type { Mlp } from '../../main/core/engine/model.js';
import type { Rng } from '../../main/core/engine/rng.js';
import type { BatchSampler, HostBatch } from '../../main/core/engine/sampler.js';
import { forward, upload, type OutputWeights } from '../../main/core/engine/solvers/common.js';
import type { SolverSetup } from '../../main/core/engine/solvers/types.js';
import { tf } from '../../main/core/engine/tf.js';

/** A solver set-up for the engine's backward-pass tests: batch 6 for the objective and the constraints, no params. */
export function gradientTestSetup(o: {
  model: Mlp;
  sampler: BatchSampler;
  logSampler?: BatchSampler;
  plan: ConstraintPlan;
  constraints: ConstraintTensors;
  rng: Rng;
}): SolverSetup {
  return { logSampler: o.sampler, ...o, params: {}, batchSize: 6, constraintBatchSize: 6 };
}

/** Constraint-row weights, samples × rows, of both signs and a zero, so every row's gradient counts differently. */
export function weightRows(plan: ConstraintPlan, samples: number): number[][] {
  return Array.from({ length: samples }, (_, s) =>
    Array.from({ length: plan.rows.length }, (_, r) => ((r + s) % 4) * 0.5 - 0.6),
  );
}

/**
 * Checks the hand-derived backward pass (forward(...).gradients) against tfjs autodiff of the same weighted sum
 * objective·f + Σ w ⊙ c, per model variable, to 5 decimals; and that the gradients are not all zero (which would make
 * the comparison empty).
 */
export async function expectGradientsMatchAutodiff(
  model: Mlp,
  ct: ConstraintTensors,
  batch: HostBatch,
  objective: number,
  constraintWeights: number[][] | null,
): Promise<void> {
  const [hand, autodiff] = tf.tidy(() => {
    const t = upload(batch, model.inputDim, ct);
    const weights: OutputWeights = { objective, constraints: constraintWeights && tf.tensor2d(constraintWeights) };
    const manual = forward(model, ct, batch, t).gradients(weights);
    const { grads } = tf.variableGrads(() => {
      const { f, c } = forward(model, ct, batch, t);
      const weighted = c && weights.constraints ? tf.sum(tf.mul(c, weights.constraints)) : tf.scalar(0);
      return tf.add(f ? tf.mul(f, objective) : 0, weighted) as tf.Scalar;
    }, model.variables);
    return [manual, model.variables.map((v) => grads[v.name]!)];
  });
  const read = (ts: tf.Tensor[]): Promise<Float32Array[]> => Promise.all(ts.map((x) => x.data<'float32'>()));
  const [a, b] = [await read(hand), await read(autodiff)];
  tf.dispose([...hand, ...autodiff]);
  let largest = 0;
  a.forEach((g, i) => {
    expect(g.length).toBe(b[i]!.length);
    g.forEach((v, j) => {
      largest = Math.max(largest, Math.abs(b[i]![j]!));
      expect(v).toBeCloseTo(b[i]![j]!, 5);
    });
  });
  expect(largest).toBeGreaterThan(1e-3);
}
