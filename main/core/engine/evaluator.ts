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

/** Rows per split of the two evaluations timed to estimate the cost of a full one before the first. */
const PROBE_ROWS = [512, 16384] as const;

/**
 * Seconds a full evaluation of the model on every split should take, before any was made: evaluations of the first
 * 512 and 16,384 rows of each split (after one untimed warm-up, each the faster of two) give a fixed cost (the
 * groups' pairwise summaries, the verdicts) and a cost per row (prediction, metrics), extrapolated to every row. A
 * task no larger than the second probe is timed whole.
 */
export async function estimateEvaluationCost(model: Mlp, task: PreparedTask, plan: ConstraintPlan): Promise<number> {
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
  // The faster of two timings: a pause (a collection, another process) only ever adds time.
  const timed = async (t: PreparedTask): Promise<number> => {
    let best = Infinity;
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      await evaluateIterate(model, t, plan, 0);
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return best;
  };
  const [small, large] = PROBE_ROWS.map(probe) as [PreparedTask, PreparedTask];
  await evaluateIterate(model, large, plan, 0);
  const smallSeconds = await timed(small);
  const largeSeconds = await timed(large);
  const [smallRows, largeRows, rows] = [rowsOf(small), rowsOf(large), rowsOf(task)];
  const perRow = largeRows > smallRows ? Math.max(0, (largeSeconds - smallSeconds) / (largeRows - smallRows)) : 0;
  return largeSeconds + perRow * Math.max(0, rows - largeRows);
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
