import type { Highs } from 'highs';
import { FairboundError } from '../../../shared/errors.js';
import { solveCsrLp } from './csr-lp.js';
import { fitLogisticRegression, linearScore, type FeatureMatrix, type LogisticModel } from './logistic-regression.js';
import { parityMoments } from './moments.js';
import type { LabelledGroups, ParityConstraint } from './parity.js';

/**
 * The reductions approach of Agarwal et al. (2018), as Fairlearn's ExponentiatedGradient runs it: a zero-sum game
 * between a learner that best-responds to Lagrange multipliers with a cost-sensitive classifier (here a weighted
 * logistic regression, thresholded at 0.5) and a multiplier player updated by exponentiated gradient, with the
 * constraint violations capped by B = 1/eps. Each step also solves the LP over the convex hull of the classifiers
 * found so far, and the mixture with the smaller duality gap is kept. Constraints are Fairlearn's moments:
 *   demographic parity   ±(E[h | A=g] − E[h]) ≤ bound         for every group g
 *   equalized odds       ±(E[h | A=g, Y=y] − E[h | Y=y]) ≤ bound  for every group g and label y
 */

export interface ExponentiatedGradientOptions {
  /** Bound on the L1 norm of the multipliers: B = 1/eps (Fairlearn default 0.01). */
  eps?: number;
  /** The constraint's difference bound (Fairlearn's difference_bound, default 0.01). */
  bound?: number;
  /** Fairlearn default 50. */
  maxIterations?: number;
  /** Duality-gap target; automatic (Fairlearn's rule) when absent. */
  nu?: number;
  /** Initial learning rate multiplier (Fairlearn default 2.0). */
  eta0?: number;
  /** Groups to constrain (default all with rows). */
  constrained?: (group: number) => boolean;
  /** Logistic regression's inverse regularisation (scikit-learn's C, default 1). */
  c?: number;
  /**
   * Awaited before every iteration, after a yield to the event loop (so a host's pause and cancel messages get
   * through); false stops the game there, keeping the best mixture found so far.
   */
  beforeIteration?: (iteration: number) => Promise<boolean>;
}

export type Classifier = { kind: 'logistic'; model: LogisticModel } | { kind: 'constant'; value: 0 | 1 };

export interface GameIteration {
  iteration: number;
  /** Duality gap of the exponentiated-gradient average. */
  gapEG: number;
  /** Smaller of that and the LP step's gap: the gap of the mixture kept. */
  gap: number;
  /** Lagrangian at the kept mixture and the average multipliers. */
  lagrangian: number;
}

export interface ExponentiatedGradientResult {
  constraint: ParityConstraint;
  classifiers: Classifier[];
  /** Mixture weight per classifier (sum 1): the randomised predictor. */
  weights: number[];
  /** Training error and constraint violations (max over rows of γ − bound) per classifier. */
  errors: number[];
  violations: number[];
  /** Index of the best single deterministic member: least error + B·(violation)₊, the Lagrangian at its best-response multipliers. */
  bestDeterministic: number;
  bestIteration: number;
  bestGap: number;
  iterations: GameIteration[];
  /** The settings used, with nu resolved. */
  params: { eps: number; bound: number; maxIterations: number; nu: number; eta0: number; c: number };
  oracleCalls: number;
  /** True when beforeIteration stopped the game before it converged or ran out of iterations. */
  stoppedEarly: boolean;
}

/** Fairlearn's constants (reductions/_exponentiated_gradient/_constants.py). */
const PRECISION = 1e-8;
const ACCURACY_MUL = 0.5;
const REGRET_CHECK_START_T = 5;
const REGRET_CHECK_INCREASE_T = 1.6;
const SHRINK_REGRET = 0.8;
const SHRINK_ETA = 0.8;
const MIN_ITER = 5;

export function classify(classifier: Classifier, x: FeatureMatrix, row: number): 0 | 1 {
  if (classifier.kind === 'constant') return classifier.value;
  return linearScore(classifier.model, x, row) > 0 ? 1 : 0;
}

/** P(ŷ = 1) per row under the randomised mixture. */
export function mixtureProbability(
  result: Pick<ExponentiatedGradientResult, 'classifiers' | 'weights'>,
  x: FeatureMatrix,
): Float64Array {
  const out = new Float64Array(x.rows);
  result.classifiers.forEach((h, j) => {
    const w = result.weights[j]!;
    if (w <= 0) return;
    for (let i = 0; i < x.rows; i++) out[i]! += w * classify(h, x, i);
  });
  return out;
}

