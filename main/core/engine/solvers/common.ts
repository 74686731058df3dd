import { COMPOSED_LIMIT, composeMap, composedOutputs } from '../composed-map.js';
import type { HostBatch } from '../sampler.js';
import { constraintValues, groupSumsBlocks, rowColumns, slotMeans, type ConstraintTensors } from '../group-stats.js';
import { mlpGradients } from '../backprop.js';
import { trace, type Mlp } from '../model.js';
import { tf } from '../tf.js';
import type { SolverSetup, StepTensors } from './types.js';

export interface BatchTensors {
  /** The features in pieces of at most CHUNK_ROWS rows, in batch order. */
  x: tf.Tensor2D[];
  y: tf.Tensor2D | null;
  offset: tf.Tensor2D | null;
  invDen: tf.Tensor2D | null;
  map: tf.Tensor2D | null;
  constant: tf.Tensor2D | null;
}

/**
 * Rows per forward/backward piece of a large batch (full-data and large-batch modes): every GPU buffer stays far below
 * WebGPU's 1 GiB binding limit (256 Ki rows × 64 hidden units × 4 B = 64 MiB) and every dispatch within its 65,535
 * workgroups per dimension, so any batch size runs. The head (losses and group statistics) sees all rows at once.
 */
export const CHUNK_ROWS = 1 << 18;

