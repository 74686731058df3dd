import type { SolverName } from './fairness.js';

/** Solver catalogue: one description, default batch size and typed hyper-parameters per solver, for engine, CLI and UI. */

export interface SolverParamSpec {
  key: string;
  label: string;
  default: number;
  min: number;
  max: number;
  help: string;
}

export interface SolverInfo {
  name: SolverName;
  title: string;
  description: string;
  constrained: boolean;
  /** Runs on the GPU backends; false: CPU only (subproblem solves on the host). */
  gpu: boolean;
  batchSize: number;
  params: SolverParamSpec[];
  /** What scoring with this method's models needs beyond the features; shown in the Train tab and the audit. */
  requirement?: string;
  /**
   * Its runs record one draw of a randomised predictor's 0/1 decisions, not probabilities (docs/baselines.md): loss and
   * AUC of such decisions say little, and there is no single network to export or score with.
   */
  randomisedDecisions?: boolean;
}

/** The threshold optimizer's decisions depend on each row's group. */
export const GROUP_AT_PREDICTION_REQUIREMENT =
  "Needs each person's protected attribute at prediction time: the thresholds differ by group.";

const lr = (def: number, help = 'primal step size'): SolverParamSpec => ({
  key: 'lr',
  label: 'learning rate',
  default: def,
  min: 1e-6,
  max: 10,
  help,
});

/** Parameters ALM and SSL-ALM share (the same code: ALM is SSL-ALM with μ = 0); defaults of the paper's v1 runs. */
const ALM_PARAMS = {
  tau: { key: 'tau', label: 'primal step τ', default: 0.01, min: 1e-6, max: 10, help: 'primal step size' },
  eta: { key: 'eta', label: 'dual step η', default: 0.05, min: 0, max: 100, help: 'multiplier step size' },
  rho: { key: 'rho', label: 'penalty ρ', default: 1, min: 0, max: 1e4, help: 'augmented-Lagrangian penalty' },
  dualBound: {
    key: 'dualBound',
    label: 'safeguard M',
    default: 10,
    min: 0,
    max: 1e6,
    help: 'a multiplier ≥ M is reset to 0',
  },
} satisfies Record<string, SolverParamSpec>;

/** Adam's settings: the unconstrained model the threshold optimizer post-processes is trained with them too. */
const ADAM_PARAMS: SolverParamSpec[] = [
  lr(0.001),
  { key: 'beta1', label: 'β₁', default: 0.9, min: 0, max: 0.9999, help: 'first-moment decay' },
  { key: 'beta2', label: 'β₂', default: 0.999, min: 0, max: 0.99999, help: 'second-moment decay' },
];

