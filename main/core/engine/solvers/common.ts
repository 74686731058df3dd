import type { HostBatch } from '../sampler.js';
import { constraintValues, groupSumsBlocks, rowColumns, slotMeans, type ConstraintTensors } from '../group-stats.js';
import { logits, type Mlp } from '../model.js';
import { tf } from '../tf.js';
import type { SolverSetup, StepTensors } from './types.js';

/**
 * Computes `compute(inputs)` as one custom-gradient node whose gradient is zero: the weights it yields (multipliers,
 * switch indicators) are held constant inside a variableGrads, and the ops inside are not taped (comparisons have no
 * gradient in tfjs and would otherwise break back-propagation).
 */
export function detached<T extends tf.Tensor>(inputs: tf.Tensor[], compute: (...xs: tf.Tensor[]) => T): T {
  const node = tf.customGrad((...args: unknown[]) => {
    const xs = args.slice(0, inputs.length) as tf.Tensor[];
    return { value: compute(...xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  }) as (...xs: tf.Tensor[]) => T;
  return node(...inputs);
}

export function stopGradient<T extends tf.Tensor>(x: T): T {
  return detached([x], (v) => tf.clone(v) as T);
}

export interface BatchTensors {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  offset: tf.Tensor2D | null;
  invDen: tf.Tensor2D | null;
}

export function upload(batch: HostBatch, features: number, slots: number): BatchTensors {
  const blocks = batch.samples * slots;
  return {
    x: tf.tensor2d(batch.x, [batch.rows, features]),
    y: tf.tensor2d(batch.y, [batch.rows, 1]),
    offset: blocks ? tf.tensor2d(batch.offset, [blocks, 5]) : null,
    invDen: blocks ? tf.tensor2d(batch.invDen, [blocks, 5]) : null,
  };
}

/**
 * One forward pass over the whole laid-out batch: the objective mean loss over the first rows, and the one-sided
 * constraint values [samples, rows] of every constraint sample after them.
 */
export function forward(model: Mlp, ct: ConstraintTensors, batch: HostBatch, t: BatchTensors): { f: tf.Scalar | null; c: tf.Tensor2D | null } {
  const { columns } = rowColumns(logits(model, t.x), t.y);
  const f = batch.objectiveRows > 0 ? (tf.mean(tf.slice(columns, [0, 0], [batch.objectiveRows, 1])) as tf.Scalar) : null;
  if (!batch.samples || !ct.rows) return { f, c: null };
  const blocks = batch.samples * ct.slots;
  const sampleColumns = batch.objectiveRows > 0 ? tf.slice(columns, [batch.objectiveRows, 0], [blocks * batch.perSlot, 3]) : columns;
  const sums = groupSumsBlocks(sampleColumns, blocks, batch.perSlot);
  const means = slotMeans(sums, ct.numMap, t.offset!, t.invDen!);
  return { f, c: constraintValues(means, batch.samples, ct) };
}

/** x ← x − lr·g for every variable. */
export function descend(model: Mlp, grads: tf.NamedTensorMap, lr: number | tf.Scalar): void {
  for (const v of model.variables) v.assign(tf.sub(v, tf.mul(grads[v.name]!, lr)));
}

/** Batch layout helper: objective rows plus `samples` constraint samples (none when the plan has no rows). */
export function allocate(setup: SolverSetup, objectiveRows: number, samples: number): HostBatch {
  const s = setup.plan.rows.length ? samples : 0;
  return setup.sampler.allocate(objectiveRows, s, setup.constraintBatchSize);
}

/** Constraint estimates for logging by solvers that do not compute them in their step (one forward, no gradient). */
export function logOnly(setup: SolverSetup, batch: HostBatch, loss: tf.Scalar, multipliers: tf.Tensor | null = null): StepTensors {
  if (!setup.plan.rows.length) return { loss, rows: null, multipliers };
  setup.sampler.fill(batch);
  const rows = tf.tidy(() => {
    const t = upload(batch, setup.sampler.features, setup.constraints.slots);
    const { c } = forward(setup.model, setup.constraints, batch, t);
    return tf.reshape(c!, [-1]);
  });
  return { loss, rows, multipliers };
}
