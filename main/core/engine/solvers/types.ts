import type { SolverName } from '../../../../shared/fairness.js';
import type { ConstraintPlan } from '../../constraints/constraint-plan.js';
import type { DualEstimates } from '../dual-estimates.js';
import type { ConstraintTensors } from '../group-stats.js';
import type { Mlp } from '../model.js';
import type { Rng } from '../rng.js';
import type { TrainingSampler } from '../sampler.js';
import type { tf } from '../tf.js';

/** Everything a solver needs; built once per run by the run loop. */
export interface SolverSetup {
  model: Mlp;
  sampler: TrainingSampler;
  /** Separate sampler (own random stream) for estimates drawn only for logging, so logging never changes the trajectory. */
  logSampler: TrainingSampler;
  plan: ConstraintPlan;
  constraints: ConstraintTensors;
  /** Resolved hyper-parameters (shared/solvers.ts defaults filled in). */
  params: Record<string, number>;
  batchSize: number;
  constraintBatchSize: number;
  rng: Rng;
  /**
   * Constraint estimates for the multiplier side (held-out split and/or hard rates, dual-estimates.ts); null: the
   * multiplier side uses the training sample's soft estimates, as the solvers are published.
   */
  dual?: DualEstimates | null;
}

/** Tensors of one logged step, owned by the caller (read once, then disposed). */
export interface StepTensors {
  /** Minibatch objective estimate. */
  loss: tf.Scalar;
  /** One-sided constraint row estimates c_i (value − tolerance), or null when there are no constraints. */
  rows: tf.Tensor | null;
  /** One multiplier per row, or null for solvers without multipliers. */
  multipliers: tf.Tensor | null;
}

/**
 * One shared interface for every solver: a step mutates the model; logging steps also return estimates. Asynchronous
 * because a solver with host-side subproblems (Stochastic Ghost) must read back without blocking: tfjs-webgpu has no
 * synchronous read in Node.
 */
export interface Solver {
  readonly name: SolverName;
  step(log: boolean): Promise<StepTensors | null>;
  /** Anything the run record and the live log should say about this run's solver (e.g. failed subproblems, counted). */
  notes?(): string[];
  dispose(): void;
}
