import { FairboundError } from '../../../shared/errors.js';
import { isBaselineSolver } from '../../../shared/fairness.js';
import { resolveSolverParams } from '../../../shared/solvers.js';
import type { ConstraintPlan } from '../constraints/constraint-plan.js';
import type { PreparedTask } from '../data/prepared-task.js';
import { DualEstimates } from './dual-estimates.js';
import { createConstraintTensors, disposeConstraintTensors } from './group-stats.js';
import { createMlp, initialWeights, type Mlp } from './model.js';
import { Rng } from './rng.js';
import { BatchSampler, type TrainingSampler } from './sampler.js';
import { StreamedSampler } from './streamed-sampler.js';
import { createSolver } from './solvers/index.js';
import type { Solver } from './solvers/types.js';
import { tf } from './tf.js';

export interface Training {
  model: Mlp;
  sampler: TrainingSampler;
  solver: Solver;
  dual: DualEstimates | null;
  params: Record<string, number>;
  dispose(): void;
}

/**
 * The model, samplers and solver of one seeded run of the task's config (model, solver, class weights, dual
 * estimates); the benchmarks and engine tests set up their solvers through it too, so they measure what a run trains.
 */
export async function setUpTraining(task: PreparedTask, plan: ConstraintPlan, seed: number): Promise<Training> {
  const cfg = task.config;
  const solverName = cfg.solver.name;
  if (isBaselineSolver(solverName))
    throw new FairboundError(
      'internal',
      `${solverName} is a baseline method (main/core/baselines), not a gradient solver`,
    );
  const rng = new Rng(seed);
  const features = task.featureNames.length;
  const { params } = resolveSolverParams(cfg.solver.name, cfg.solver.params);
  const model = createMlp(features, cfg.model.hidden, initialWeights(features, cfg.model.hidden, rng));
  const balanced = cfg.classWeights === 'balanced';
  const logRng = new Rng(seed ^ 0x5bd1e995);
  let sampler: TrainingSampler;
  let logSampler: TrainingSampler;
  if (task.stream) {
    // Too large to hold every feature row: block-shuffled windows read from the cached Parquet (streamed-sampler.ts).
    const streamed = await StreamedSampler.open(task.train, task.stream, plan.slots, rng, { balanceClasses: balanced });
    sampler = streamed;
    logSampler = streamed.companion(logRng);
  } else {
    sampler = new BatchSampler(task.train, features, plan.slots, rng, { balanceClasses: balanced });
    logSampler = new BatchSampler(task.train, features, plan.slots, logRng, { balanceClasses: balanced });
  }
  const constraints = createConstraintTensors(plan);
  const batchSize = cfg.solver.batchSize;
  const constraintBatchSize = cfg.solver.constraintBatchSize ?? batchSize;
  const { split: dualSplit, rates } = cfg.solver.dual ?? { split: 'train', rates: 'soft' };
  if (task.stream && !(dualSplit === 'train' && rates === 'soft'))
    throw new FairboundError(
      'dataset-unsupported',
      'solver.dual needs every row of its split in memory, and this dataset is too large for that: leave solver.dual out, or train on a sample of the rows.',
    );
  const dual =
    dualSplit === 'train' && rates === 'soft'
      ? null
      : new DualEstimates(
          dualSplit === 'validation' ? task.validation! : task.train,
          features,
          plan.slots,
          new Rng(seed ^ 0x2545f491),
          constraintBatchSize,
          model,
          constraints,
          rates === 'hard',
          cfg.threshold,
        );
  const solver = await createSolver(solverName, {
    model,
    sampler,
    logSampler,
    plan,
    constraints,
    params,
    batchSize,
    constraintBatchSize,
    rng,
    dual,
  });
  return {
    model,
    sampler,
    solver,
    dual,
    params,
    dispose: () => {
      solver.dispose();
      disposeConstraintTensors(constraints);
      tf.dispose(model.variables);
    },
  };
}
