import { tf } from '../tf.js';
import { allocate, descend, passStep } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/**
 * SGD on f + w·Σ max(0, c_i): a fixed-weight exact penalty on the constraint sample drawn with the minibatch. It stands
 * in for the paper's SGD + fairret baseline (docs/science/deviations.md, row 10).
 */
export function createPenalty(setup: SolverSetup): Solver {
  const lr = tf.scalar(setup.params.lr!);
  const weightedLr = tf.scalar(setup.params.lr! * setup.params.weight!);
  const batch = allocate(setup, setup.batchSize, 1);
  return {
    name: 'penalty',
    async step(log) {
      return passStep(setup, batch, log, ({ f, c, gradients }) => {
        // The subgradient of max(0, c) is the step function of c.
        descend(setup.model, gradients({ objective: lr, constraints: c && tf.mul(tf.step(c), weightedLr) }));
        return { loss: f!, rows: c && tf.reshape(c, [-1]), multipliers: null };
      });
    },
    dispose() {
      tf.dispose([lr, weightedLr]);
    },
  };
}