/** Uploads a filled batch (composing the fast-path map on the host first when the batch uses it). */
export function upload(batch: HostBatch, features: number, ct: ConstraintTensors): BatchTensors {
  const x: tf.Tensor2D[] = [];
  for (let start = 0; start < batch.rows; start += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, batch.rows - start);
    x.push(tf.tensor2d(batch.x.subarray(start * features, (start + rows) * features), [rows, features]));
  }
  if (batch.composed) {
    const { map, constant, outputs } = batch.composed;
    composeMap(batch, ct, map, constant);
    return {
      x,
      y: null,
      offset: null,
      invDen: null,
      map: tf.tensor2d(map, [3 * batch.rows, outputs]),
      constant: tf.tensor2d(constant, [1, outputs]),
    };
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

/** Constant weights of the step's differentiated sum: objective·f + Σ constraints ⊙ c (broadcast to [samples, rows]). */
export interface OutputWeights {
  objective: tf.Scalar | number;
  constraints?: tf.Tensor | null;
}

/** A forward pass's outputs, and the weight gradients of any weighted sum of them (model.variables order). */
export interface Pass {
  /** Objective mean loss over the objective rows (null when the batch has none). */
  f: tf.Scalar | null;
  /** One-sided constraint values [samples, rows] (null without constraint samples). */
  c: tf.Tensor2D | null;
  gradients(weights: OutputWeights): tf.Tensor[];
}

/**
 * One forward pass over the whole laid-out batch: the objective mean loss over the first rows, and the one-sided
 * constraint values of every constraint sample after them. Gradients need no tape: the weights of a step are constants
 * computed from these values, so d(weighted sum)/dz comes from the head below and backprop.ts does the network.
 */
export function forward(model: Mlp, ct: ConstraintTensors, batch: HostBatch, t: BatchTensors): Pass {
  const traces = t.x.map((x) => trace(model, x));
  const z =
    traces.length === 1
      ? traces[0]!.z
      : (tf.concat(
          traces.map((p) => p.z),
          0,
        ) as tf.Tensor2D);
  const head = t.map
    ? composedHead(batch, ct, t, z)
    : batch.samples > 0 && ct.rows > 0
      ? blockHead(batch, ct, t, z)
      : objectiveHead(batch, t, z);
  return {
    f: head.f,
    c: head.c,
    gradients: (weights) => {
      const dz = head.dz(weights);
      if (traces.length === 1) return mlpGradients(model, traces[0]!, dz);
      // Gradients are sums over rows: each piece's backward pass, added up.
      const pieces = tf.split(
        dz,
        traces.map((p) => p.z.shape[0]),
        0,
      ) as tf.Tensor2D[];
      return traces
        .map((p, i) => mlpGradients(model, p, pieces[i]!))
        .reduce((sum, g) => sum.map((s, j) => tf.add(s, g[j]!)));
    },
  };
}

interface Head {
  f: tf.Scalar | null;
  c: tf.Tensor2D | null;
  /** d(weighted sum)/dz [rows, 1]. */
  dz(weights: OutputWeights): tf.Tensor2D;
}

/** Constraint weights as [samples, rows] (zeros when none are given). */
function constraintWeights(weights: OutputWeights, samples: number, rows: number): tf.Tensor2D {
  return (
    weights.constraints ? tf.broadcastTo(weights.constraints, [samples, rows]) : tf.zeros([samples, rows])
  ) as tf.Tensor2D;
}

/** No constraint sample: f = mean(softplus(z) − y·z) over the objective rows, so df/dz = (σ(z) − y)/B there. */
function objectiveHead(batch: HostBatch, t: BatchTensors, z: tf.Tensor2D): Head {
  const n = batch.objectiveRows;
  const zObjective = n === batch.rows ? z : tf.slice(z, [0, 0], [n, 1]);
  const y = n === batch.rows ? t.y! : tf.slice(t.y!, [0, 0], [n, 1]);
  const f = n > 0 ? (tf.mean(tf.sub(tf.softplus(zObjective), tf.mul(y, zObjective))) as tf.Scalar) : null;
  return {
    f,
    c: null,
    dz: (weights) => {
      if (n === 0) return tf.zeros([batch.rows, 1]);
      const dObjective = tf.mul(tf.sub(tf.sigmoid(zObjective), y), tf.div(weights.objective, n)) as tf.Tensor2D;
      return n === batch.rows
        ? dObjective
        : tf.pad(dObjective, [
            [0, batch.rows - n],
            [0, 0],
          ]);
    },
  };
}

/**
 * Composed-map fast path (composed-map.ts): out = reshape([softplus(z), z, σ(z)], [1, 3·rows])·M + constant, so for
 * output weights w, d/dcolumns = w·Mᵀ and dz = d_softplus·σ + d_z + d_σ·σ(1 − σ).
 */
function composedHead(batch: HostBatch, ct: ConstraintTensors, t: BatchTensors, z: tf.Tensor2D): Head {
  const s = tf.sigmoid(z);
  const columns = tf.concat([tf.softplus(z), z, s], 1);
  const out = tf.add(tf.matMul(tf.reshape(columns, [1, 3 * batch.rows]), t.map!), t.constant!);
  const first = batch.objectiveRows > 0 ? 1 : 0;
  return {
    f: first ? (tf.reshape(tf.slice(out, [0, 0], [1, 1]), []) as tf.Scalar) : null,
    c: tf.reshape(tf.slice(out, [0, first], [1, batch.samples * ct.rows]), [batch.samples, ct.rows]) as tf.Tensor2D,
    dz: (weights) => {
      // As a column, w·Mᵀ = (M·w)ᵀ needs no transposed matMul (slow on wasm, see backprop.ts).
      const column = tf.reshape(constraintWeights(weights, batch.samples, ct.rows), [batch.samples * ct.rows, 1]);
      const w = first ? tf.concat([tf.reshape(weights.objective, [1, 1]), column], 0) : column;
      const dColumns = tf.reshape(tf.matMul(t.map!, w), [batch.rows, 3]);
      const slopes = tf.concat([s, tf.onesLike(s), tf.mul(s, tf.sub(1, s))], 1);
      return tf.sum(tf.mul(dColumns, slopes), 1, true) as tf.Tensor2D;
    },
  };
}

/**
 * Block sums (group-stats.ts) for problems too large to compose: the head's own ops are few and shape-independent of
 * the network, so its dz is taken with tfjs autodiff. When the objective minibatch is as large as a constraint block
 * (the default) it is summed as one more block, which saves three ops.
 */
function blockHead(batch: HostBatch, ct: ConstraintTensors, t: BatchTensors, z: tf.Tensor2D): Head {
  const outputs = (logit: tf.Tensor2D): { f: tf.Scalar | null; c: tf.Tensor2D } => {
    const columns = rowColumns(logit, t.y!);
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
      const sampleColumns =
        batch.objectiveRows > 0 ? tf.slice(columns, [batch.objectiveRows, 0], [blocks * batch.perSlot, 3]) : columns;
      means = slotMeans(groupSumsBlocks(sampleColumns, blocks, batch.perSlot), ct.numMap, t.offset!, t.invDen!);
    }
    return { f, c: constraintValues(means, batch.samples, ct) };
  };
  const { f, c } = outputs(z);
  return {
    f,
    c,
    // The weights depend on f and c, so they are known only after this forward pass; the head's ops run again under
    // the tape (the network's are not repeated).
    dz: (weights) =>
      tf.grad((logit: tf.Tensor) => {
        const o = outputs(logit as tf.Tensor2D);
        const constrained = tf.sum(tf.mul(o.c, constraintWeights(weights, batch.samples, ct.rows)));
        return o.f ? tf.add(tf.mul(o.f, weights.objective), constrained) : constrained;
      })(z) as tf.Tensor2D,
  };
}

