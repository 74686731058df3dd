import type { ConstraintSpec } from '../../../shared/config/task-config.js';
import type { RunWarning } from '../../../shared/config/results.js';
import { combineVerdicts, type ConstraintVerdict } from '../../../shared/verdicts.js';
import type { PreparedGroup } from '../data/prepared-task.js';
import { buildConstraintPlan } from '../constraints/constraint-plan.js';
import { evaluateSplit } from '../metrics/split-evaluation.js';
import type { AuditData, SplitArrays } from './compute-audit.js';

/** One constraint's verdict on one split: the worst of its measures' (docs/verdicts.md). */
export interface SpecVerdict {
  /** Largest simultaneous one-sided 95 % upper bound over the constraint's measures; null when none is defined. */
  upper: number | null;
  verdict: ConstraintVerdict;
  reason?: string;
}

/**
 * The audit's verdicts are the ones results.json, the CLI and the Train tab show: the same bounds (Wilson/Newcombe for
 * rates, delta method for losses), the same Holm family (every measure of every constraint on the split) and the same
 * degenerate-model guard, here at the audit's threshold.
 */
export function certifiedVerdicts(
  data: AuditData,
  arrays: SplitArrays,
  threshold: number,
): { verdicts: SpecVerdict[]; warnings: RunWarning[] } {
  const trainCounts = new Array<number>(data.groups.length).fill(0);
  for (const g of data.train.groups) trainCounts[g]!++;
  const groups: PreparedGroup[] = data.groups.map((g, i) => ({
    name: g.name,
    parts: g.parts,
    small: g.small,
    trainCount: trainCounts[i]!,
  }));
  const plan = buildConstraintPlan(data.constraints, groups);
  const { evaluation, warnings } = evaluateSplit(
    arrays.probs,
    { rows: arrays.probs.length, labels: arrays.labels, groups: arrays.groups },
    groups,
    plan,
    threshold,
  );
  // buildConstraintPlan emits each spec's measures as one block, in spec order.
  let start = 0;
  const verdicts = data.constraints.map((spec: ConstraintSpec) => {
    const size = buildConstraintPlan([spec], groups).measures.length;
    const own = evaluation.constraints.slice(start, start + size);
    start += size;
    const verdict = combineVerdicts(own.map((c) => c.verdict)) ?? 'inconclusive';
    const uppers = own.map((c) => c.upper).filter((u): u is number => u !== null);
    const reason =
      own.find((c) => c.verdict === verdict && c.reason)?.reason ??
      (own.length === 0 ? 'no group pair to compare on this split' : undefined);
    return { upper: uppers.length ? Math.max(...uppers) : null, verdict, ...(reason ? { reason } : {}) };
  });
  return { verdicts, warnings };
}
