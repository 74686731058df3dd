/**
 * Weighted L2-regularised logistic regression fitted by L-BFGS, the reductions' learner. The objective matches
 * scikit-learn's LogisticRegression(C) with sample weights: Σ w_i·logloss_i + ‖β‖² / (2C), bias unpenalised,
 * divided here by Σ w_i so the step sizes do not depend on n.
 */

export interface FeatureMatrix {
  rows: number;
  cols: number;
  /** rows × cols, row-major. */
  values: ArrayLike<number>;
}

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

export function linearScore(model: LogisticModel, x: FeatureMatrix, row: number): number {
  let z = model.bias;
  const base = row * x.cols;
  for (let j = 0; j < x.cols; j++) z += model.weights[j]! * x.values[base + j]!;
  return z;
}

/** Objective and gradient at θ = (β, b). */
function objective(
  theta: Float64Array,
  x: FeatureMatrix,
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  l2: number,
  grad: Float64Array,
): number {
  const d = x.cols;
  grad.fill(0);
  let loss = 0;
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    total += w;
    const base = i * d;
    let z = theta[d]!;
    for (let j = 0; j < d; j++) z += theta[j]! * x.values[base + j]!;
    const y = labels[i]!;
    // log(1 + e^z) − y·z, computed without overflow.
    loss += w * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z);
    const r = w * (1 / (1 + Math.exp(-z)) - y);
    for (let j = 0; j < d; j++) grad[j]! += r * x.values[base + j]!;
    grad[d]! += r;
  }
  const scale = total > 0 ? 1 / total : 0;
  let penalty = 0;
  for (let j = 0; j <= d; j++) {
    grad[j]! *= scale;
    if (j < d) {
      grad[j]! += l2 * theta[j]!;
      penalty += theta[j]! * theta[j]!;
    }
  }
  return loss * scale + 0.5 * l2 * penalty;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export interface LogisticOptions {
  /** Inverse regularisation strength, as scikit-learn's C (default 1). */
  c?: number;
  maxIterations?: number;
  /** Stop when the gradient's largest entry falls below this. */
  tolerance?: number;
  /** Start from this model (warm start). */
  start?: LogisticModel;
}

export function fitLogisticRegression(
  x: FeatureMatrix,
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticModel {
  const d = x.cols;
  let totalWeight = 0;
  for (let i = 0; i < x.rows; i++) totalWeight += weights[i]!;
  const l2 = totalWeight > 0 ? 1 / ((options.c ?? 1) * totalWeight) : 0;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const memory = 10;
  const theta = new Float64Array(d + 1);
  if (options.start) {
    theta.set(options.start.weights);
    theta[d] = options.start.bias;
  }
  let grad = new Float64Array(d + 1);
  let value = objective(theta, x, labels, weights, l2, grad);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const trial = new Float64Array(d + 1);
  const trialGrad = new Float64Array(d + 1);
  for (let iter = 0; iter < maxIterations; iter++) {
    if (grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0) < tolerance) break;
    // Two-loop recursion: direction = −H·grad.
    const q = Float64Array.from(grad);
    const alphas: number[] = [];
    for (let k = sHistory.length - 1; k >= 0; k--) {
      const a = dot(sHistory[k]!, q) / dot(yHistory[k]!, sHistory[k]!);
      alphas[k] = a;
      for (let j = 0; j <= d; j++) q[j]! -= a * yHistory[k]![j]!;
    }
    const last = sHistory.length - 1;
    const gamma =
      last >= 0
        ? dot(sHistory[last]!, yHistory[last]!) / dot(yHistory[last]!, yHistory[last]!)
        : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    for (let j = 0; j <= d; j++) q[j]! *= gamma;
    for (let k = 0; k < sHistory.length; k++) {
      const b = dot(yHistory[k]!, q) / dot(yHistory[k]!, sHistory[k]!);
      for (let j = 0; j <= d; j++) q[j]! += sHistory[k]![j]! * (alphas[k]! - b);
    }
    let slope = -dot(grad, q);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sHistory.length = 0;
      yHistory.length = 0;
      q.set(grad);
      slope = -dot(grad, grad);
    }
    // Backtracking line search (Armijo).
    let step = 1;
    let trialValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j <= d; j++) trial[j] = theta[j]! - step * q[j]!;
      trialValue = objective(trial, x, labels, weights, l2, trialGrad);
      if (trialValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(trialValue < value)) break;
    const s = new Float64Array(d + 1);
    const y = new Float64Array(d + 1);
    for (let j = 0; j <= d; j++) {
      s[j] = trial[j]! - theta[j]!;
      y[j] = trialGrad[j]! - grad[j]!;
    }
    theta.set(trial);
    grad = Float64Array.from(trialGrad);
    const improvement = value - trialValue;
    value = trialValue;
    if (dot(s, y) > 1e-12) {
      sHistory.push(s);
      yHistory.push(y);
      if (sHistory.length > memory) {
        sHistory.shift();
        yHistory.shift();
      }
    }
    if (improvement < 1e-12 * Math.max(1, Math.abs(value))) break;
  }
  return { weights: theta.slice(0, d), bias: theta[d]! };
}
