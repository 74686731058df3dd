import type { ConstraintEvaluation, RunWarning, SplitEvaluation } from '../../../shared/config/results.js';
import type { PreparedGroup } from '../data/prepared-task.js';
import { OVERALL, type ConstraintPlan, type StatName } from '../constraints/constraint-plan.js';
import { judgeMeasures } from './constraint-verdicts.js';
import { degenerateWarnings, trivialReason } from './degenerate.js';
import { measureShape, splitTotals } from './group-counts.js';
import { groupMetricsByGroup, type GroupMetrics } from './group-metrics.js';
import { wasserstein1d } from './wasserstein.js';

/** Labels and group ids of a split: what exact evaluation needs besides the probabilities. */
export interface LabelledRows {
  rows: number;
  labels: ArrayLike<number>;
  groups: ArrayLike<number>;
}

export interface SplitMetrics {
  evaluation: SplitEvaluation;
  /** Exact value per constraint measure (null where undefined), in plan.measures order. */
  constraintValues: (number | null)[];
  /** Degenerate-model warnings on this split (docs/verdicts.md); empty for an informative model. */
  warnings: RunWarning[];
  degenerate: boolean;
}

/**
 * Exact evaluation of predicted probabilities on one split: overall and per-group metrics, the paper's summary
 * metrics (docs/science/problem.md#metrics; generalised to the maximum over pairs of the groups present and not flagged
 * small), the exact value of every constraint measure with its bounds and verdict, and the degenerate-model warnings.
 */
export function evaluateSplit(
  probs: ArrayLike<number>,
  split: LabelledRows,
  groups: PreparedGroup[],
  plan: ConstraintPlan,
  threshold: number,
): SplitMetrics {
  // Every group's metrics, counts and score histogram in one pass over the rows (no per-group index lists).
  const {
    overall,
    perGroup,
    counts,
    histograms: groupHistograms,
  } = groupMetricsByGroup(probs, split.labels, split.groups, groups.length, threshold);

  const present = groups.map((_, g) => g).filter((g) => perGroup[g]!.n > 0);
  const compared =
    present.filter((g) => !groups[g]!.small).length >= 2 ? present.filter((g) => !groups[g]!.small) : present;
  const gap = (a: number | null, b: number | null): number | null =>
    a === null || b === null ? null : Math.abs(a - b);
  const aucs = compared.map((g) => perGroup[g]!.auc).filter((v): v is number => v !== null);
  const pairs = pairSummaries(
    compared.map((g) => perGroup[g]!),
    compared.map((g) => groupHistograms[g]!),
  );

  const stat = (slot: number, name: StatName): number | null => {
    const g = plan.slots[slot]!;
    const m = g === OVERALL ? overall : perGroup[g]!;
    return m[name];
  };
  const constraintValues = plan.measures.map((m) => {
    const a = stat(m.a.slot, m.a.stat);
    if (!m.b) return a;
    return gap(a, stat(m.b.slot, m.b.stat));
  });
  const strip = ({ ppv: _p, npv: _n, ...rest }: GroupMetrics) => rest;
  const groupRecord = Object.fromEntries(groups.map((g, i) => [g.name, strip(perGroup[i]!)]));
  const auc = overall.auc;
  const warnings = degenerateWarnings(
    { auc, groups: groupRecord },
    groups.filter((g) => g.small).map((g) => g.name),
  );

  const all = splitTotals(counts);
  const judgements = judgeMeasures(
    plan.measures.map((m, i) => {
      const { shape, reason } = measureShape(m, plan.slots, counts, all);
      return {
        value: constraintValues[i]!,
        tolerance: m.tolerance,
        shape,
        ...(reason ? { undefinedReason: reason } : {}),
      };
    }),
    trivialReason(warnings),
  );
  const constraints: ConstraintEvaluation[] = plan.measures.map((m, i) => {
    const value = constraintValues[i]!;
    return {
      name: m.name,
      kind: m.kind,
      value,
      tolerance: m.tolerance,
      satisfied: value === null ? null : value <= m.tolerance,
      ...judgements[i]!,
    };
  });
  let maxViolation = 0;
  plan.measures.forEach((m, i) => {
    const v = constraintValues[i];
    if (v !== null && v !== undefined) maxViolation = Math.max(maxViolation, v - m.tolerance);
  });

  const evaluation: SplitEvaluation = {
    n: split.rows,
    loss: overall.loss ?? 0,
    auc,
    accuracy: overall.accuracy ?? 0,
    summary: {
      aucMean: aucs.length ? aucs.reduce((a, b) => a + b, 0) / aucs.length : null,
      independence: pairs.independence,
      separation: pairs.separation,
      inaccuracy: 1 - (overall.accuracy ?? 0),
      sufficiency: pairs.sufficiency,
      wasserstein: pairs.wasserstein,
      lossGap: pairs.lossGap,
    },
    groups: groupRecord,
    constraints,
    maxViolation,
  };
  return { evaluation, constraintValues, warnings, degenerate: warnings.length > 0 };
}

type PairSummaries = Pick<
  SplitEvaluation['summary'],
  'independence' | 'separation' | 'sufficiency' | 'wasserstein' | 'lossGap'
>;

/**
 * The summaries that are a maximum over pairs of the compared groups (null when no pair has both values): for one
 * statistic the largest gap is the largest value minus the smallest (rounding is monotone, so no pair's rounded
 * difference exceeds it); sums of two gaps and the Wasserstein distance take every pair, read from typed arrays.
 */
function pairSummaries(compared: GroupMetrics[], histograms: Float64Array[]): PairSummaries {
  const column = (pick: (m: GroupMetrics) => number | null) => Float64Array.from(compared, (m) => pick(m) ?? NaN);
  return {
    independence: range(column((m) => m.positiveRate)),
    separation: maxPairSum(
      column((m) => m.tpr),
      column((m) => m.fpr),
    ),
    sufficiency: maxPairSum(
      column((m) => m.ppv),
      column((m) => m.npv),
    ),
    wasserstein: maxPairWasserstein(histograms),
    lossGap: range(column((m) => m.loss)),
  };
}

/** max − min of the values that are not NaN; null with fewer than two. */
function range(values: Float64Array): number | null {
  let count = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    count++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return count >= 2 ? Math.abs(hi - lo) : null;
}

/** The largest |a_i − a_j| + |b_i − b_j| over pairs where all four are numbers; null when none. */
function maxPairSum(a: Float64Array, b: Float64Array): number | null {
  let best = -Infinity;
  for (let i = 0; i < a.length; i++)
    for (let j = i + 1; j < a.length; j++) {
      const v = Math.abs(a[i]! - a[j]!) + Math.abs(b[i]! - b[j]!);
      if (v > best) best = v;
    }
  return best === -Infinity ? null : best;
}

function maxPairWasserstein(histograms: Float64Array[]): number | null {
  let best: number | null = null;
  for (let i = 0; i < histograms.length; i++)
    for (let j = i + 1; j < histograms.length; j++) {
      const v = wasserstein1d(histograms[i]!, histograms[j]!);
      if (best === null || v > best) best = v;
    }
  return best;
}
