import { tf } from '../tf.js';
import { allocate, descend, forward, stopGradient, upload } from './common.js';
import type { Solver, SolverSetup, StepTensors } from './types.js';

/**
 * Lagrangian gradient descent–ascent: x ← x − lr·∇(f + λᵀc), then λ ← clip(λ + η·c, 0, cap), with c measured at the
 * pre-step x on the same constraint sample. One backward pass; λ stays on the device.
 */
export function createGda(setup: SolverSetup): Solver {
  const { dualBound } = setup.params as { dualBound: number };
  const lr = tf.scalar(setup.params.lr!);
  const dualLr = tf.scalar(setup.params.dualLr!);
  const lambda = tf.variable(tf.zeros([Math.max(setup.plan.rows.length, 1)]), false);
  const batch = allocate(setup, setup.batchSize, 1);
  return {
    name: 'gda',
    step(log) {
      setup.sampler.fill(batch);
      const kept: { f?: tf.Scalar; rows?: tf.Tensor1D } = {};
      tf.tidy(() => {
        const t = upload(batch, setup.sampler.features, setup.constraints);
        const { grads } = tf.variableGrads(() => {
          const { f, c } = forward(setup.model, setup.constraints, batch, t);
          kept.f = tf.keep(tf.clone(f!));
          if (!c) return tf.mul(f!, lr) as tf.Scalar;
          const rows = tf.reshape(c, [-1]) as tf.Tensor1D;
          kept.rows = tf.keep(stopGradient(rows));
          // λ is a non-trainable variable, so it receives no gradient: this is ∇f + Jᵀλ.
          return tf.mul(tf.add(f!, tf.sum(tf.mul(lambda, rows))), lr) as tf.Scalar;
        }, setup.model.variables);
        descend(setup.model, grads);
        if (kept.rows) lambda.assign(tf.clipByValue(tf.add(lambda, tf.mul(kept.rows, dualLr)), 0, dualBound));
      });
      if (!log) {
        tf.dispose([kept.f!, kept.rows ?? []]);
        return null;
      }
      return { loss: kept.f!, rows: kept.rows ?? null, multipliers: kept.rows ? tf.clone(lambda) : null } satisfies StepTensors;
    },
    dispose() {
      tf.dispose([lambda, lr, dualLr]);
    },
  };
}
