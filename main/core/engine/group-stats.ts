import { tf } from './tf.js';
import { STAT_COUNT, type ConstraintPlan, STAT_NAMES } from '../constraints/constraint-plan.js';

/**
 * Differentiable group statistics for every group in one pass. Each row contributes three columns
 * R = [bce, p, y·p] (p = sigmoid(logit)); per-group sums of R give every statistic the constraints need:
 *   loss = Σbce/n, positive rate = Σp/n, TPR = Σyp/n⁺, FPR = (Σp − Σyp)/n⁻, accuracy = (n⁻ − Σp + 2Σyp)/n
 * (soft, fairret-style rates). Counts n, n⁺, n⁻ are known on the host when the sample is drawn, so they arrive as
 * constants. Training samples are stratified into equal contiguous blocks (one per group), so group sums are a
 * reshape-and-sum: O(B) for any number of groups, and no UnsortedSegmentSum (which tfjs-wasm lacks) or one-hot [B, G]
 * matrix is needed. Small problems take the composed-map path instead (composed-map.ts), one matMul for everything.
 */

/** [3, 5]: maps the summed columns [Σbce, Σp, Σyp] to statistic numerators in STAT_NAMES order. */
const NUMERATOR_MAP = [
  [1, 0, 0, 0, 0],
  [0, 1, 0, 1, -1],
  [0, 0, 1, -1, 2],
];

export function numeratorMap(): tf.Tensor2D {
  return tf.tensor2d(NUMERATOR_MAP);
}

/** Per-row columns [bce, p, y·p] from logits [B,1] and labels [B,1]. */
export function rowColumns(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor2D {
  // Stable BCE-with-logits: softplus(z) − y·z.
  const bce = tf.sub(tf.softplus(logits), tf.mul(labels, logits));
  const p = tf.sigmoid(logits);
  return tf.concat([bce, p, tf.mul(labels, p)], 1) as tf.Tensor2D;
}

export function groupSumsBlocks(columns: tf.Tensor2D, blocks: number, perBlock: number): tf.Tensor2D {
  return tf.sum(tf.reshape(columns, [blocks, perBlock, 3]), 1) as tf.Tensor2D;
}

/** Host constants for a block of labels: offsets (added to numerators) and inverse denominators, STAT_NAMES order. */
export function countConstants(
  n: number,
  positives: number,
  offset: Float32Array,
  invDen: Float32Array,
  at: number,
): void {
  const negatives = n - positives;
  const inv = (d: number): number => (d > 0 ? 1 / d : 0);
  offset.set([0, 0, 0, 0, negatives], at);
  invDen.set([inv(n), inv(n), inv(positives), inv(negatives), inv(n)], at);
}

/** Sums [S,3] → statistic means [S,5]. */
export function slotMeans(
  sums: tf.Tensor2D,
  numMap: tf.Tensor2D,
  offset: tf.Tensor2D,
  invDen: tf.Tensor2D,
): tf.Tensor2D {
  return tf.mul(tf.add(tf.matMul(sums, numMap), offset), invDen) as tf.Tensor2D;
}

/** Dense selection matrix A [(slots·5), rows] with +1/−1 entries, and the tolerance vector. */
export function selectionMatrix(plan: ConstraintPlan): { a: Float32Array; tolerance: Float32Array; inputs: number } {
  const inputs = plan.slots.length * STAT_COUNT;
  const m = plan.rows.length;
  const a = new Float32Array(inputs * m);
  const tolerance = new Float32Array(m);
  plan.rows.forEach((row, i) => {
    const plus = (row.plus.slot * STAT_COUNT + STAT_NAMES.indexOf(row.plus.stat)) * m + i;
    a[plus] = a[plus]! + 1;
    if (row.minus) {
      const minus = (row.minus.slot * STAT_COUNT + STAT_NAMES.indexOf(row.minus.stat)) * m + i;
      a[minus] = a[minus]! - 1;
    }
    tolerance[i] = row.tolerance;
  });
  return { a, tolerance, inputs };
}

/** Constraint tensors shared by every step of a run, and the host copies the composed map is built from. */
export interface ConstraintTensors {
  numMap: tf.Tensor2D;
  selection: tf.Tensor2D;
  tolerance: tf.Tensor1D;
  slots: number;
  rows: number;
  /** Per slot: the constraint rows it enters, with the coefficient of each statistic (STAT_NAMES order). */
  bySlot: { row: number; coef: number[] }[][];
  hostTolerance: Float32Array;
}

export function createConstraintTensors(plan: ConstraintPlan): ConstraintTensors {
  const { a, tolerance, inputs } = selectionMatrix(plan);
  const m = plan.rows.length;
  const bySlot = plan.slots.map((_, slot) => {
    const entries: { row: number; coef: number[] }[] = [];
    for (let r = 0; r < m; r++) {
      const coef = STAT_NAMES.map((_s, j) => a[(slot * STAT_COUNT + j) * m + r]!);
      if (coef.some((v) => v !== 0)) entries.push({ row: r, coef });
    }
    return entries;
  });
  return {
    numMap: numeratorMap(),
    selection: tf.tensor2d(a, [inputs, Math.max(m, 0)]),
    tolerance: tf.tensor1d(tolerance),
    slots: plan.slots.length,
    rows: m,
    bySlot,
    hostTolerance: tolerance,
  };
}

export function disposeConstraintTensors(t: ConstraintTensors): void {
  tf.dispose([t.numMap, t.selection, t.tolerance]);
}

/** Means of k stacked samples [k·S, 5] → one-sided constraint values [k, rows]. */
export function constraintValues(means: tf.Tensor2D, samples: number, t: ConstraintTensors): tf.Tensor2D {
  const flat = tf.reshape(means, [samples, t.slots * STAT_COUNT]);
  return tf.sub(tf.matMul(flat, t.selection), t.tolerance) as tf.Tensor2D;
}
