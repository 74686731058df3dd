import type { SplitEvaluation } from '../../../shared/config/results.js';
import type { TaskConfig } from '../../../shared/config/task-config.js';
import type { PreparedSplit, PreparedTask } from '../data/prepared-task.js';
import { evaluateSplit, type SplitMetrics } from '../metrics/split-evaluation.js';
import type { ConstraintPlan } from '../constraints/constraint-plan.js';
import type { Candidate } from './iterate-selector.js';
import { allFinite, snapshot, type Mlp } from './model.js';
import { splitProbabilities } from './split-probabilities.js';
import { chooseThreshold } from './threshold.js';

export type SplitName = 'train' | 'validation' | 'test';

/** The splits of a task in report order, and the one iterates and thresholds are chosen on. */
export function taskSplits(task: PreparedTask): {
  splits: [SplitName, PreparedSplit][];
  selectionSplit: 'train' | 'validation';
} {
  const splits: [SplitName, PreparedSplit][] = [['train', task.train]];
  if (task.validation) splits.push(['validation', task.validation]);
  splits.push(['test', task.test]);
  return { splits, selectionSplit: task.validation ? 'validation' : 'train' };
}

/** One split's probabilities and exact evaluation at the iterate's threshold. */
export interface SplitOutcome {
  name: SplitName;
  probs: Float32Array;
  metrics: SplitMetrics;
}

export interface IterateEvaluation {
  candidate: Candidate;
  outcomes: SplitOutcome[];
}

/** A selection candidate with its splits' evaluations, kept so the chosen one need not be evaluated again. */
export type EvaluatedCandidate = Candidate & { outcomes: SplitOutcome[] };

/**
 * Evaluates the model's current weights on every split: the threshold is chosen on the selection split by the task's
 * rule, every split is measured at it, and the selection split's figures make the selection candidate. Returns null when
 * the weights or a split's loss are not finite (the divergence signal).
 */
export async function evaluateIterate(
  model: Mlp,
  task: PreparedTask,
  plan: ConstraintPlan,
  iteration: number,
): Promise<IterateEvaluation | null> {
  const weights = await snapshot(model);
  if (!allFinite(weights)) return null;
  const { splits, selectionSplit } = taskSplits(task);
  const probs = new Map<string, Float32Array>();
  for (const [name, split] of splits) probs.set(name, await splitProbabilities(model, task, split));
  const selection = selectionSplit === 'validation' ? task.validation! : task.train;
  const cfg = task.config;
  const threshold = chooseThreshold(
    cfg.thresholdRule,
    cfg.threshold,
    probs.get(selectionSplit)!,
    selection.labels,
    selection.rows,
  );
  const outcomes: SplitOutcome[] = [];
  for (const [name, split] of splits) {
    const p = probs.get(name)!;
    const metrics = evaluateSplit(p, split, task.groups, plan, threshold);
    if (!Number.isFinite(metrics.evaluation.loss)) return null;
    outcomes.push({ name, probs: p, metrics });
  }
  const chosen = outcomes.find((o) => o.name === selectionSplit)!;
  const evaluation: SplitEvaluation = chosen.metrics.evaluation;
  return {
    outcomes,
    candidate: {
      iteration,
      weights,
      objective: objective(cfg, evaluation, chosen.probs, selection.labels),
      maxViolation: evaluation.maxViolation,
      violated: evaluation.constraints.some((c) => c.verdict === 'violated'),
      degenerate: chosen.metrics.degenerate,
      threshold,
    },
  };
}

/** Rows per split of the warm-up evaluation and of the one timed to estimate a full one's cost before the first. */
const PROBE_ROWS = [512, 16384] as const;

/** What one full evaluation should cost; for a task timed whole, its first evaluation (of the untrained start). */
export interface EvaluationCostEstimate {
  seconds: number;
  start: IterateEvaluation | null;
}

/**
 * Seconds a full evaluation of the model on every split should take, before any was made. A task no larger than the
 * second probe is timed whole, the fastest of three (the first pays the one-time costs: compiling the metrics code,
 * the backend's first kernels; the second may still wait for the compiler); the first is returned as the start's
 * evaluation, so the run need not make it again. A larger task: after an untimed evaluation of the first probe (the
 * one-time costs), the second probe's time (the faster of two) scaled by rows. That errs high, since the probe's fixed
 * part (the groups' pairwise summaries and verdicts) is scaled too: an affine fit from two probe sizes, tried before,
 * erred low at 1.7 M rows (the full evaluation's arrays outgrow the caches the probes fit in), and evaluating the start
 * of a task the budget cannot afford costs more than waiting for the first measured evaluation. Pauses (a collection,
 * another process) only ever add time, hence the fastest timing.
 */
export async function estimateEvaluationCost(
  model: Mlp,
  task: PreparedTask,
  plan: ConstraintPlan,
): Promise<EvaluationCostEstimate> {
  const head = (split: PreparedSplit, rows: number): PreparedSplit => {
    const kept = Math.min(split.rows, rows);
    return {
      rows: kept,
      features: split.features && split.features.subarray(0, kept * task.featureNames.length),
      labels: split.labels.subarray(0, kept),
      groups: split.groups.subarray(0, kept),
      sourceRows: split.sourceRows.subarray(0, kept),
    };
  };
  const probe = (rows: number): PreparedTask => ({
    ...task,
    train: head(task.train, rows),
    validation: task.validation && head(task.validation, rows),
    test: head(task.test, rows),
  });
  const rowsOf = (t: PreparedTask) => taskSplits(t).splits.reduce((sum, [, split]) => sum + split.rows, 0);
  const timed = async (t: PreparedTask) => {
    const started = performance.now();
    const evaluation = await evaluateIterate(model, t, plan, 0);
    return { evaluation, seconds: (performance.now() - started) / 1000 };
  };
  const [small, large] = PROBE_ROWS.map(probe) as [PreparedTask, PreparedTask];
  const [largeRows, rows] = [rowsOf(large), rowsOf(task)];
  if (rows <= largeRows) {
    const first = await timed(task);
    const seconds = Math.min(first.seconds, (await timed(task)).seconds, (await timed(task)).seconds);
    return { seconds, start: first.evaluation };
  }
  await timed(small);
  const largeSeconds = Math.min((await timed(large)).seconds, (await timed(large)).seconds);
  return { seconds: (largeSeconds * rows) / largeRows, start: null };
}

/** The training objective on a split: mean cross-entropy, or with balanced class weights the mean of the two class means. */
function objective(cfg: TaskConfig, evaluation: SplitEvaluation, probs: Float32Array, labels: Float32Array): number {
  return cfg.classWeights === 'balanced' ? classBalancedLoss(probs, labels) : evaluation.loss;
}

/** (mean loss over positives + mean loss over negatives) / 2: each row weighs n / (2·n_class) in the mean. */
export function classBalancedLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  const sums = [0, 0];
  const counts = [0, 0];
  for (let i = 0; i < probs.length; i++) {
    const y = labels[i]! > 0.5 ? 1 : 0;
    const p = Math.min(1 - 1e-7, Math.max(1e-7, probs[i]!));
    sums[y]! += -Math.log(y ? p : 1 - p);
    counts[y]!++;
  }
  const means = [0, 1].filter((c) => counts[c]! > 0).map((c) => sums[c]! / counts[c]!);
  return means.reduce((a, b) => a + b, 0) / Math.max(1, means.length);
}
