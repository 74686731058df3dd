import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { createConstraintTensors, type ConstraintTensors } from '../../../../main/core/engine/group-stats.js';
import { createMlp, initialWeights } from '../../../../main/core/engine/model.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { BatchSampler } from '../../../../main/core/engine/sampler.js';
import { allocate, CHUNK_ROWS, forward, upload } from '../../../../main/core/engine/solvers/common.js';
import { tf } from '../../../../main/core/engine/tf.js';
import { expectGradientsMatchAutodiff, gradientTestSetup, weightRows } from '../../../helpers/gradient-check.js';
import { randomGroupSplit } from '../../../helpers/random-groups.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

/**
 * The hand-derived backward pass (backprop.ts and the heads in solvers/common.ts) against tfjs autodiff of the same
 * weighted sum objective·f + Σ w ⊙ c, for every head (composed map, block sums, objective only) and network shape.
 */
describe('hand-derived gradients match tfjs autodiff', () => {
  const rng = new Rng(11);
  const { split, groups } = randomGroupSplit(rng, { rows: 240, features: 4, groups: 3, positiveRate: 0.4 });
  const plan = buildConstraintPlan(
    [
      { kind: 'loss-gap', topology: 'pairwise', tolerance: 0.01 },
      { kind: 'equalized-odds', topology: 'each-vs-overall', tolerance: 0.02 },
      { kind: 'accuracy-gap', topology: 'pairwise', tolerance: 0.03 },
    ],
    groups,
  );
  let ct: ConstraintTensors;
  beforeAll(() => {
    ct = createConstraintTensors(plan);
  });

  it("a batch larger than CHUNK_ROWS: the pieces' gradients add up to autodiff's over the whole batch", async () => {
    const model = createMlp(4, [3], initialWeights(4, [3], new Rng(9)));
    const sampler = new BatchSampler(split, 4, plan.slots, new Rng(4));
    const batch = sampler.fill(sampler.allocate(CHUNK_ROWS + 1000, 1, 6));
    expect(tf.tidy(() => upload(batch, 4, ct).x.length)).toBe(2);
    await expectGradientsMatchAutodiff(model, ct, batch, 0.8, weightRows(plan, 1));
    tf.dispose(model.variables);
  });

  for (const hidden of [[8, 5], [6], []]) {
    const label = hidden.length ? `MLP ${hidden.join('-')}` : 'logistic regression';
    const setupFor = () =>
      gradientTestSetup({
        model: createMlp(4, hidden, initialWeights(4, hidden, new Rng(hidden.length + 1))),
        sampler: new BatchSampler(split, 4, plan.slots, new Rng(3)),
        plan,
        constraints: ct,
        rng,
      });

    it(`${label}: composed-map head, two constraint samples`, async () => {
      const setup = setupFor();
      const batch = setup.sampler.fill(allocate(setup, 6, 2));
      expect(batch.composed).toBeDefined();
      await expectGradientsMatchAutodiff(setup.model, ct, batch, 0.7, weightRows(plan, 2));
    });

    it(`${label}: block-sum head, objective block and constraint samples`, async () => {
      const { model, sampler } = setupFor();
      const batch = sampler.fill(sampler.allocate(6, 2, 6));
      expect(batch.composed).toBeUndefined();
      await expectGradientsMatchAutodiff(model, ct, batch, 0.7, weightRows(plan, 2));
      await expectGradientsMatchAutodiff(
        model,
        ct,
        sampler.fill(sampler.allocate(10, 1, 4)),
        -1.3,
        weightRows(plan, 1),
      );
    });

    it(`${label}: objective-only head, with and without trailing constraint rows`, async () => {
      const setup = setupFor();
      const { model, sampler } = setup;
      await expectGradientsMatchAutodiff(model, ct, sampler.fill(allocate(setup, 16, 0)), 0.9, null);
      const noPlan = { ...ct, rows: 0 };
      const batch = sampler.fill(sampler.allocate(5, 1, 2));
      const [manual, autodiff] = tf.tidy(() => {
        const t = upload(batch, 4, noPlan);
        const grads = forward(model, noPlan, batch, t).gradients({ objective: 2 });
        const reference = tf.variableGrads(
          () => tf.mul(forward(model, noPlan, batch, t).f!, 2) as tf.Scalar,
          model.variables,
        ).grads;
        return [
          grads.map((g) => Array.from(g.dataSync())),
          model.variables.map((v) => Array.from(reference[v.name]!.dataSync())),
        ];
      });
      manual.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(autodiff[i]![j]!, 5)));
    });
  }
});
