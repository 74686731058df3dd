import { tf } from '../tf.js';
import { objectiveBatches, objectiveStep } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/** Adam on the mean loss (tfjs's optimizer, which owns its moment variables). */
export function createAdam(setup: SolverSetup): Solver {
  const optimizer = tf.train.adam(setup.params.lr!, setup.params.beta1!, setup.params.beta2!);
  const batches = objectiveBatches(setup);
  return {
    name: 'adam',
    step: async (log) =>
      objectiveStep(setup, batches, log, (pass) => {
        const grads = pass.gradients({ objective: 1 });
        optimizer.applyGradients(setup.model.variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      }),
    dispose() {
      optimizer.dispose();
    },
  };
}
