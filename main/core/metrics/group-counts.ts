import { OVERALL, type ConstraintMeasure, type StatRef } from '../constraints/constraint-plan.js';
import { sideUsable as usable, type GapShape, type Side } from './gap-bounds.js';

/** Per-group confusion counts and loss moments of one split at a threshold: what the constraint bounds need. */
export interface GroupCounts {
  n: Float64Array;
  positives: Float64Array;
  predicted: Float64Array;
  truePositives: Float64Array;
  falsePositives: Float64Array;
  correct: Float64Array;
  lossSum: Float64Array;
  lossSumSq: Float64Array;
}

const FIELDS = [
  'n',
  'positives',
  'predicted',
  'truePositives',
  'falsePositives',
  'correct',
  'lossSum',
  'lossSumSq',
] as const;

/** Zeroed counts for `groupCount` groups, filled by groupMetricsByGroup's pass over the rows. */
export function emptyCounts(groupCount: number): GroupCounts {
  return Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(groupCount)])) as unknown as GroupCounts;
}

export interface Totals {
  n: number;
  positives: number;
  predicted: number;
  truePositives: number;
  falsePositives: number;
  correct: number;
  lossSum: number;
  lossSumSq: number;
}

function totalsOf(c: GroupCounts, g: number | 'all'): Totals {
  const pick = (a: Float64Array) => (g === 'all' ? a.reduce((s, v) => s + v, 0) : a[g]!);
  return {
    n: pick(c.n),
    positives: pick(c.positives),
    predicted: pick(c.predicted),
    truePositives: pick(c.truePositives),
    falsePositives: pick(c.falsePositives),
    correct: pick(c.correct),
    lossSum: pick(c.lossSum),
    lossSumSq: pick(c.lossSumSq),
  };
}

function minus(a: Totals, b: Totals): Totals {
  return {
    n: a.n - b.n,
    positives: a.positives - b.positives,
    predicted: a.predicted - b.predicted,
    truePositives: a.truePositives - b.truePositives,
    falsePositives: a.falsePositives - b.falsePositives,
    correct: a.correct - b.correct,
    lossSum: a.lossSum - b.lossSum,
    lossSumSq: a.lossSumSq - b.lossSumSq,
  };
}

/** The side of a statistic: TPR counts among positives, FPR among negatives, the rest among all rows. */
function sideOf(t: Totals, stat: StatRef['stat']): Side {
  switch (stat) {
    case 'loss':
      return { kind: 'mean', sum: t.lossSum, sumSq: t.lossSumSq, n: t.n };
    case 'positiveRate':
      return { kind: 'rate', x: t.predicted, n: t.n };
    case 'tpr':
      return { kind: 'rate', x: t.truePositives, n: t.positives };
    case 'fpr':
      return { kind: 'rate', x: t.falsePositives, n: t.n - t.positives };
    case 'accuracy':
      return { kind: 'rate', x: t.correct, n: t.n };
  }
}

const emptyReason = (stat: StatRef['stat']): string =>
  stat === 'tpr'
    ? 'a compared group has no positives'
    : stat === 'fpr'
      ? 'a compared group has no negatives'
      : stat === 'loss'
        ? 'a compared group has fewer than 2 rows'
        : 'a compared group has no rows';

/** Every group's counts summed: what each group-vs-whole-split measure compares with (compute once per split). */
export function splitTotals(counts: GroupCounts): Totals {
  return totalsOf(counts, 'all');
}

/**
 * The shape of a measure for the bounds. A group compared with the whole split shares its own rows with it, so the
 * gap is rewritten over disjoint parts: p_g − p_all = (1 − w)(p_g − p_rest), w = the group's share of the denominator.
 * `all` is splitTotals(counts), passed by callers that shape many measures of one split.
 */
export function measureShape(
  measure: ConstraintMeasure,
  slots: number[],
  counts: GroupCounts,
  all?: Totals,
): { shape: GapShape | null; reason?: string } {
  const groupOf = (ref: StatRef) => slots[ref.slot]!;
  const stat = measure.a.stat;
  const ga = groupOf(measure.a);
  if (!measure.b) {
    const a = sideOf(ga === OVERALL ? (all ?? splitTotals(counts)) : totalsOf(counts, ga), stat);
    return usable(a) ? { shape: { a, b: null, scale: 1 } } : { shape: null, reason: emptyReason(stat) };
  }
  const gb = groupOf(measure.b);
  if (ga !== OVERALL && gb !== OVERALL) {
    const a = sideOf(totalsOf(counts, ga), stat);
    const b = sideOf(totalsOf(counts, gb), stat);
    return usable(a) && usable(b) ? { shape: { a, b, scale: 1 } } : { shape: null, reason: emptyReason(stat) };
  }
  const g = ga === OVERALL ? gb : ga;
  const group = totalsOf(counts, g);
  const a = sideOf(group, stat);
  const rest = sideOf(minus(all ?? splitTotals(counts), group), stat);
  if (!usable(a)) return { shape: null, reason: emptyReason(stat) };
  if (!usable(rest)) return { shape: null, reason: 'the group is the whole split' };
  return { shape: { a, b: rest, scale: 1 - a.n / (a.n + rest.n) } };
}
