import type { ConstraintTensors } from './group-stats.js';
import { blockRow, type HostBatch } from './sampler.js';

/**
 * Fast path for small problems (the paper task): the objective mean and every one-sided constraint value are linear in
 * the per-row columns [softplus(z), z, sigmoid(z)] once a sample's labels and group counts are known, so the host
 * composes that map M [3·rows, outputs] per step and the device computes
 *   [f, c(ξ1), c(ξ2), …] = reshape(columns, [1, 3·rows]) · M + constant
 * — one matMul instead of the per-row products, block sums, statistic map and selection (about 10 taped ops fewer).
 * Row i of group slot k with label y enters, through the inverse denominators d_k of its block:
 *   loss: softplus − y·z (·d_loss);  rate: p;  TPR: y·p;  FPR: (1 − y)·p;  accuracy: (2y − 1)·p + (1 − y).
 * Used when M stays small (see COMPOSED_LIMIT); larger problems use the block sums of group-stats.
 */
export const COMPOSED_LIMIT = 1 << 18;

export function composedOutputs(batch: { objectiveRows: number; samples: number }, rows: number): number {
  return (batch.objectiveRows > 0 ? 1 : 0) + batch.samples * rows;
}

export function composeMap(batch: HostBatch, ct: ConstraintTensors, map: Float32Array, constant: Float32Array): void {
  const outputs = composedOutputs(batch, ct.rows);
  map.fill(0);
  constant.fill(0);
  let row = 0;
  if (batch.objectiveRows > 0) {
    const inv = 1 / batch.objectiveRows;
    for (; row < batch.objectiveRows; row++) {
      map[row * 3 * outputs] = inv;
      map[(row * 3 + 1) * outputs] = -batch.y[row]! * inv;
    }
  }
  const first = batch.objectiveRows > 0 ? 1 : 0;
  for (let s = 0; s < batch.samples; s++) {
    for (let r = 0; r < ct.rows; r++) constant[first + s * ct.rows + r] = -ct.hostTolerance[r]!;
    for (let slot = 0; slot < ct.slots; slot++) {
      const at = blockRow(batch, s * ct.slots + slot);
      const d = batch.invDen.subarray(at, at + 5);
      const entries = ct.bySlot[slot]!;
      for (let i = 0; i < batch.perSlot; i++, row++) {
        const y = batch.y[row]!;
        for (const { row: r, coef } of entries) {
          const o = first + s * ct.rows + r;
          const loss = coef[0]! * d[0]!;
          add(map, row * 3 * outputs + o, loss);
          add(map, (row * 3 + 1) * outputs + o, -y * loss);
          add(
            map,
            (row * 3 + 2) * outputs + o,
            coef[1]! * d[1]! + y * coef[2]! * d[2]! + (1 - y) * coef[3]! * d[3]! + (2 * y - 1) * coef[4]! * d[4]!,
          );
          add(constant, o, (1 - y) * coef[4]! * d[4]!);
        }
      }
    }
  }
}

function add(a: Float32Array, i: number, v: number): void {
  a[i] = a[i]! + v;
}
