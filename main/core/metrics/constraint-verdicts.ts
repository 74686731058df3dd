import type { ConstraintVerdict } from '../../../shared/verdicts.js';
import { VERDICT_CONFIDENCE } from '../../../shared/verdicts.js';
import { measureBounds, nullShape, standardError, zAbove, zBelow, type GapShape } from './gap-bounds.js';
import { normalQuantile } from './normal-quantile.js';

/** What judging one constraint measure needs: its point value, tolerance and the counts behind it. */
export interface MeasureInput {
  value: number | null;
  tolerance: number;
  /** null when the measure is undefined on this split (the reason says why). */
  shape: GapShape | null;
  undefinedReason?: string;
}

export interface MeasureJudgement {
  se: number | null;
  lower: number | null;
  upper: number | null;
  verdict: ConstraintVerdict;
  reason?: string;
  minCertifiableTolerance: number | null;
}

/** z of a one-sided bound at level α / k: the k-th Holm step (k = m first, then m − 1, …, 1). */
const holmZ = (alpha: number, k: number): number => normalQuantile(1 - alpha / k);

/**
 * Holm's step-down procedure (Holm, Scand. J. Stat. 1979) on one-sided tests, as the bound at each measure's level.
 * Ordered by evidence (z) from strongest, the k-th measure is tested at α / (m − k + 1) until the first failure;
 * every later one is reported at that same level. So `claimed` ⟺ the reported bound crosses the tolerance, and the
 * chance that any claim in the family is wrong is at most α.
 */
function holm(evidence: number[], alpha: number): { claimed: boolean[]; z: number[] } {
  const m = evidence.length;
  const order = evidence.map((_, i) => i).sort((a, b) => evidence[b]! - evidence[a]!);
  const claimed = new Array<boolean>(m).fill(false);
  const z = new Array<number>(m).fill(0);
  let stopped: number | null = null;
  order.forEach((i, rank) => {
    const level = stopped ?? holmZ(alpha, m - rank);
    z[i] = level;
    if (stopped === null && evidence[i]! > level) claimed[i] = true;
    else stopped = level;
  });
  return { claimed, z };
}

/**
 * Verdicts for all constraint measures of one split, simultaneous over the split: `satisfied` when the Holm-adjusted
 * one-sided upper bound is below the tolerance, `violated` when the lower bound is above it (each family with error
 * at most 1 − VERDICT_CONFIDENCE), else `inconclusive`. Every measure of a degenerate model (trivialReason set) is
 * `trivial` unless violated: nothing it meets says it treats groups alike. minCertifiableTolerance is the Bonferroni upper bound of a true gap of 0 at these counts.
 */
export function judgeMeasures(
  inputs: MeasureInput[],
  trivialReason: string | null,
  confidence = VERDICT_CONFIDENCE,
): MeasureJudgement[] {
  const alpha = 1 - confidence;
  const tested = inputs.map((m, i) => ({ m, i })).filter(({ m }) => m.shape !== null && m.value !== null);
  const below = holm(
    tested.map(({ m }) => zBelow(m.shape!, m.tolerance)),
    alpha,
  );
  const above = holm(
    tested.map(({ m }) => zAbove(m.shape!, m.tolerance)),
    alpha,
  );
  const zAll = tested.length ? holmZ(alpha, tested.length) : 0;
  const out: MeasureJudgement[] = inputs.map((m) => ({
    se: null,
    lower: null,
    upper: null,
    verdict: 'inconclusive',
    reason: m.undefinedReason ?? 'undefined on this split',
    minCertifiableTolerance: null,
  }));
  tested.forEach(({ m, i }, t) => {
    const shape = m.shape!;
    const verdict: ConstraintVerdict = below.claimed[t] ? 'satisfied' : above.claimed[t] ? 'violated' : 'inconclusive';
    const trivial = trivialReason !== null && verdict !== 'violated';
    out[i] = {
      se: standardError(shape),
      lower: measureBounds(shape, above.z[t]!).lower,
      upper: measureBounds(shape, below.z[t]!).upper,
      verdict: trivial ? 'trivial' : verdict,
      ...(trivial ? { reason: trivialReason } : {}),
      minCertifiableTolerance: measureBounds(nullShape(shape), zAll).upper,
    };
  });
  return out;
}
