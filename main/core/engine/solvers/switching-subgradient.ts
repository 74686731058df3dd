import { tf } from '../tf.js';
import { allocate, descend, detached, forward, stopGradient, upload } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/**
 * Stochastic switching subgradient (Huang & Lin 2023; SCIENCE.md 2.3), constant step sizes as in the v1 runs: on one
 * fresh constraint sample, if max_i ĉ_i ≥ ε step on that constraint (x ← x − η_c·∇ĉ_max, same sample), else on the
 * objective minibatch (x ← x − η_f·∇f̂). The switch is made on the device — a 0/1 weight held constant through
 * the gradient — so both branches are one variableGrads and a step never waits for a readback.
 */
export function createSwitchingSubgradient(setup: SolverSetup): Solver {
  const ctol = tf.scalar(setup.params.ctol!);
  const objectiveLr = tf.scalar(setup.params.objectiveLr!);
  const constraintLr = tf.scalar(setup.params.constraintLr!);
  const batch = allocate(setup, setup.batchSize, 1);
  return {
    name: 'switching-subgradient',
    step(log) {
      setup.sampler.fill(batch);
      const kept: { f?: tf.Scalar; rows?: tf.Tensor1D } = {};
      tf.tidy(() => {
        const t = upload(batch, setup.sampler.features, setup.constraints);
        const { grads } = tf.variableGrads(() => {
          const { f, c } = forward(setup.model, setup.constraints, batch, t);
          if (log) kept.f = tf.keep(tf.clone(f!));
          if (!c) return tf.mul(f!, objectiveLr) as tf.Scalar;
          const rows = tf.reshape(c, [-1]);
          if (log) kept.rows = tf.keep(stopGradient(rows) as tf.Tensor1D);
          const cMax = tf.max(rows);
          // Step weights (η_f, 0) or (0, η_c), chosen on the device and held constant.
          const weights = detached([cMax], (v) => {
            const on = tf.cast(tf.greaterEqual(v, ctol), 'float32');
            return tf.stack([tf.mul(tf.sub(1, on), objectiveLr), tf.mul(on, constraintLr)]);
          });
          return tf.sum(tf.mul(weights, tf.stack([f!, cMax]))) as tf.Scalar;
        }, setup.model.variables);
        descend(setup.model, grads);
      });
      if (!log) return null;
      return { loss: kept.f!, rows: kept.rows ?? null, multipliers: null };
    },
    dispose() {
      tf.dispose([ctol, objectiveLr, constraintLr]);
    },
  };
}
