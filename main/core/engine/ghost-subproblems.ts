import * as highsModule from 'highs';
import type { Highs } from 'highs';

/**
 * Stochastic Ghost's two subproblems (Facchinei & Kungurtsev 2023; docs/science/solvers.md). The κ-LP is solved with HiGHS through its structured (CSR) API,
 * which avoids writing and re-parsing LP text for n ≈ 2.75k dense columns; the QP by its m-dimensional dual (below):
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

function denseRows(
  jacobian: Float64Array[],
  n: number,
  extra: number | null,
): { starts: Int32Array; indices: Int32Array; values: Float64Array } {
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

export function ghostKappa(
  highs: Highs,
  c: Float64Array,
  jacobian: Float64Array[],
  rho: number,
  lambda: number,
): { kappa: number; lpOk: boolean } {
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

/**
 * The direction QP through its dual. With P = τI and box |d| ≤ β the primal minimiser for multipliers ν ≥ 0 is
 * d(ν) = clip(−(∇f + Jᵀν)/τ, −β, β), and the dual max_ν≥0 φ(ν) has gradient c + J d(ν) − κ with Lipschitz constant
 * ‖J‖²/τ; accelerated projected ascent on ν (m values) converges in O(m·n) per iteration. HiGHS's QP solvers (active
 * set and IPM) took 0.4 s at n = 200 and did not finish at the paper's n = 2,753, so the QP is solved here; a unit test
 * checks it against HiGHS on small instances. Returns null if the constraints stay violated (infeasible QP).
 */
export function ghostDirection(
  gradF: Float64Array,
  c: Float64Array,
  jacobian: Float64Array[],
  kappa: number,
  tau: number,
  beta: number,
  iterations = 3000,
  tolerance = 1e-7,
): Float64Array | null {
  const n = gradF.length;
  const m = c.length;
  const d = new Float64Array(n);
  const primal = (nu: Float64Array): void => {
    for (let j = 0; j < n; j++) {
      let v = gradF[j]!;
      for (let i = 0; i < m; i++) v += jacobian[i]![j]! * nu[i]!;
      d[j] = Math.min(beta, Math.max(-beta, -v / tau));
    }
  };
  const residual = (out: Float64Array): void => {
    for (let i = 0; i < m; i++) {
      let v = c[i]! - kappa;
      const row = jacobian[i]!;
      for (let j = 0; j < n; j++) v += row[j]! * d[j]!;
      out[i] = v;
    }
  };
  if (m === 0) {
    primal(new Float64Array(0));
    return d;
  }
  let lipschitz = 0;
  for (const row of jacobian) for (let j = 0; j < n; j++) lipschitz += row[j]! * row[j]!;
  const step = lipschitz > 0 ? tau / lipschitz : 1;
  let nu = new Float64Array(m);
  const extrapolated = new Float64Array(m);
  const r = new Float64Array(m);
  let t = 1;
  for (let k = 0; k < iterations; k++) {
    primal(extrapolated);
    residual(r);
    const next = new Float64Array(m);
    for (let i = 0; i < m; i++) next[i] = Math.max(0, extrapolated[i]! + step * r[i]!);
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    for (let i = 0; i < m; i++) extrapolated[i] = next[i]! + ((t - 1) / tNext) * (next[i]! - nu[i]!);
    nu = next;
    t = tNext;
    // KKT check at ν: primal feasibility and complementary slackness.
    primal(nu);
    residual(r);
    let worst = 0;
    for (let i = 0; i < m; i++) worst = Math.max(worst, r[i]!, nu[i]! > 0 ? Math.abs(r[i]!) * Math.min(1, nu[i]!) : 0);
    if (worst <= tolerance) return Float64Array.from(d);
  }
  primal(nu);
  residual(r);
  return r.every((v) => v <= 1e-5) ? Float64Array.from(d) : null;
}

/** The same QP through HiGHS (active-set QP), used to check ghostDirection on small instances. */
export function ghostDirectionHighs(
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
