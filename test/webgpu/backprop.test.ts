import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../main/core/constraints/constraint-plan.js';
import {
  createConstraintTensors,
  disposeConstraintTensors,
  type ConstraintTensors,
} from '../../main/core/engine/group-stats.js';
import { createMlp, initialWeights, type Mlp } from '../../main/core/engine/model.js';
import { Rng } from '../../main/core/engine/rng.js';
import { BatchSampler } from '../../main/core/engine/sampler.js';
import { allocate } from '../../main/core/engine/solvers/common.js';
import { tf } from '../../main/core/engine/tf.js';
import { expectGradientsMatchAutodiff, gradientTestSetup, weightRows } from '../helpers/gradient-check.js';
import { randomGroupSplit } from '../helpers/random-groups.js';
import { swiftShaderMissing } from './swiftshader.js';

/**
 * The hand-derived backward pass on webgpu (backprop.ts takes GPU-specific ops there: transposed matMul flags, row sums
 * by matMul) against tfjs autodiff of the same weighted sum, for every head. The same check on cpu:
 * test/main/core/engine/backprop.test.ts.
 */
describe.skipIf(swiftShaderMissing !== null)('hand-derived gradients match tfjs autodiff on webgpu', () => {
  const rng = new Rng(11);
  const { split, groups } = randomGroupSplit(rng, { rows: 240, features: 4, groups: 3, positiveRate: 0.4 });
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

  const setup = () =>
    gradientTestSetup({
      model,
      sampler: new BatchSampler(split, 4, plan.slots, new Rng(5)),
      logSampler: new BatchSampler(split, 4, plan.slots, new Rng(6)),
      plan,
      constraints: ct,
      rng,
    });

  it('composed-map head, two constraint samples', async () => {
    const s = setup();
    const batch = s.sampler.fill(allocate(s, 6, 2));
    expect(batch.composed).toBeDefined();
    await expectGradientsMatchAutodiff(model, ct, batch, 0.7, weightRows(plan, 2));
  });

  it('block-sum head, objective block and constraint samples', async () => {
    const { sampler } = setup();
    const batch = sampler.fill(sampler.allocate(6, 2, 6));
    expect(batch.composed).toBeUndefined();
    await expectGradientsMatchAutodiff(model, ct, batch, 0.7, weightRows(plan, 2));
  });

  it('objective-only head', async () => {
    const s = setup();
    await expectGradientsMatchAutodiff(model, ct, s.sampler.fill(allocate(s, 16, 0)), 0.9, null);
  });
});