/** x ← x − g for every variable; solvers fold the step size into the output weights (one op less per variable). */
export function descend(model: Mlp, grads: tf.Tensor[]): void {
  model.variables.forEach((v, i) => v.assign(tf.sub(v, grads[i]!)));
}

/**
 * One step on a freshly drawn batch: fills it, runs the forward pass and `body` (which updates the model and returns
 * the step's estimates) inside a tidy scope. Everything is freed except, on logging steps, the returned estimates
 * (owned by the caller from then on).
 */
export function passStep(
  setup: SolverSetup,
  batch: HostBatch,
  log: boolean,
  body: (pass: Pass) => StepTensors,
): StepTensors | null {
  setup.sampler.fill(batch);
  let kept: StepTensors | null = null;
  tf.tidy(() => {
    const out = body(
      forward(setup.model, setup.constraints, batch, upload(batch, setup.sampler.features, setup.constraints)),
    );
    if (log)
      kept = {
        loss: tf.keep(out.loss),
        rows: out.rows && tf.keep(out.rows),
        multipliers: out.multipliers && tf.keep(out.multipliers),
      };
  });
  return kept;
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

/**
 * One step of an unconstrained solver (SGD, Adam): `update` applies the objective's gradient from the pass; the
 * constraints are only measured, on the log sampler's own sample, at logging steps.
 */
export function objectiveStep(
  setup: SolverSetup,
  batches: ObjectiveBatches,
  log: boolean,
  update: (pass: Pass) => void,
): StepTensors | null {
  const stepped = passStep(setup, batches.step, log, (pass) => {
    update(pass);
    return { loss: pass.f!, rows: null, multipliers: null };
  });
  if (!stepped || !setup.plan.rows.length) return stepped;
  return { ...stepped, rows: estimate(setup, batches.log).rows };
}

/**
 * Estimates for the live charts on a fresh sample from the log sampler (its own random stream, so logging never changes
 * the trajectory): one forward pass, no step. The caller owns the returned tensors.
 */
export function estimate(setup: SolverSetup, batch: HostBatch): { f: tf.Scalar | null; rows: tf.Tensor | null } {
  setup.logSampler.fill(batch);
  let kept: { f: tf.Scalar | null; rows: tf.Tensor | null } = { f: null, rows: null };
  tf.tidy(() => {
    const { f, c } = forward(
      setup.model,
      setup.constraints,
      batch,
      upload(batch, setup.sampler.features, setup.constraints),
    );
    kept = { f: f && tf.keep(f), rows: c && tf.keep(tf.reshape(c, [-1])) };
  });
  return kept;
}

export interface ObjectiveBatches {
  step: HostBatch;
  log: HostBatch;
}

export function objectiveBatches(setup: SolverSetup): ObjectiveBatches {
  return { step: allocate(setup, setup.batchSize, 0), log: allocate(setup, 0, 1) };
}
