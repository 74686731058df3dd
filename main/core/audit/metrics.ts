import { AUDIT_METRIC_KEYS, type AuditMetricKey } from '../../../shared/audit.js';
import { CALIBRATION_BINS, S } from './group-stats.js';

/** Metric matrices hold the metrics in AUDIT_METRIC_KEYS order (shared/audit.ts). */
export const METRIC_COUNT = AUDIT_METRIC_KEYS.length;
export const METRIC_INDEX = Object.fromEntries(AUDIT_METRIC_KEYS.map((m, i) => [m, i])) as Record<
  AuditMetricKey,
  number
>;

/**
 * Writes the metrics of the group whose stats start at `base` into out[outBase ..]; NaN where undefined.
 * Undefined is a fact to report ("n/a (0 positives)"), never 0.
 */
export function metricsFromStats(
  stats: Float64Array,
  base: number,
  out: Float64Array | Float32Array,
  outBase: number,
): void {
  const n = stats[base + S.n]!;
  const pos = stats[base + S.positives]!;
  const neg = n - pos;
  const predPos = stats[base + S.predictedPositives]!;
  const predNeg = n - predPos;
  const tp = stats[base + S.truePositives]!;
  const fp = stats[base + S.falsePositives]!;
  const fn = pos - tp;
  const tn = neg - fp;
  const div = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  let ece = 0;
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    const c = stats[base + S.bins + 3 * b]!;
    if (c > 0) ece += Math.abs(stats[base + S.bins + 3 * b + 1]! - stats[base + S.bins + 3 * b + 2]!) / (n || 1);
  }
  out[outBase + 0] = div(pos, n);
  out[outBase + 1] = div(predPos, n);
  out[outBase + 2] = div(tp, pos);
  out[outBase + 3] = div(fp, neg);
  out[outBase + 4] = div(fn, pos);
  out[outBase + 5] = div(tp, predPos);
  out[outBase + 6] = div(tn, predNeg);
  out[outBase + 7] = div(tp + tn, n);
  out[outBase + 8] = div(stats[base + S.lossSum]!, n);
  out[outBase + 9] = div(stats[base + S.aucPairs]!, pos * neg);
  out[outBase + 10] = n > 0 ? ece : Number.NaN;
}

/** Why a metric is undefined for a group, in the words the report prints after "n/a". */
export function undefinedReason(metric: AuditMetricKey, counts: GroupCounts): string | null {
  const neg = counts.n - counts.positives;
  const predNeg = counts.n - counts.predictedPositives;
  if (counts.n === 0) return 'no rows';
  switch (metric) {
    case 'tpr':
    case 'fnr':
      return counts.positives === 0 ? '0 positives' : null;
    case 'fpr':
      return neg === 0 ? '0 negatives' : null;
    case 'ppv':
      return counts.predictedPositives === 0 ? '0 predicted positives' : null;
    case 'npv':
      return predNeg === 0 ? '0 predicted negatives' : null;
    case 'auc':
      return counts.positives === 0 ? '0 positives' : neg === 0 ? '0 negatives' : null;
    default:
      return null;
  }
}

/** The number of rows a rate metric is a share of (its denominator); null for metrics that are not rates. */
export function rateDenominator(metric: AuditMetricKey, counts: GroupCounts): number | null {
  const neg = counts.n - counts.positives;
  switch (metric) {
    case 'baseRate':
    case 'positiveRate':
    case 'accuracy':
      return counts.n;
    case 'tpr':
    case 'fnr':
      return counts.positives;
    case 'fpr':
      return neg;
    case 'ppv':
      return counts.predictedPositives;
    case 'npv':
      return counts.n - counts.predictedPositives;
    default:
      return null;
  }
}

/**
 * The exact (Clopper–Pearson) two-sided interval of a share observed as 0 or 1 among `rows` rows. A percentile
 * bootstrap cannot vary there (every resample also has none, or all), so it would print "0.0 % [0.0 %, 0.0 %]" for
 * 0 false positives among 25 negatives, claiming a certainty 25 rows do not give; exact: [0, 13.7 %].
 */
export function exactBoundaryInterval(value: 0 | 1, rows: number, confidence: number): { lo: number; hi: number } {
  const edge = Math.pow((1 - confidence) / 2, 1 / rows);
  return value === 0 ? { lo: 0, hi: 1 - edge } : { lo: edge, hi: 1 };
}

export interface GroupCounts {
  n: number;
  positives: number;
  predictedPositives: number;
  truePositives: number;
  falsePositives: number;
}

export function countsFromStats(stats: Float64Array, base: number): GroupCounts {
  return {
    n: stats[base + S.n]!,
    positives: stats[base + S.positives]!,
    predictedPositives: stats[base + S.predictedPositives]!,
    truePositives: stats[base + S.truePositives]!,
    falsePositives: stats[base + S.falsePositives]!,
  };
}