export const SOLVERS: Record<SolverName, SolverInfo> = {
  sgd: {
    name: 'sgd',
    title: 'SGD (unconstrained)',
    description:
      'Plain minibatch stochastic gradient descent on the mean loss, ignoring the constraints. One backward pass per step. Use it as the baseline every constrained model is compared against.',
    constrained: false,
    gpu: true,
    batchSize: 8,
    params: [lr(0.005)],
  },
  adam: {
    name: 'adam',
    title: 'Adam (unconstrained)',
    description:
      'Adam on the mean loss, ignoring the constraints. Usually converges faster than SGD at larger batches; a strong accuracy baseline.',
    constrained: false,
    gpu: true,
    batchSize: 64,
    params: ADAM_PARAMS,
  },
  penalty: {
    name: 'penalty',
    title: 'Penalty (SGD + regulariser)',
    description:
      'SGD on loss + w·Σ max(0, c_i): the constraint violations become a fixed-weight penalty. Cheap (one backward pass) but the weight must be tuned by hand and feasibility is not guaranteed.',
    constrained: true,
    gpu: true,
    batchSize: 8,
    params: [
      lr(0.005),
      { key: 'weight', label: 'penalty weight w', default: 1, min: 0, max: 1000, help: 'weight of the violation term' },
    ],
  },
  gda: {
    name: 'gda',
    title: 'Lagrangian GDA (primal–dual)',
    description:
      'Gradient descent on the weights and ascent on the Lagrange multipliers of L = f + λᵀc. One backward pass of the Lagrangian per step; multipliers grow while a constraint is violated.',
    constrained: true,
    gpu: true,
    batchSize: 8,
    params: [
      lr(0.01),
      { key: 'dualLr', label: 'dual step η', default: 0.05, min: 0, max: 100, help: 'multiplier step size' },
      {
        key: 'dualBound',
        label: 'multiplier cap',
        default: 100,
        min: 0,
        max: 1e6,
        help: 'multipliers are clipped to [0, cap]',
      },
    ],
  },
  alm: {
    name: 'alm',
    title: 'Augmented Lagrangian (ALM)',
    description:
      'Stochastic linearised augmented Lagrangian: SSL-ALM without smoothing (μ = 0). Adds the quadratic penalty ρ/2‖c‖² to the Lagrangian. Cheap per step and, in the paper, among the closest to the bound.',
    constrained: true,
    gpu: true,
    batchSize: 8,
    params: [ALM_PARAMS.tau, ALM_PARAMS.eta, ALM_PARAMS.rho, ALM_PARAMS.dualBound],
  },
  'ssl-alm': {
    name: 'ssl-alm',
    title: 'SSL-ALM (smoothed linearised ALM)',
    description:
      "Stochastic smoothed linearised augmented Lagrangian (Huang, Zhang & Alacaoglu 2025): ALM plus a proximal pull μ(x − z) towards a slowly moving centre z, which damps oscillation. One objective gradient and m constraint gradients per step, no subproblems; GPU-capable. The paper's best trade-off.",
    constrained: true,
    gpu: true,
    batchSize: 8,
    params: [
      { key: 'mu', label: 'smoothing μ', default: 2, min: 0, max: 1e4, help: 'proximal weight towards the centre z' },
      ALM_PARAMS.rho,
      ALM_PARAMS.tau,
      ALM_PARAMS.eta,
      { key: 'beta', label: 'centre step β', default: 0.5, min: 0, max: 1, help: 'z ← z + β(x − z)' },
      ALM_PARAMS.dualBound,
    ],
  },
  'switching-subgradient': {
    name: 'switching-subgradient',
    title: 'Stochastic switching subgradient',
    description:
      'Each step estimates all constraints; if the largest exceeds the tolerance ε it steps on that constraint, otherwise on the objective (Huang & Lin 2023). The cheapest constrained method: m forward evaluations and one backward pass. Keeps accuracy high; constraint estimates oscillate around the bound.',
    constrained: true,
    gpu: true,
    batchSize: 16,
    params: [
      {
        key: 'ctol',
        label: 'switch tolerance ε',
        default: 1e-4,
        min: 0,
        max: 10,
        help: 'constraint step when max c ≥ ε',
      },
      { key: 'objectiveLr', label: 'objective step', default: 0.5, min: 1e-6, max: 10, help: 'step on the objective' },
      {
        key: 'constraintLr',
        label: 'constraint step',
        default: 0.05,
        min: 1e-6,
        max: 10,
        help: 'step on the violated constraint',
      },
    ],
  },
  'stochastic-ghost': {
    name: 'stochastic-ghost',
    title: 'Stochastic Ghost (SQP)',
    description:
      'Stochastic ghost-penalty SQP (Facchinei & Kungurtsev 2023): each step solves an LP and a QP (HiGHS) on four samples of a multilevel Monte Carlo estimate. By far the most expensive step and the noisiest; CPU-bound by its subproblems. Use it to compare, not for large models.',
    constrained: true,
    gpu: false,
    batchSize: 1,
    params: [
      { key: 'alpha', label: 'MLMC α', default: 0.4, min: 0.01, max: 0.99, help: 'geometric level parameter' },
      { key: 'beta', label: 'trust box β', default: 10, min: 1e-6, max: 1e4, help: '‖d‖∞ ≤ β in the QP' },
      { key: 'rho', label: 'LP box ρ', default: 0.8, min: 1e-6, max: 1e4, help: '‖d‖∞ ≤ ρ in the κ LP' },
      {
        key: 'lambda',
        label: 'κ mix λ',
        default: 0.5,
        min: 0,
        max: 1,
        help: 'mix of current violation and LP optimum',
      },
      { key: 'tau', label: 'QP curvature τ', default: 1, min: 1e-6, max: 1e4, help: 'P = τI in the QP' },
      { key: 'gamma0', label: 'initial step γ₀', default: 0.05, min: 1e-6, max: 10, help: 'initial step size' },
      { key: 'zeta', label: 'step decay ζ', default: 0.05, min: 0, max: 10, help: 'γ ← γ(1 − ζγ)' },
    ],
  },
  'exponentiated-gradient': {
    name: 'exponentiated-gradient',
    title: 'Reductions (exponentiated gradient)',
    description:
      "Agarwal et al. (2018), the method behind Fairlearn's ExponentiatedGradient: a game between weighted logistic regressions and Lagrange multipliers for a positive-rate-gap (demographic parity) or equalized-odds constraint. Its model is a randomised mixture of the regressions found; each person's decision is drawn once with the run's seed. Fairlearn's defaults; the budget, batch size and hidden layers are not used.",
    constrained: true,
    gpu: false,
    batchSize: 1,
    randomisedDecisions: true,
    requirement:
      'Decisions are randomised: each one needs a random draw from the mixture, so the model is not one network and cannot be exported.',
    params: [
      { key: 'eps', label: 'eps', default: 0.01, min: 1e-4, max: 1, help: 'B = 1/eps bounds the multipliers' },
      { key: 'maxIterations', label: 'max_iter', default: 50, min: 1, max: 1000, help: 'game iterations' },
      { key: 'eta0', label: 'eta0', default: 2, min: 1e-3, max: 100, help: 'initial multiplier step' },
      { key: 'c', label: 'C', default: 1, min: 1e-4, max: 1e4, help: 'inverse L2 strength of the regressions' },
    ],
  },
  'threshold-optimizer': {
    name: 'threshold-optimizer',
    title: 'Post-processing (group thresholds)',
    description:
      "Hardt, Price & Srebro (2016), Fairlearn's ThresholdOptimizer: trains the unconstrained network with Adam, then a linear program picks each group's (randomised) decision threshold so that positive rates (demographic parity) or true- and false-positive rates (equalized odds) agree within the tolerance, fitted on the validation split (train without one). Each person's decision is drawn once with the run's seed.",
    constrained: true,
    gpu: true,
    batchSize: 64,
    params: ADAM_PARAMS,
    requirement: GROUP_AT_PREDICTION_REQUIREMENT,
    randomisedDecisions: true,
  },
};

/** Params of a solver with defaults filled in; unknown keys are reported, not silently used. */
export function resolveSolverParams(
  name: SolverName,
  given: Record<string, number>,
): { params: Record<string, number>; unknown: string[]; outOfRange: string[] } {
  const info = SOLVERS[name];
  const params: Record<string, number> = {};
  const outOfRange: string[] = [];
  for (const spec of info.params) {
    const value = given[spec.key] ?? spec.default;
    if (!(value >= spec.min && value <= spec.max))
      outOfRange.push(`${spec.key}=${value} (allowed ${spec.min}…${spec.max})`);
    params[spec.key] = value;
  }
  const known = new Set(info.params.map((p) => p.key));
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  return { params, unknown, outOfRange };
}
