import type { LabelledGroups } from '../../../../main/core/baselines/parity.js';

export interface GroupRates {
  n: number;
  positives: number;
  selectionRate: number | null;
  tpr: number | null;
  fpr: number | null;
}

/** A difference between two groups' rates with its binomial standard error (normal approximation). */
export interface RateDifference {
  value: number;
  se: number;
  groups: [number, number];
}

export interface ParityEvaluation {
  n: number;
  /** Expected accuracy over the predictor's randomisation. */
  accuracy: number;
  selectionRate: number;
  groups: GroupRates[];
  /** max − min selection rate over the compared groups (Fairlearn's demographic_parity_difference). */
  demographicParity: RateDifference | null;
  /** The larger of the TPR and FPR differences (Fairlearn's equalized_odds_difference). */
  equalizedOdds: RateDifference | null;
}

function widest(rates: { g: number; rate: number | null; n: number }[]): RateDifference | null {
  const defined = rates.filter((r): r is { g: number; rate: number; n: number } => r.rate !== null && r.n > 0);
  if (defined.length < 2) return null;
  const low = defined.reduce((a, b) => (b.rate < a.rate ? b : a));
  const high = defined.reduce((a, b) => (b.rate > a.rate ? b : a));
  const variance = (r: { rate: number; n: number }) => (r.rate * (1 - r.rate)) / r.n;
  return { value: high.rate - low.rate, se: Math.sqrt(variance(low) + variance(high)), groups: [low.g, high.g] };
}

/**
 * Expected rates of a (possibly randomised) predictor from each row's probability of a positive decision: the known
 * answers the baselines' unit tests compare with. Groups for which `compared` is false are left out of the differences.
 */
export function evaluateDecisions(
  positive: ArrayLike<number>,
  rows: LabelledGroups,
  groupCount: number,
  compared: (group: number) => boolean = () => true,
): ParityEvaluation {
  const n = rows.labels.length;
  const size = new Float64Array(groupCount);
  const pos = new Float64Array(groupCount);
  const selected = new Float64Array(groupCount);
  const selectedPos = new Float64Array(groupCount);
  let correct = 0;
  let totalSelected = 0;
  for (let i = 0; i < n; i++) {
    const g = rows.groups[i]!;
    const p = positive[i]!;
    const y = rows.labels[i] === 1;
    size[g]!++;
    selected[g]! += p;
    totalSelected += p;
    if (y) {
      pos[g]!++;
      selectedPos[g]! += p;
    }
    correct += y ? p : 1 - p;
  }
  const groups: GroupRates[] = Array.from({ length: groupCount }, (_, g) => {
    const negatives = size[g]! - pos[g]!;
    return {
      n: size[g]!,
      positives: pos[g]!,
      selectionRate: size[g]! ? selected[g]! / size[g]! : null,
      tpr: pos[g]! ? selectedPos[g]! / pos[g]! : null,
      fpr: negatives ? (selected[g]! - selectedPos[g]!) / negatives : null,
    };
  });
  const ids = groups.map((_, g) => g).filter(compared);
  const dp = widest(ids.map((g) => ({ g, rate: groups[g]!.selectionRate, n: groups[g]!.n })));
  const tpr = widest(ids.map((g) => ({ g, rate: groups[g]!.tpr, n: groups[g]!.positives })));
  const fpr = widest(ids.map((g) => ({ g, rate: groups[g]!.fpr, n: groups[g]!.n - groups[g]!.positives })));
  const eo = tpr && fpr ? (tpr.value >= fpr.value ? tpr : fpr) : (tpr ?? fpr);
  return {
    n,
    accuracy: n ? correct / n : 0,
    selectionRate: n ? totalSelected / n : 0,
    groups,
    demographicParity: dp,
    equalizedOdds: eo,
  };
}
