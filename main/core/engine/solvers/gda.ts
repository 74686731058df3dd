import { tf } from '../tf.js';
import { allocate, descend, passStep } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/**
 * Lagrangian gradient descent–ascent: x ← x − lr·∇(f + λᵀc), then λ ← clip(λ + η·c, 0, cap), with c measured at the
 * pre-step x on the same constraint sample (or on the dual estimates' sample, when set). One backward pass; λ stays
 * on the device.
 */
export function createGda(setup: SolverSetup): Solver {
  const { dualBound } = setup.params as { dualBound: number };
  const lr = tf.scalar(setup.params.lr!);
  const dualLr = tf.scalar(setup.params.dualLr!);
  const lambda = tf.variable(tf.zeros([Math.max(setup.plan.rows.length, 1)]), false);
  const batch = allocate(setup, setup.batchSize, 1);
  return {
    name: 'gda',
    async step(log) {
      return passStep(setup, batch, log, ({ f, c, gradients }) => {
        descend(setup.model, gradients({ objective: lr, constraints: c && tf.mul(lambda, lr) }));
        if (!c) return { loss: f!, rows: null, multipliers: null };
        const rows = tf.reshape(c, [-1]);
        const measured = setup.dual ? setup.dual.rows() : rows;
        lambda.assign(tf.clipByValue(tf.add(lambda, tf.mul(measured, dualLr)), 0, dualBound));
        return { loss: f!, rows, multipliers: tf.clone(lambda) };
      });
    },
    dispose() {
      tf.dispose([lambda, lr, dualLr]);
    },
  };
}
