import {
  AUDIT_METRIC_KEYS,
  type AuditMetricKey,
  type Disparity,
  type Estimate,
  type GroupRow,
  type GroupTable,
  RATE_METRIC_KEYS,
} from '../../../shared/audit.js';
import { estimate, type Evaluation, type Estimate as RawEstimate, type MetricView } from './bootstrap.js';
import { STATS_WIDTH } from './group-stats.js';
import type { Grouping } from './groupings.js';
import { isUnknownPart } from './groupings.js';
import {
  countsFromStats,
  exactBoundaryInterval,
  METRIC_COUNT,
  METRIC_INDEX,
  rateDenominator,
  undefinedReason,
} from './metrics.js';

export const FOUR_FIFTHS = 0.8;
/** Groups under this share of a split are not used as the impact-ratio denominator (LL144 allows excluding them). */
export const MIN_SHARE = 0.02;

export interface TableOptions {
  title: string;
  kind: GroupTable['kind'];
  confidence: number;
  minSize: number;
  /** Reference group name; default the largest known group. */
  reference?: string;
}

export function toEstimate(raw: RawEstimate, reason?: string | null): Estimate {
  const out: Estimate = { value: raw.value, lo: raw.lo, hi: raw.hi };
  if (raw.value === null && reason) out.reason = reason;
  return out;
}

/** A share observed as exactly 0 or 1 gets its exact interval in place of the bootstrap's zero-width one. */
function atBoundary(raw: RawEstimate, rows: number | null, confidence: number): RawEstimate {
  if (rows === null || rows <= 0 || raw.lo === null || (raw.value !== 0 && raw.value !== 1)) return raw;
  const { lo, hi } = exactBoundaryInterval(raw.value, rows, confidence);
  return { ...raw, lo, hi };
}

/** One disaggregated table (marginal or intersection): every group, none hidden, with disparities and intervals. */
export function buildGroupTable(ev: Evaluation, grouping: Grouping, opts: TableOptions): GroupTable {
  const G = grouping.groups.length;
  const total = ev.overallStats[0]!;
  const counts = grouping.groups.map((_, g) => countsFromStats(ev.stats, g * STATS_WIDTH));
  const unknown = grouping.groups.map((g) => g.parts.some(isUnknownPart) || isUnknownPart(g.name));
  const present = grouping.groups.map((_, g) => counts[g]!.n > 0);
  const known = grouping.groups.map((_, g) => g).filter((g) => !unknown[g] && present[g]);

  let ref = opts.reference === undefined ? -1 : grouping.groups.findIndex((g) => g.name === opts.reference);
  if (ref < 0) {
    const pool = known.length ? known : grouping.groups.map((_, g) => g);
    ref = pool.reduce((best, g) => (counts[g]!.n > counts[best]!.n ? g : best), pool[0] ?? 0);
  }
  // The impact-ratio denominator: highest selection rate among known groups large enough to estimate it
  // (at least minSize rows and 2 % of the split, the LL144 exclusion threshold).
  const eligible = known.filter((g) => counts[g]!.n >= opts.minSize && counts[g]!.n >= MIN_SHARE * total);
  const pr = METRIC_INDEX.positiveRate;
  let top = -1;
  for (const g of eligible)
    if (top < 0 || ev.point[g * METRIC_COUNT + pr]! > ev.point[top * METRIC_COUNT + pr]!) top = g;

  const est = (f: (v: MetricView) => number) => estimate(ev, opts.confidence, f);
  const rows: GroupRow[] = [];
  for (let g = 0; g < G; g++) {
    const c = counts[g]!;
    const metric = (k: AuditMetricKey) =>
      toEstimate(
        atBoundary(
          est((v) => v.group(g, METRIC_INDEX[k])),
          rateDenominator(k, c),
          opts.confidence,
        ),
        undefinedReason(k, c),
      );
    const metrics = Object.fromEntries(AUDIT_METRIC_KEYS.map((k) => [k, metric(k)])) as Record<
      AuditMetricKey,
      Estimate
    >;
    const disparity = (other: (v: MetricView, m: number) => number, k: AuditMetricKey): Disparity => {
      const m = METRIC_INDEX[k];
      return {
        diff: toEstimate(est((v) => v.group(g, m) - other(v, m))),
        ratio: (RATE_METRIC_KEYS as readonly AuditMetricKey[]).includes(k)
          ? toEstimate(est((v) => v.group(g, m) / other(v, m)))
          : null,
      };
    };
    const vsReference = Object.fromEntries(
      AUDIT_METRIC_KEYS.map((k) => [k, disparity((v, m) => v.group(ref, m), k)]),
    ) as Record<AuditMetricKey, Disparity>;
    const vsOverall = Object.fromEntries(
      AUDIT_METRIC_KEYS.map((k) => [k, disparity((v, m) => v.overall(m), k)]),
    ) as Record<AuditMetricKey, Disparity>;
    const impactRatio =
      top < 0
        ? {
            value: null,
            lo: null,
            hi: null,
            reason: `no known group of at least ${opts.minSize} rows and 2 % of the data`,
          }
        : toEstimate(
            est((v) => v.group(g, pr) / v.group(top, pr)),
            c.n === 0 ? 'no rows' : 'highest selection rate is 0',
          );
    rows.push({
      name: grouping.groups[g]!.name,
      parts: grouping.groups[g]!.parts,
      n: c.n,
      share: total > 0 ? c.n / total : 0,
      positives: c.positives,
      predictedPositives: c.predictedPositives,
      small: c.n < opts.minSize,
      unknown: unknown[g]!,
      metrics,
      vsReference,
      vsOverall,
      impactRatio,
      fourFifths: impactRatio.value === null || unknown[g] ? 'n/a' : impactRatio.value < FOUR_FIFTHS ? 'fail' : 'pass',
    });
  }
  return {
    kind: opts.kind,
    title: opts.title,
    attributes: grouping.attributes,
    reference: grouping.groups[ref]?.name ?? '',
    highestSelection: top < 0 ? null : grouping.groups[top]!.name,
    rows,
  };
}
