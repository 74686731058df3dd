import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreparedGroup, PreparedSplit } from '../../main/core/data/prepared-task.js';
import { selectBackend } from '../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../main/core/constraints/constraint-plan.js';
import {
  createConstraintTensors,
  disposeConstraintTensors,
  type ConstraintTensors,
} from '../../main/core/engine/group-stats.js';
import { createMlp, initialWeights, type Mlp } from '../../main/core/engine/model.js';
import { Rng } from '../../main/core/engine/rng.js';
import { BatchSampler, type HostBatch } from '../../main/core/engine/sampler.js';
import { allocate, forward, upload, type OutputWeights } from '../../main/core/engine/solvers/common.js';
import { tf } from '../../main/core/engine/tf.js';
import { swiftShaderMissing } from './swiftshader.js';

/**
 * The hand-derived backward pass on webgpu (backprop.ts takes GPU-specific ops there: transposed matMul flags, row sums
 * by matMul) against tfjs autodiff of the same weighted sum, for every head. The same check on cpu:
 * test/main/core/engine/backprop.test.ts.
 */
describe.skipIf(swiftShaderMissing !== null)('hand-derived gradients match tfjs autodiff on webgpu', () => {
  const rng = new Rng(11);
  const rows = 240;
  const split: PreparedSplit = {
    rows,
    features: Float32Array.from({ length: rows * 4 }, () => rng.normal()),
    labels: Float32Array.from({ length: rows }, () => (rng.float() < 0.4 ? 1 : 0)),
    groups: Int32Array.from({ length: rows }, () => rng.int(3)),
    sourceRows: Int32Array.from({ length: rows }, (_, i) => i),
  };
  const groups: PreparedGroup[] = ['a', 'b', 'c'].map((name) => ({
    name,
    parts: [name],
    trainCount: 80,
    small: false,
  }));
  const plan = buildConstraintPlan(
    [
      { kind: 'loss-gap', topology: 'pairwise', tolerance: 0.01 },
      { kind: 'equalized-odds', topology: 'each-vs-overall', tolerance: 0.02 },
    ],
    groups,
  );
  let ct: ConstraintTensors;
  let model: Mlp;
  beforeAll(async () => {
    const selection = await selectBackend('webgpu');
    expect(selection.backend).toBe('webgpu');
    ct = createConstraintTensors(plan);
    model = createMlp(4, [8, 5], initialWeights(4, [8, 5], new Rng(3)));
  });
  afterAll(async () => {
    disposeConstraintTensors(ct);
    tf.dispose(model.variables);
    await selectBackend('wasm');
  });

  async function compare(batch: HostBatch, objective: number, constraintWeights: number[][] | null): Promise<void> {
    const [manual, autodiff] = tf.tidy(() => {
      const t = upload(batch, 4, ct);
      const weights: OutputWeights = { objective, constraints: constraintWeights && tf.tensor2d(constraintWeights) };
      const hand = forward(model, ct, batch, t).gradients(weights);
      const { grads } = tf.variableGrads(() => {
        const { f, c } = forward(model, ct, batch, t);
        const weighted = c && weights.constraints ? tf.sum(tf.mul(c, weights.constraints)) : tf.scalar(0);
        return tf.add(f ? tf.mul(f, objective) : 0, weighted) as tf.Scalar;
      }, model.variables);
      return [hand, model.variables.map((v) => grads[v.name]!)];
    });
    const read = (ts: tf.Tensor[]): Promise<Float32Array[]> => Promise.all(ts.map((x) => x.data<'float32'>()));
    const [a, b] = [await read(manual), await read(autodiff)];
    tf.dispose([...manual, ...autodiff]);
    let largest = 0;
    a.forEach((g, i) => {
      expect(g.length).toBe(b[i]!.length);
      g.forEach((v, j) => {
        largest = Math.max(largest, Math.abs(b[i]![j]!));
        expect(v).toBeCloseTo(b[i]![j]!, 5);
      });
    });
    expect(largest).toBeGreaterThan(1e-3); // not two zero vectors
  }

  const weightRows = (samples: number): number[][] =>
    Array.from({ length: samples }, (_, s) =>
      Array.from({ length: plan.rows.length }, (_, r) => ((r + s) % 4) * 0.5 - 0.6),
    );
  const setup = () => ({
    model,
    sampler: new BatchSampler(split, 4, plan.slots, new Rng(5)),
    logSampler: new BatchSampler(split, 4, plan.slots, new Rng(6)),
    plan,
    constraints: ct,
    params: {},
    batchSize: 6,
    constraintBatchSize: 6,
    rng,
  });

  it('composed-map head, two constraint samples', async () => {
    const s = setup();
    const batch = s.sampler.fill(allocate(s, 6, 2));
    expect(batch.composed).toBeDefined();
    await compare(batch, 0.7, weightRows(2));
  });

  it('block-sum head, objective block and constraint samples', async () => {
    const { sampler } = setup();
    const batch = sampler.fill(sampler.allocate(6, 2, 6));
    expect(batch.composed).toBeUndefined();
    await compare(batch, 0.7, weightRows(2));
  });

  it('objective-only head', async () => {
    const s = setup();
    await compare(s.sampler.fill(allocate(s, 16, 0)), 0.9, null);
  });
});