export async function fitExponentiatedGradient(
  highs: Highs,
  x: FeatureMatrix,
  rows: LabelledGroups,
  groupCount: number,
  constraint: ParityConstraint,
  options: ExponentiatedGradientOptions = {},
): Promise<ExponentiatedGradientResult> {
  const eps = options.eps ?? 0.01;
  const bound = options.bound ?? 0.01;
  const maxIterations = options.maxIterations ?? 50;
  const eta0 = options.eta0 ?? 2.0;
  const c = options.c ?? 1;
  const B = 1 / eps;
  const n = x.rows;
  const labels = rows.labels;

  const moments = parityMoments(constraint, rows, groupCount, options.constrained);
  const K = moments.rows.length;

  const classifiers: Classifier[] = [];
  const predictions: Uint8Array[] = [];
  const errors: number[] = [];
  const gammas: Float64Array[] = [];
  let oracleCalls = 0;
  let warm: LogisticModel | undefined;

  const benefit = new Float64Array(n);
  const redLabels = new Float64Array(n);
  const redWeights = new Float64Array(n);
  const oracle = (lambda: Float64Array): { classifier: Classifier; pred: Uint8Array } => {
    // Benefit of predicting 1 on each row: less error, minus the multiplier-weighted increase of the moments.
    moments.rowCoefficient(lambda, benefit);
    for (let i = 0; i < n; i++) benefit[i] = (2 * labels[i]! - 1) / n - benefit[i]!;
    let total = 0;
    let ones = 0;
    for (let i = 0; i < n; i++) {
      redLabels[i] = benefit[i]! > 0 ? 1 : 0;
      ones += redLabels[i]!;
      total += Math.abs(benefit[i]!);
    }
    for (let i = 0; i < n; i++) redWeights[i] = total > 0 ? (n * Math.abs(benefit[i]!)) / total : 1;
    oracleCalls++;
    let classifier: Classifier;
    if (ones === 0 || ones === n) classifier = { kind: 'constant', value: ones === 0 ? 0 : 1 };
    else {
      warm = fitLogisticRegression(x, redLabels, redWeights, {
        c,
        maxIterations: 100,
        tolerance: 1e-5,
        ...(warm ? { start: warm } : {}),
      });
      classifier = { kind: 'logistic', model: warm };
    }
    const pred = new Uint8Array(n);
    for (let i = 0; i < n; i++) pred[i] = classify(classifier, x, i);
    return { classifier, pred };
  };

  const lagrangianValue = (j: number, lambda: Float64Array): number => {
    let v = errors[j]!;
    for (let k = 0; k < K; k++) v += lambda[k]! * gammas[j]![k]!;
    return v;
  };

  const bestH = (lambda: Float64Array): number => {
    const { classifier, pred } = oracle(lambda);
    const { error, gamma } = moments.evaluate(pred);
    let hValue = error;
    for (let k = 0; k < K; k++) hValue += lambda[k]! * gamma[k]!;
    let best = -1;
    let bestValue = Number.POSITIVE_INFINITY;
    for (let j = 0; j < classifiers.length; j++) {
      const v = lagrangianValue(j, lambda);
      if (v < bestValue) {
        bestValue = v;
        best = j;
      }
    }
    if (hValue < bestValue - PRECISION) {
      classifiers.push(classifier);
      predictions.push(pred);
      errors.push(error);
      gammas.push(gamma);
      return classifiers.length - 1;
    }
    return best;
  };

  // Fairlearn's project_lambda: only the net multiplier of each ± pair matters.
  const project = (lambda: Float64Array): Float64Array => {
    const out = new Float64Array(K);
    for (let k = 0; k < K; k += 2) {
      const net = lambda[k]! - lambda[k + 1]!;
      out[k] = Math.max(0, net);
      out[k + 1] = Math.max(0, -net);
    }
    return out;
  };

  const evaluate = (
    Q: Float64Array,
    lambda: Float64Array,
  ): { L: number; high: number; error: number; gamma: Float64Array } => {
    let error = 0;
    const gamma = new Float64Array(K);
    Q.forEach((q, j) => {
      if (q === 0) return;
      error += q * errors[j]!;
      for (let k = 0; k < K; k++) gamma[k]! += q * gammas[j]![k]!;
    });
    const projected = project(lambda);
    let L = error;
    let maxViolation = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) {
      L += projected[k]! * (gamma[k]! - bound);
      maxViolation = Math.max(maxViolation, gamma[k]! - bound);
    }
    return { L, high: error + (maxViolation > 0 ? B * maxViolation : 0), error, gamma };
  };

  const evalGap = (Q: Float64Array, lambdaHat: Float64Array, nu: number): { L: number; gap: number } => {
    const { L, high } = evaluate(Q, lambdaHat);
    let low = L;
    const gapOf = () => Math.max(L - low, high - L);
    for (const mul of [1, 2, 5, 10]) {
      const j = bestH(Float64Array.from(lambdaHat, (v) => mul * v));
      const single = new Float64Array(classifiers.length);
      single[j] = 1;
      low = Math.min(low, evaluate(single, lambdaHat).L);
      if (gapOf() > nu + PRECISION) break;
    }
    return { L, gap: gapOf() };
  };

  let lpCache: { count: number; Q: Float64Array; L: number; gap: number } | null = null;
  const solveLp = (nu: number): { Q: Float64Array; L: number; gap: number } => {
    const m = classifiers.length;
    if (lpCache && lpCache.count === m) return lpCache;
    // min Σ err_j Q_j + B·s  s.t.  Σ_j (γ_kj − bound) Q_j − s ≤ 0,  Σ Q = 1,  Q, s ≥ 0; the row duals are the multipliers.
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < m; j++) {
        indices.push(j);
        values.push(gammas[j]![k]! - bound);
      }
      indices.push(m);
      values.push(-1);
      starts.push(indices.length);
    }
    for (let j = 0; j < m; j++) {
      indices.push(j);
      values.push(1);
    }
    starts.push(indices.length);
    const outcome = solveCsrLp(highs, {
      colCost: Float64Array.from([...errors, B]),
      colLower: new Float64Array(m + 1),
      colUpper: new Float64Array(m + 1).fill(highs.infinity),
      rowLower: [...new Array<number>(K).fill(-highs.infinity), 1],
      rowUpper: [...new Array<number>(K).fill(0), 1],
      starts,
      indices,
      values,
    });
    if (!outcome.optimal) return { Q: new Float64Array(m), L: Number.NaN, gap: Number.POSITIVE_INFINITY };
    const Q = Float64Array.from(outcome.colValue.subarray(0, m), (v) => Math.max(0, v));
    const lambda = Float64Array.from(outcome.rowDual.subarray(0, K), (v) => Math.abs(v));
    const { L, gap } = evalGap(Q, lambda, nu);
    lpCache = { count: m, Q, L, gap };
    return lpCache;
  };

  const theta = new Float64Array(K);
  const lambdaSum = new Float64Array(K);
  const qSum: number[] = [];
  const gapsEG: number[] = [];
  const gaps: number[] = [];
  const kept: Float64Array[] = [];
  const iterations: GameIteration[] = [];
  let lastRegretChecked = REGRET_CHECK_START_T;
  let lastGap = Number.POSITIVE_INFINITY;
  let nu = options.nu ?? Number.NaN;
  let eta = eta0 / B;
  let stoppedAt: number | null = null;
  for (let t = 0; t < maxIterations; t++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (options.beforeIteration && !(await options.beforeIteration(t))) {
      stoppedAt = t;
      break;
    }
    let expSum = 0;
    for (let k = 0; k < K; k++) expSum += Math.exp(theta[k]!);
    const lambda = Float64Array.from(theta, (v) => (B * Math.exp(v)) / (1 + expSum));
    for (let k = 0; k < K; k++) lambdaSum[k]! += lambda[k]!;
    const lambdaEG = Float64Array.from(lambdaSum, (v) => v / (t + 1));
    const h = bestH(lambda);
    if (t === 0 && options.nu === undefined) {
      // Fairlearn: half the standard deviation of the first classifier's 0/1 loss, over √n.
      const losses = Array.from(predictions[h]!, (p, i) => Math.abs(p - labels[i]!));
      const mean = losses.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
      nu = (ACCURACY_MUL * sd) / Math.sqrt(n);
    }
    qSum[h] = (qSum[h] ?? 0) + 1;
    const total = qSum.reduce((a, b) => a + (b ?? 0), 0);
    const qEG = Float64Array.from({ length: classifiers.length }, (_, j) => (qSum[j] ?? 0) / total);
    const eg = evalGap(qEG, lambdaEG, nu);
    gapsEG.push(eg.gap);
    const lp = t === 0 ? null : solveLp(nu);
    if (lp === null || eg.gap < lp.gap) {
      kept.push(qEG);
      gaps.push(eg.gap);
      iterations.push({ iteration: t, gapEG: eg.gap, gap: eg.gap, lagrangian: eg.L });
    } else {
      kept.push(lp.Q);
      gaps.push(lp.gap);
      iterations.push({ iteration: t, gapEG: eg.gap, gap: lp.gap, lagrangian: lp.L });
    }
    if (gaps[t]! < nu && t >= MIN_ITER) break;
    if (t >= lastRegretChecked * REGRET_CHECK_INCREASE_T) {
      const bestGap = Math.min(...gapsEG);
      if (bestGap > lastGap * SHRINK_REGRET) eta *= SHRINK_ETA;
      lastRegretChecked = t;
      lastGap = bestGap;
    }
    const gamma = gammas[h]!;
    for (let k = 0; k < K; k++) theta[k]! += eta * (gamma[k]! - bound);
  }

  if (gaps.length === 0) throw new FairboundError('cancelled', 'the game was stopped before its first iteration');
  const minGap = Math.min(...gaps);
  let bestIteration = 0;
  gaps.forEach((g, t) => {
    if (g <= minGap + PRECISION) bestIteration = t;
  });
  const weights = Array.from({ length: classifiers.length }, (_, j) => kept[bestIteration]![j] ?? 0);
  const violations = gammas.map((g) => (K === 0 ? 0 : Math.max(...g) - bound));
  let bestDeterministic = 0;
  const score = (j: number) => errors[j]! + B * Math.max(0, violations[j]!);
  for (let j = 1; j < classifiers.length; j++) if (score(j) < score(bestDeterministic)) bestDeterministic = j;
  return {
    constraint,
    classifiers,
    weights,
    errors,
    violations,
    bestDeterministic,
    bestIteration,
    bestGap: gaps[bestIteration]!,
    iterations,
    params: { eps, bound, maxIterations, nu, eta0, c },
    oracleCalls,
    stoppedEarly: stoppedAt !== null,
  };
}
