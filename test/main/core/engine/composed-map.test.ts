import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { createConstraintTensors } from '../../../../main/core/engine/group-stats.js';
import { createMlp, initialWeights } from '../../../../main/core/engine/model.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { BatchSampler } from '../../../../main/core/engine/sampler.js';
import { allocate, forward, upload } from '../../../../main/core/engine/solvers/common.js';
import { tf } from '../../../../main/core/engine/tf.js';
import { gradientTestSetup } from '../../../helpers/gradient-check.js';
import { randomGroupSplit } from '../../../helpers/random-groups.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('composed-map fast path', () => {
  const rng = new Rng(5);
  const { split, groups } = randomGroupSplit(rng, { rows: 300, features: 4, groups: 4, positiveRate: 0.35 });
  const kinds = [
    { kind: 'loss-gap', topology: 'pairwise', tolerance: 0.01 },
    { kind: 'equalized-odds', topology: 'each-vs-overall', tolerance: 0.02 },
    { kind: 'accuracy-gap', topology: 'pairwise', tolerance: 0.03 },
    { kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.04 },
    { kind: 'worst-group-loss', topology: 'pairwise', tolerance: 0.5 },
  ] as const;

  it('gives the same objective and constraint values as the block sums, for every constraint kind', () => {
    const plan = buildConstraintPlan([...kinds], groups);
    const ct = createConstraintTensors(plan);
    const model = createMlp(4, [8], initialWeights(4, [8], rng));
    const sampler = new BatchSampler(split, 4, plan.slots, new Rng(9));
    const setup = gradientTestSetup({ model, sampler, plan, constraints: ct, rng });
    const batch = allocate(setup, 6, 2);
    expect(batch.composed).toBeDefined();
    sampler.fill(batch);
    const plain = { ...batch, composed: undefined };
    const [fc, cc, fb, cb] = tf.tidy(() => {
      const a = forward(model, ct, batch, upload(batch, 4, ct));
      const b = forward(model, ct, plain, upload(plain, 4, ct));
      return [a.f!.arraySync(), a.c!.arraySync(), b.f!.arraySync(), b.c!.arraySync()] as const;
    });
    expect(fc).toBeCloseTo(fb as number, 5);
    (cb as number[][]).forEach((row, s) => row.forEach((v, r) => expect((cc as number[][])[s]![r]).toBeCloseTo(v, 4)));
    expect((cb as number[][])[0]!.length).toBe(plan.rows.length);

    // Gradients of a weighted sum of every output agree too.
    const weights = tf.tensor1d(Array.from({ length: plan.rows.length }, (_, i) => ((i % 5) - 2) / 3));
    const gradient = (b: typeof batch): number[] =>
      tf.tidy(() => {
        const t = upload(b, 4, ct);
        const { grads } = tf.variableGrads(() => {
          const { f, c } = forward(model, ct, b, t);
          return tf.add(f!, tf.sum(tf.mul(c!, weights))) as tf.Scalar;
        }, model.variables);
        return model.variables.flatMap((v) => Array.from(grads[v.name]!.dataSync()));
      });
    const g1 = gradient(batch);
    const g2 = gradient(plain);
    g1.forEach((v, i) => expect(v).toBeCloseTo(g2[i]!, 4));
    weights.dispose();
  });
});
