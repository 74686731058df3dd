import { tf } from '../tf.js';
import { allocate, descend, passStep } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/**
 * Stochastic switching subgradient (Huang & Lin, NeurIPS 2023; docs/science/solvers.md), constant step sizes as in the v1 runs: on one
 * fresh constraint sample, if max_i ĉ_i ≥ ε step on that constraint (x ← x − η_c·∇ĉ_max, same sample), else on the
 * objective minibatch (x ← x − η_f·∇f̂). The switch is made on the device — output weights (η_f, 0) or (0, η_c·e_max)
 * — so both branches are one backward pass and a step never waits for a readback. With dual estimates set, the switch
 * test and the choice of constraint read their sample; the constraint's gradient still comes from the training sample.
 */
export function createSwitchingSubgradient(setup: SolverSetup): Solver {
  const ctol = tf.scalar(setup.params.ctol!);
  const objectiveLr = tf.scalar(setup.params.objectiveLr!);
  const constraintLr = tf.scalar(setup.params.constraintLr!);
  const rowCount = setup.plan.rows.length;
  const batch = allocate(setup, setup.batchSize, 1);
  return {
    name: 'switching-subgradient',
    async step(log) {
      return passStep(setup, batch, log, ({ f, c, gradients }) => {
        if (!c) {
          descend(setup.model, gradients({ objective: objectiveLr }));
          return { loss: f!, rows: null, multipliers: null };
        }
        const rows = tf.reshape(c, [-1]) as tf.Tensor1D;
        const tested = setup.dual ? setup.dual.rows() : rows;
        const on = tf.cast(tf.greaterEqual(tf.max(tested), ctol), 'float32');
        // int32 then cast: tfjs-wasm's OneHot writes integer bits into a float32 output (1 reads as 1.4e-45).
        const worst = tf.cast(tf.oneHot(tf.argMax(tested), rowCount), 'float32');
        descend(
          setup.model,
          gradients({
            objective: tf.mul(tf.sub(1, on), objectiveLr) as tf.Scalar,
            constraints: tf.mul(worst, tf.mul(on, constraintLr)),
          }),
        );
        return { loss: f!, rows, multipliers: null };
      });
    },
    dispose() {
      tf.dispose([ctol, objectiveLr, constraintLr]);
    },
  };
}
