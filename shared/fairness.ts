/** Names shared by engine, audit, CLI and UI: constraint kinds, topologies, solvers, backends, metrics. */

/** Kinds that bound a loss (read in the loss's units). */
const LOSS_CONSTRAINT_KINDS = ['loss-gap', 'worst-group-loss'] as const;
/** Kinds that bound a difference of rates (read in percentage points). */
const RATE_CONSTRAINT_KINDS = ['positive-rate-gap', 'tpr-gap', 'equalized-odds', 'accuracy-gap'] as const;
export const CONSTRAINT_KINDS = [...LOSS_CONSTRAINT_KINDS, ...RATE_CONSTRAINT_KINDS] as const;
export type ConstraintKind = (typeof CONSTRAINT_KINDS)[number];

export const CONSTRAINT_TOPOLOGIES = ['pairwise', 'each-vs-overall'] as const;
export type ConstraintTopology = (typeof CONSTRAINT_TOPOLOGIES)[number];

/** What a constraint compares, in words; worst-group-loss bounds each group alone, whatever the topology. */
export function comparisonText(kind: ConstraintKind, topology: ConstraintTopology): string {
  if (kind === 'worst-group-loss') return 'each group';
  return topology === 'pairwise' ? 'every pair of groups' : 'each group vs the whole population';
}

/** Kinds that bound a difference of rates; their gaps read best in percentage points, loss kinds in the loss's units. */
export function isRateKind(kind: ConstraintKind): boolean {
  return (RATE_CONSTRAINT_KINDS as readonly string[]).includes(kind);
}

/** A rate difference (a fraction) in percentage points: "5.0", "0.25"; `significant` rounds an estimate ("2.5"). */
export function percentagePoints(fraction: number, significant?: number): string {
  const points = fraction * 100;
  const shown = significant === undefined ? points : Number(points.toPrecision(significant));
  return `${shown.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2 })} percentage points`;
}

export const CONSTRAINT_DESCRIPTIONS: Record<ConstraintKind, { title: string; explain: (tol: number) => string }> = {
  'loss-gap': {
    title: 'Loss gap',
    explain: (t) => `mean cross-entropy loss may differ by at most ${t} between the compared groups`,
  },
  'positive-rate-gap': {
    title: 'Positive-rate gap (demographic parity)',
    explain: (t) => `positive (selection) rates may differ by at most ${percentagePoints(t)}`,
  },
  'tpr-gap': {
    title: 'True-positive-rate gap (equal opportunity)',
    explain: (t) => `true-positive rates may differ by at most ${percentagePoints(t)}`,
  },
  'equalized-odds': {
    title: 'Equalised odds (TPR and FPR gaps)',
    explain: (t) => `both true- and false-positive rates may differ by at most ${percentagePoints(t)}`,
  },
  'accuracy-gap': {
    title: 'Accuracy gap',
    explain: (t) => `accuracy may differ by at most ${percentagePoints(t)}`,
  },
  'worst-group-loss': {
    title: 'Worst-group loss bound',
    explain: (t) => `every group's mean loss must stay at or below ${t}`,
  },
};

/** Methods that train the network by gradient steps (main/core/engine/solvers). */
export const GRADIENT_SOLVER_NAMES = [
  'sgd',
  'adam',
  'penalty',
  'gda',
  'alm',
  'ssl-alm',
  'switching-subgradient',
  'stochastic-ghost',
] as const;
export type GradientSolverName = (typeof GRADIENT_SOLVER_NAMES)[number];

/**
 * The practitioners' baselines, run as methods like the solvers (docs/baselines.md): reductions (Agarwal et al. 2018)
 * and post-processing by group-specific thresholds (Hardt, Price & Srebro 2016).
 */
export const BASELINE_SOLVER_NAMES = ['exponentiated-gradient', 'threshold-optimizer'] as const;
export type BaselineSolverName = (typeof BASELINE_SOLVER_NAMES)[number];

export const SOLVER_NAMES = [...GRADIENT_SOLVER_NAMES, ...BASELINE_SOLVER_NAMES] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];

export function isBaselineSolver(name: string): name is BaselineSolverName {
  return (BASELINE_SOLVER_NAMES as readonly string[]).includes(name);
}

export const BACKENDS = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
export type ConcreteBackend = Exclude<BackendChoice, 'auto'>;
/** The order 'auto' tries backends in (tfjs-node's `tensorflow` is used only when chosen by name). */
export const AUTO_BACKEND_ORDER: readonly ConcreteBackend[] = ['webgpu', 'wasm', 'cpu'];
/**
 * 'auto' tries a GPU only for steps of at least this many rows (the larger of batchSize and constraintBatchSize); below
 * it a GPU step is bound by its fixed per-step latency and wasm is faster. The rule and its figures: docs/backends.md.
 */
export const GPU_MIN_ROWS_PER_STEP = 16_384;
