import { COMPOSED_LIMIT, composeMap, composedOutputs } from '../composed-map.js';
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
  y: tf.Tensor2D | null;
  offset: tf.Tensor2D | null;
  invDen: tf.Tensor2D | null;
  map: tf.Tensor2D | null;
  constant: tf.Tensor2D | null;
}

/** Uploads a filled batch (composing the fast-path map on the host first when the batch uses it). */
export function upload(batch: HostBatch, features: number, ct: ConstraintTensors): BatchTensors {
  const x = tf.tensor2d(batch.x, [batch.rows, features]);
  if (batch.composed) {
    const { map, constant, outputs } = batch.composed;
    composeMap(batch, ct, map, constant);
    return { x, y: null, offset: null, invDen: null, map: tf.tensor2d(map, [3 * batch.rows, outputs]), constant: tf.tensor2d(constant, [1, outputs]) };
  }
  const blocks = batch.offset.length / 5;
  return {
    x,
    y: tf.tensor2d(batch.y, [batch.rows, 1]),
    offset: blocks ? tf.tensor2d(batch.offset, [blocks, 5]) : null,
    invDen: blocks ? tf.tensor2d(batch.invDen, [blocks, 5]) : null,
    map: null,
    constant: null,
  };
}

/**
 * One forward pass over the whole laid-out batch: the objective mean loss over the first rows, and the one-sided
 * constraint values [samples, rows] of every constraint sample after them. When the objective minibatch is as large as
 * a constraint block (the default: both are the batch size) it is summed as one more block, which saves three ops.
 */
export function forward(model: Mlp, ct: ConstraintTensors, batch: HostBatch, t: BatchTensors): { f: tf.Scalar | null; c: tf.Tensor2D | null } {
  if (t.map) return forwardComposed(model, ct, batch, t);
  const columns = rowColumns(logits(model, t.x), t.y!);
  const constrained = batch.samples > 0 && ct.rows > 0;
  if (!constrained) return { f: tf.mean(tf.slice(columns, [0, 0], [batch.objectiveRows, 1])) as tf.Scalar, c: null };
  const blocks = batch.samples * ct.slots;
  let f: tf.Scalar | null = null;
  let means: tf.Tensor2D;
  if (batch.objectiveRows === batch.perSlot) {
    // Block 0 is the objective; its offset row is 0 and its inverse denominators are 1/B, so means[0, 0] = f.
    means = slotMeans(groupSumsBlocks(columns, blocks + 1, batch.perSlot), ct.numMap, t.offset!, t.invDen!);
    f = tf.reshape(tf.slice(means, [0, 0], [1, 1]), []) as tf.Scalar;
    means = tf.slice(means, [1, 0], [blocks, 5]);
  } else {
    if (batch.objectiveRows > 0) f = tf.mean(tf.slice(columns, [0, 0], [batch.objectiveRows, 1])) as tf.Scalar;
    const sampleColumns = batch.objectiveRows > 0 ? tf.slice(columns, [batch.objectiveRows, 0], [blocks * batch.perSlot, 3]) : columns;
    means = slotMeans(groupSumsBlocks(sampleColumns, blocks, batch.perSlot), ct.numMap, t.offset!, t.invDen!);
  }
  return { f, c: constraintValues(means, batch.samples, ct) };
}

function forwardComposed(model: Mlp, ct: ConstraintTensors, batch: HostBatch, t: BatchTensors): { f: tf.Scalar | null; c: tf.Tensor2D | null } {
  const z = logits(model, t.x);
  const columns = tf.concat([tf.softplus(z), z, tf.sigmoid(z)], 1);
  const out = tf.add(tf.matMul(tf.reshape(columns, [1, 3 * batch.rows]), t.map!), t.constant!);
  const first = batch.objectiveRows > 0 ? 1 : 0;
  const f = first ? (tf.reshape(tf.slice(out, [0, 0], [1, 1]), []) as tf.Scalar) : null;
  const c = tf.reshape(tf.slice(out, [0, first], [1, batch.samples * ct.rows]), [batch.samples, ct.rows]) as tf.Tensor2D;
  return { f, c };
}

/** x ← x − g for every variable; solvers fold the step size into the differentiated scalar (one op less per variable). */
export function descend(model: Mlp, grads: tf.NamedTensorMap): void {
  for (const v of model.variables) v.assign(tf.sub(v, grads[v.name]!));
}

/** Batch layout helper: objective rows plus `samples` constraint samples (none when the plan has no rows). */
export function allocate(setup: SolverSetup, objectiveRows: number, samples: number): HostBatch {
  const s = setup.plan.rows.length ? samples : 0;
  const batch = setup.sampler.allocate(objectiveRows, s, setup.constraintBatchSize);
  const outputs = composedOutputs(batch, setup.plan.rows.length);
  if (s > 0 && 3 * batch.rows * outputs <= COMPOSED_LIMIT) {
    batch.composed = { map: new Float32Array(3 * batch.rows * outputs), constant: new Float32Array(outputs), outputs };
  }
  return batch;
}

/** Constraint estimates for logging by solvers that do not compute them in their step (one forward, no gradient). */
export function logOnly(setup: SolverSetup, batch: HostBatch, loss: tf.Scalar, multipliers: tf.Tensor | null = null): StepTensors {
  if (!setup.plan.rows.length) return { loss, rows: null, multipliers };
  setup.logSampler.fill(batch);
  const rows = tf.tidy(() => {
    const t = upload(batch, setup.sampler.features, setup.constraints);
    const { c } = forward(setup.model, setup.constraints, batch, t);
    return tf.reshape(c!, [-1]);
  });
  return { loss, rows, multipliers };
}
