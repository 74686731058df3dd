import { tf } from '../tf.js';
import { allocate, descend, forward, upload } from './common.js';
import type { Solver, SolverSetup, StepTensors } from './types.js';

/** SGD on f + w·Σ max(0, c_i): a fixed-weight exact penalty on the constraint sample drawn with the minibatch. */
export function createPenalty(setup: SolverSetup): Solver {
  const lr = tf.scalar(setup.params.lr!);
  const weight = tf.scalar(setup.params.weight!);
  const batch = allocate(setup, setup.batchSize, 1);
  return {
    name: 'penalty',
    step(log) {
      setup.sampler.fill(batch);
      let out: StepTensors | null = null;
      tf.tidy(() => {
        const t = upload(batch, setup.sampler.features, setup.constraints);
        const { grads } = tf.variableGrads(() => {
          const { f, c } = forward(setup.model, setup.constraints, batch, t);
          if (log) out = { loss: tf.keep(tf.clone(f!)), rows: c ? tf.keep(tf.reshape(c, [-1])) : null, multipliers: null };
          if (!c) return tf.mul(f!, lr) as tf.Scalar;
          return tf.mul(tf.add(f!, tf.mul(tf.sum(tf.relu(c)), weight)), lr) as tf.Scalar;
        }, setup.model.variables);
        descend(setup.model, grads);
      });
      return out;
    },
    dispose() {
      tf.dispose([lr, weight]);
    },
  };
}
