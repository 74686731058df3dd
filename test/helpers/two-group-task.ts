import { taskConfigSchema, type TaskConfigInput } from '../../shared/config/task-config.js';
import type { PreparedSplit, PreparedTask } from '../../main/core/data/prepared-task.js';

/**
 * A convex constrained problem with a known solution. Two equal groups, features = the one-hot group indicator,
 * logistic regression (hidden []), so group g's prediction is a free probability p_g. Group A has base rate 0.5,
 * group B 0.1, so unconstrained L_A = H(0.5) = ln 2 ≈ 0.6931 and L_B = H(0.1) ≈ 0.3251. Under |L_A − L_B| ≤ δ the
 * objective (L_A + L_B)/2 is minimised with L_A = ln 2 (p_A = 0.5 cannot do better) and L_B = ln 2 − δ: the constraint is
 * active and the KKT multiplier of L_A − L_B − δ ≤ 0 is λ* = 1/2.
 */
export const TWO_GROUP_OPTIMUM = { lossA: Math.LN2, lambda: 0.5 };

export function twoGroupTask(overrides: Partial<TaskConfigInput>, perGroup = 400): PreparedTask {
  const rows = 2 * perGroup;
  const features = new Float32Array(rows * 2);
  const labels = new Float32Array(rows);
  const groups = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const g = i < perGroup ? 0 : 1;
    const k = i % perGroup;
    groups[i] = g;
    features[i * 2 + g] = 1;
    labels[i] = g === 0 ? (k % 2 === 0 ? 1 : 0) : k % 10 === 0 ? 1 : 0;
  }
  const split: PreparedSplit = {
    rows,
    features,
    labels,
    groups,
    sourceRows: Int32Array.from({ length: rows }, (_, i) => i),
  };
  const config = taskConfigSchema.parse({
    data: { path: 'synthetic', label: { column: 'y', positive: ['1'] } },
    split: { test: 0.2 },
    groups: { attributes: [{ column: 'g' }] },
    constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.1 }],
    model: { hidden: [] },
    solver: { name: 'sgd' },
    budget: { iterations: 1000 },
    selection: 'last',
    ...overrides,
  });
  return {
    config,
    featureNames: ['isA', 'isB'],
    groupAttributes: ['g'],
    groups: [
      { name: 'A', parts: ['A'], trainCount: perGroup, small: false },
      { name: 'B', parts: ['B'], trainCount: perGroup, small: false },
    ],
    train: split,
    validation: null,
    test: split,
    preprocessing: null,
    dataset: {
      path: 'synthetic',
      sha256: 'synthetic',
      rowsRead: rows,
      rowsUsed: rows,
      droppedRows: 0,
      droppedReasons: {},
    },
  };
}
