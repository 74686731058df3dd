import type { GradientSolverName } from '../../../../shared/fairness.js';
import { createAdam } from './adam.js';
import { createAlm } from './alm.js';
import { createGda } from './gda.js';
import { createPenalty } from './penalty.js';
import { createSgd } from './sgd.js';
import { createSslAlm } from './ssl-alm.js';
import { createStochasticGhost } from './stochastic-ghost.js';
import { createSwitchingSubgradient } from './switching-subgradient.js';
import type { Solver, SolverSetup } from './types.js';

const FACTORIES: Record<GradientSolverName, (setup: SolverSetup) => Solver | Promise<Solver>> = {
  sgd: createSgd,
  adam: createAdam,
  penalty: createPenalty,
  gda: createGda,
  alm: createAlm,
  'ssl-alm': (setup) => createSslAlm(setup),
  'switching-subgradient': createSwitchingSubgradient,
  'stochastic-ghost': createStochasticGhost,
};

export async function createSolver(name: GradientSolverName, setup: SolverSetup): Promise<Solver> {
  return FACTORIES[name](setup);
}

export type { Solver, SolverSetup, StepTensors } from './types.js';
