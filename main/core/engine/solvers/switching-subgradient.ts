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
  const { ctol, objectiveLr, constraintLr } = setup.params as { ctol: number; objectiveLr: number; constraintLr: number };
  const batch = allocate(setup, setup.batchSize, 1);
  return {
    name: 'switching-subgradient',
    step(log) {
      setup.sampler.fill(batch);
      const kept: { f?: tf.Scalar; rows?: tf.Tensor1D } = {};
      tf.tidy(() => {
        const t = upload(batch, setup.sampler.features, setup.constraints.slots);
        const { grads } = tf.variableGrads(() => {
          const { f, c } = forward(setup.model, setup.constraints, batch, t);
          if (log) kept.f = tf.keep(tf.clone(f!));
          if (!c) return tf.mul(f!, objectiveLr) as tf.Scalar;
          const rows = tf.reshape(c, [-1]);
          if (log) kept.rows = tf.keep(stopGradient(rows) as tf.Tensor1D);
          const cMax = tf.max(rows);
          const onConstraint = detached([cMax], (v) => tf.cast(tf.greaterEqual(v, ctol), 'float32'));
          const objectiveWeight = tf.mul(tf.sub(1, onConstraint), objectiveLr);
          return tf.add(tf.mul(objectiveWeight, f!), tf.mul(tf.mul(onConstraint, constraintLr), cMax)) as tf.Scalar;
        }, setup.model.variables);
        descend(setup.model, grads, 1);
      });
      if (!log) return null;
      return { loss: kept.f!, rows: kept.rows ?? null, multipliers: null };
    },
    dispose() {},
  };
}
