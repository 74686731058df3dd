import type { PreparedGroup, PreparedSplit } from '../../main/core/data/prepared-task.js';
import type { Rng } from '../../main/core/engine/rng.js';

/**
 * A random training split for engine tests: `features` standard-normal inputs per row, labels positive with
 * probability `positiveRate`, and rows spread uniformly over groups named a, b, c, … (drawn from `rng`, in that order).
 */
export function randomGroupSplit(
  rng: Rng,
  o: { rows: number; features: number; groups: number; positiveRate: number },
): { split: PreparedSplit; groups: PreparedGroup[] } {
  const split: PreparedSplit = {
    rows: o.rows,
    features: Float32Array.from({ length: o.rows * o.features }, () => rng.normal()),
    labels: Float32Array.from({ length: o.rows }, () => (rng.float() < o.positiveRate ? 1 : 0)),
    groups: Int32Array.from({ length: o.rows }, () => rng.int(o.groups)),
    sourceRows: Int32Array.from({ length: o.rows }, (_, i) => i),
  };
  const trainCount = Math.round(o.rows / o.groups);
  const groups = Array.from({ length: o.groups }, (_, g) => String.fromCharCode(97 + g)).map((name) => ({
    name,
    parts: [name],
    trainCount,
    small: false,
  }));
  return { split, groups };
}
