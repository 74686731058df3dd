import type { ConstraintEvaluation, RunWarning, SplitEvaluation } from '../../../shared/config/results.js';
import type { PreparedGroup } from '../data/prepared-task.js';
import { OVERALL, type ConstraintPlan, type StatName } from '../constraints/constraint-plan.js';
import { judgeMeasures } from './constraint-verdicts.js';
import { degenerateWarnings, trivialReason } from './degenerate.js';
import { measureShape } from './group-counts.js';
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
  const maxPair = (f: (a: GroupMetrics, b: GroupMetrics, ga: number, gb: number) => number | null): number | null => {
    let best: number | null = null;
    for (let i = 0; i < compared.length; i++)
      for (let j = i + 1; j < compared.length; j++) {
        const v = f(perGroup[compared[i]!]!, perGroup[compared[j]!]!, compared[i]!, compared[j]!);
        if (v !== null && (best === null || v > best)) best = v;
      }
    return best;
  };
  const gap = (a: number | null, b: number | null): number | null =>
    a === null || b === null ? null : Math.abs(a - b);
  const sum = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);
  const aucs = compared.map((g) => perGroup[g]!.auc).filter((v): v is number => v !== null);
  const histograms = new Map(compared.map((g) => [g, groupHistograms[g]!]));

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

  const judgements = judgeMeasures(
    plan.measures.map((m, i) => {
      const { shape, reason } = measureShape(m, plan.slots, counts);
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
      independence: maxPair((a, b) => gap(a.positiveRate, b.positiveRate)),
      separation: maxPair((a, b) => sum(gap(a.tpr, b.tpr), gap(a.fpr, b.fpr))),
      inaccuracy: 1 - (overall.accuracy ?? 0),
      sufficiency: maxPair((a, b) => sum(gap(a.ppv, b.ppv), gap(a.npv, b.npv))),
      wasserstein: maxPair((_a, _b, ga, gb) => wasserstein1d(histograms.get(ga)!, histograms.get(gb)!)),
      lossGap: maxPair((a, b) => gap(a.loss, b.loss)),
    },
    groups: groupRecord,
    constraints,
    maxViolation,
  };
  return { evaluation, constraintValues, warnings, degenerate: warnings.length > 0 };
}
