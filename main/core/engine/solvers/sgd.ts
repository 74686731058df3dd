import { tf } from '../tf.js';
import { descend, objectiveBatches, objectiveStep } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/** Plain minibatch SGD on the mean loss; constraints are only measured (on a separate sample) at logging steps. */
export function createSgd(setup: SolverSetup): Solver {
  const lr = tf.scalar(setup.params.lr!);
  const batches = objectiveBatches(setup);
  return {
    name: 'sgd',
    step: async (log) =>
      objectiveStep(setup, batches, log, (pass) => descend(setup.model, pass.gradients({ objective: lr }))),
    dispose() {
      lr.dispose();
    },
  };
}
