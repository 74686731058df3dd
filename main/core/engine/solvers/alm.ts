import { createSslAlm } from './ssl-alm.js';
import type { Solver, SolverSetup } from './types.js';

/** The paper's "ALM" baseline: SSL-ALM without smoothing (μ = 0; the centre z is unused). */
export function createAlm(setup: SolverSetup): Solver {
  return createSslAlm({ ...setup, params: { ...setup.params, mu: 0, beta: 0 } }, 'alm');
}
