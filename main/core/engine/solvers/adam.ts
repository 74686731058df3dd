import { tf } from '../tf.js';
import { allocate, forward, logOnly, upload } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/** Adam on the mean loss (tfjs's optimizer, which owns its moment variables). */
export function createAdam(setup: SolverSetup): Solver {
  const optimizer = tf.train.adam(setup.params.lr!, setup.params.beta1!, setup.params.beta2!);
  const batch = allocate(setup, setup.batchSize, 0);
  const logBatch = allocate(setup, 0, 1);
  return {
    name: 'adam',
    step(log) {
      setup.sampler.fill(batch);
      const loss = tf.tidy(() => {
        const pass = forward(setup.model, setup.constraints, batch, upload(batch, setup.sampler.features, setup.constraints));
        const grads = pass.gradients({ objective: 1 });
        optimizer.applyGradients(setup.model.variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
        return pass.f!;
      });
      if (!log) {
        loss.dispose();
        return null;
      }
      return logOnly(setup, logBatch, loss);
    },
    dispose() {
      optimizer.dispose();
    },
  };
}
