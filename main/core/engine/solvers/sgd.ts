import { tf } from '../tf.js';
import { allocate, descend, forward, logOnly, upload } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/** Plain minibatch SGD on the mean loss; constraints are only measured (on a separate sample) at logging steps. */
export function createSgd(setup: SolverSetup): Solver {
  const lr = tf.scalar(setup.params.lr!);
  const batch = allocate(setup, setup.batchSize, 0);
  const logBatch = allocate(setup, 0, 1);
  return {
    name: 'sgd',
    step(log) {
      setup.sampler.fill(batch);
      const loss = tf.tidy(() => {
        const pass = forward(setup.model, setup.constraints, batch, upload(batch, setup.sampler.features, setup.constraints));
        descend(setup.model, pass.gradients({ objective: lr }));
        return pass.f!;
      });
      if (!log) {
        loss.dispose();
        return null;
      }
      return logOnly(setup, logBatch, loss);
    },
    dispose() {
      lr.dispose();
    },
  };
}
