import type { ConstraintSpec } from '../../../shared/config/task-config.js';
import type { MetricView } from './bootstrap.js';
import { METRIC_INDEX } from './metrics.js';

/** Largest |a − b| over the groups; NaN when any group's value is undefined, so a gap is never understated. */
export function range(view: MetricView, groups: readonly number[], m: number): number {
  let lo = Infinity,
    hi = -Infinity;
  for (const g of groups) {
    const x = view.group(g, m);
    if (!Number.isFinite(x)) return Number.NaN;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return groups.length < 2 ? Number.NaN : hi - lo;
}

/** Largest |a − b| + |c − d| over pairs (separation, sufficiency): a sum of two gaps is not a range. */
export function maxPairSum(view: MetricView, groups: readonly number[], m1: number, m2: number): number {
  let best = -Infinity;
  const a = groups.map((g) => view.group(g, m1));
  const b = groups.map((g) => view.group(g, m2));
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const s = Math.abs(a[i]! - a[j]!) + Math.abs(b[i]! - b[j]!);
      if (!Number.isFinite(s)) return Number.NaN;
      if (s > best) best = s;
    }
  }
  return best === -Infinity ? Number.NaN : best;
}

function mean(view: MetricView, groups: readonly number[], m: number): number {
  let s = 0;
  for (const g of groups) s += view.group(g, m);
  return groups.length ? s / groups.length : Number.NaN;
}

/** The paper's summary metrics (docs/science/problem.md#metrics) over the given groups (max over pairs when more than two). */
export const SUMMARY_GAPS = {
  independence: (v: MetricView, gs: readonly number[]) => range(v, gs, METRIC_INDEX.positiveRate),
  separation: (v: MetricView, gs: readonly number[]) => maxPairSum(v, gs, METRIC_INDEX.tpr, METRIC_INDEX.fpr),
  sufficiency: (v: MetricView, gs: readonly number[]) => maxPairSum(v, gs, METRIC_INDEX.ppv, METRIC_INDEX.npv),
  lossGap: (v: MetricView, gs: readonly number[]) => range(v, gs, METRIC_INDEX.loss),
  aucMean: (v: MetricView, gs: readonly number[]) => mean(v, gs, METRIC_INDEX.auc),
  inaccuracy: (v: MetricView) => 1 - v.overall(METRIC_INDEX.accuracy),
} as const;

function maxDevFromOverall(view: MetricView, groups: readonly number[], m: number): number {
  let worst = -Infinity;
  const all = view.overall(m);
  for (const g of groups) {
    const d = Math.abs(view.group(g, m) - all);
    if (!Number.isFinite(d)) return Number.NaN;
    if (d > worst) worst = d;
  }
  return worst === -Infinity ? Number.NaN : worst;
}

/** The exact (thresholded) quantity a training constraint bounds, as the audit measures it on held-out data. */
export function constraintStatistic(spec: ConstraintSpec): {
  formula: string;
  measure: (v: MetricView, gs: readonly number[]) => number;
} {
  const gap = (m: number) =>
    spec.topology === 'pairwise'
      ? (v: MetricView, gs: readonly number[]) => range(v, gs, m)
      : (v: MetricView, gs: readonly number[]) => maxDevFromOverall(v, gs, m);
  const pairText = spec.topology === 'pairwise' ? 'max over pairs a, b' : 'max over groups g';
  const sym = (s: string) => (spec.topology === 'pairwise' ? `|${s}_a − ${s}_b|` : `|${s}_g − ${s}_all|`);
  switch (spec.kind) {
    case 'loss-gap':
      return { formula: `${pairText} ${sym('L')} ≤ δ`, measure: gap(METRIC_INDEX.loss) };
    case 'positive-rate-gap':
      return { formula: `${pairText} ${sym('PR')} ≤ δ`, measure: gap(METRIC_INDEX.positiveRate) };
    case 'tpr-gap':
      return { formula: `${pairText} ${sym('TPR')} ≤ δ`, measure: gap(METRIC_INDEX.tpr) };
    case 'accuracy-gap':
      return { formula: `${pairText} ${sym('Acc')} ≤ δ`, measure: gap(METRIC_INDEX.accuracy) };
    case 'equalized-odds': {
      const tpr = gap(METRIC_INDEX.tpr);
      const fpr = gap(METRIC_INDEX.fpr);
      return {
        formula: `${pairText} max(${sym('TPR')}, ${sym('FPR')}) ≤ δ`,
        measure: (v, gs) => Math.max(tpr(v, gs), fpr(v, gs)),
      };
    }
    case 'worst-group-loss':
      return {
        formula: 'max over groups g L_g ≤ δ',
        measure: (v, gs) => {
          let worst = -Infinity;
          for (const g of gs) worst = Math.max(worst, v.group(g, METRIC_INDEX.loss));
          return worst === -Infinity ? Number.NaN : worst;
        },
      };
  }
}
