import * as highsModule from 'highs';
import type { Highs } from 'highs';

/**
 * Stochastic Ghost's two subproblems (SCIENCE.md 2.1), solved with HiGHS through its structured (CSR/Hessian) API,
 * which avoids writing and re-parsing LP text for n ≈ 2.75k dense columns:
 *   κ-LP:  min t  s.t.  c_i + ∇c_iᵀd ≤ t,  t ≥ 0,  −ρ ≤ d ≤ ρ          (n + 1 variables, m rows)
 *          κ = (1 − λ)·max_i (c_i)₊ + λ·t*,  with ρ in place of t* if the LP fails
 *   QP:    min ∇fᵀd + (τ/2)‖d‖²  s.t.  c + J d ≤ κ·1,  −β ≤ d ≤ β
 * Arguments are in the published order (the reference code's swapped ρ/λ call is not reproduced).
 */
let highsPromise: Promise<Highs> | null = null;

export function loadSolver(): Promise<Highs> {
  // highs ships CommonJS typings for an ES module whose default export is the loader.
  const loader = (highsModule as unknown as { default: () => Promise<Highs> }).default;
  highsPromise ??= loader();
  return highsPromise;
}

const OPTIMAL = 7;

function denseRows(jacobian: Float64Array[], n: number, extra: number | null): { starts: Int32Array; indices: Int32Array; values: Float64Array } {
  const m = jacobian.length;
  const width = n + (extra === null ? 0 : 1);
  const starts = new Int32Array(m + 1);
  const indices = new Int32Array(m * width);
  const values = new Float64Array(m * width);
  for (let i = 0; i < m; i++) {
    starts[i + 1] = (i + 1) * width;
    for (let j = 0; j < n; j++) {
      indices[i * width + j] = j;
      values[i * width + j] = jacobian[i]![j]!;
    }
    if (extra !== null) {
      indices[i * width + n] = n;
      values[i * width + n] = extra;
    }
  }
  return { starts, indices, values };
}

export function ghostKappa(highs: Highs, c: Float64Array, jacobian: Float64Array[], rho: number, lambda: number): { kappa: number; lpOk: boolean } {
  const n = jacobian[0]?.length ?? 0;
  const m = c.length;
  const violation = Math.max(0, ...c);
  const colCost = new Float64Array(n + 1);
  colCost[n] = 1;
  const colLower = new Float64Array(n + 1).fill(-rho);
  const colUpper = new Float64Array(n + 1).fill(rho);
  colLower[n] = 0;
  colUpper[n] = highs.infinity;
  const model = highs.createModel({
    numCols: n + 1,
    numRows: m,
    colCost,
    colLower,
    colUpper,
    rowLower: new Float64Array(m).fill(-highs.infinity),
    rowUpper: Float64Array.from(c, (ci) => -ci),
    matrix: { format: 'csr', numRows: m, numCols: n + 1, ...denseRows(jacobian, n, -1) },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    if (model.getModelStatus() !== OPTIMAL) return { kappa: (1 - lambda) * violation + lambda * rho, lpOk: false };
    return { kappa: (1 - lambda) * violation + lambda * model.getObjectiveValue(), lpOk: true };
  } finally {
    model.dispose();
  }
}

export function ghostDirection(
  highs: Highs,
  gradF: Float64Array,
  c: Float64Array,
  jacobian: Float64Array[],
  kappa: number,
  tau: number,
  beta: number,
): Float64Array | null {
  const n = gradF.length;
  const m = c.length;
  const model = highs.createModel({
    numCols: n,
    numRows: m,
    colCost: gradF,
    colLower: new Float64Array(n).fill(-beta),
    colUpper: new Float64Array(n).fill(beta),
    rowLower: new Float64Array(m).fill(-highs.infinity),
    rowUpper: Float64Array.from(c, (ci) => kappa - ci),
    matrix: { format: 'csr', numRows: m, numCols: n, ...denseRows(jacobian, n, null) },
    hessian: {
      format: 'triangular',
      dimension: n,
      starts: Int32Array.from({ length: n + 1 }, (_, i) => i),
      indices: Int32Array.from({ length: n }, (_, i) => i),
      values: new Float64Array(n).fill(tau),
    },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    if (model.getModelStatus() !== OPTIMAL) return null;
    return Float64Array.from(model.getSolution().colValue);
  } finally {
    model.dispose();
  }
}
