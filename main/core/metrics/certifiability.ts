import type { ConstraintSpec } from '../../../shared/config/task-config.js';
import {
  testRowsToCertify,
  type Certifiability,
  type ConstraintCertifiability,
} from '../../../shared/certifiability.js';
import { VERDICT_CONFIDENCE } from '../../../shared/verdicts.js';
import { labelImbalanceWarning } from '../../../shared/config/label-imbalance.js';
import type { PreparedGroup, PreparedSplit, PreparedTask } from '../data/prepared-task.js';
import { buildConstraintPlan } from '../constraints/constraint-plan.js';
import { measureBounds, nullShape } from './gap-bounds.js';
import type { GroupCounts } from './group-counts.js';
import { measureShape, splitTotals } from './group-counts.js';
import { normalQuantile } from './normal-quantile.js';

/**
 * Before training: the smallest tolerance each constraint could certify on the test split, were the model's true gap
 * exactly 0. Rates assume the worst-case variance (rate ½); losses a per-row standard deviation of LOSS_SD, at the
 * upper end of what trained cross-entropy models show. The bound is the one results.json's minCertifiableTolerance
 * uses (Bonferroni over all measures), so the two agree up to the variance assumption.
 */
export const LOSS_SD = 0.7;

/** Assumed counts of a not-yet-trained model on the split: only sizes and label counts are real. */
function assumedCounts(split: PreparedSplit, groupCount: number): GroupCounts {
  const arr = () => new Float64Array(groupCount);
  const c: GroupCounts = {
    n: arr(),
    positives: arr(),
    predicted: arr(),
    truePositives: arr(),
    falsePositives: arr(),
    correct: arr(),
    lossSum: arr(),
    lossSumSq: arr(),
  };
  for (let i = 0; i < split.rows; i++) {
    const g = split.groups[i]!;
    c.n[g]! += 1;
    c.positives[g]! += split.labels[i]! > 0.5 ? 1 : 0;
  }
  for (let g = 0; g < groupCount; g++) {
    const n = c.n[g]!;
    c.predicted[g] = n / 2;
    c.truePositives[g] = c.positives[g]! / 2;
    c.falsePositives[g] = (n - c.positives[g]!) / 2;
    c.correct[g] = n / 2;
    c.lossSumSq[g] = LOSS_SD * LOSS_SD * n;
  }
  return c;
}

export function certifiability(
  specs: ConstraintSpec[],
  groups: PreparedGroup[],
  test: PreparedSplit,
  confidence = VERDICT_CONFIDENCE,
): Certifiability {
  const counts = assumedCounts(test, groups.length);
  const all = splitTotals(counts);
  // One plan per constraint, so each constraint's measures stay together; the correction counts all of them.
  const plans = specs.map((spec) => buildConstraintPlan([spec], groups));
  const total = plans.reduce((s, p) => s + p.measures.length, 0);
  const z = total ? normalQuantile(1 - (1 - confidence) / total) : 0;
  const constraints: ConstraintCertifiability[] = specs.map((spec, s) => {
    const plan = plans[s]!;
    let worst: { min: number; group: number } | null = null;
    // Per group: the largest bound over the measures where it is the smaller side (the one that limits the bound).
    const perGroup = new Map<number, number>();
    for (const m of plan.measures) {
      const { shape } = measureShape(m, plan.slots, counts, all);
      if (!shape) continue;
      const min = measureBounds(nullShape(shape), z).upper;
      const ids = [m.a, ...(m.b ? [m.b] : [])].map((r) => plan.slots[r.slot]!).filter((g) => g >= 0);
      const group = ids.reduce((a, b) => (counts.n[b]! < counts.n[a]! ? b : a));
      perGroup.set(group, Math.max(perGroup.get(group) ?? 0, min));
      if (!worst || min > worst.min) worst = { min, group };
    }
    return {
      kind: spec.kind,
      topology: spec.topology,
      tolerance: spec.tolerance,
      measures: plan.measures.length,
      minCertifiableTolerance: worst?.min ?? null,
      groups: [...perGroup].map(([g, min]) => ({
        name: groups[g]!.name,
        testRows: counts.n[g]!,
        minCertifiableTolerance: min,
      })),
      smallestGroup: worst ? { name: groups[worst.group]!.name, testRows: counts.n[worst.group]! } : null,
      testRowsToCertify: worst
        ? spec.tolerance > 0
          ? testRowsToCertify(test.rows, worst.min, spec.tolerance)
          : null
        : null,
    };
  });
  return { testRows: test.rows, confidence, lossSd: LOSS_SD, constraints, labelImbalance: null };
}

/** What to tell the user about a prepared task before training: certifiability and the label-imbalance warning. */
export function preTrainingCheck(task: PreparedTask): Certifiability {
  const labels = task.train.labels;
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]! > 0.5 ? 1 : 0;
  return {
    ...certifiability(task.config.constraints, task.groups, task.test),
    labelImbalance: labels.length ? labelImbalanceWarning(task.config, positives / labels.length) : null,
  };
}
