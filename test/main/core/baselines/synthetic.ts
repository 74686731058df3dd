import type { FeatureMatrix } from '../../../../main/core/baselines/logistic-regression.js';

/** mulberry32: a small seeded generator so the synthetic problems are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * Two groups whose feature (and so label) distributions are shifted: a logistic regression fitted without
 * constraints selects group 1 far more often than group 0.
 */
export function shiftedGroups(
  rows: number,
  seed: number,
): { x: FeatureMatrix & { values: Float64Array }; labels: Float64Array; groups: Int32Array } {
  const next = random(seed);
  const values = new Float64Array(rows * 2);
  const labels = new Float64Array(rows);
  const groups = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const g = next() < 0.5 ? 1 : 0;
    const signal = normal(next) + (g === 1 ? 1 : -1);
    values[i * 2] = signal;
    values[i * 2 + 1] = normal(next);
    labels[i] = next() < 1 / (1 + Math.exp(-2 * signal)) ? 1 : 0;
    groups[i] = g;
  }
  return { x: { rows, cols: 2, values }, labels, groups };
}
