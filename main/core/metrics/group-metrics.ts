import type { GroupEvaluation } from '../../../shared/config/results.js';
import { aucOfSorted } from './auc.js';
import { aucsByGroup } from './auc-by-group.js';

/** Exact (thresholded) per-group metrics on a set of rows, plus the rates the summary metrics need. */
export interface GroupMetrics extends GroupEvaluation {
  ppv: number | null;
  npv: number | null;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Mean BCE of a probability against a 0/1 label, with probabilities clipped away from 0 and 1 as torch does (log ≥ −100). */
export function bce(p: number, y: number): number {
  const logP = Math.max(Math.log(p), -100);
  const log1mP = Math.max(Math.log(1 - p), -100);
  return -(y * logP + (1 - y) * log1mP);
}

/**
 * bce for a 0/1 label with one logarithm where p is a probability (the other term is then 0 × a finite number, so the
 * value is bce's exactly); anything else (NaN, out of range) goes through bce.
 */
export function bceOfClass(p: number, y: 0 | 1): number {
  if (!(p >= 0 && p <= 1)) return bce(p, y);
  return y ? -Math.max(Math.log(p), -100) : -Math.max(Math.log(1 - p), -100);
}

/** Confusion counts and loss sum of one group: the sufficient statistics of every thresholded metric. */
interface Tally {
  n: number;
  positives: number;
  tp: number;
  fp: number;
  loss: number;
}

function fromTally(t: Tally, auc: number | null): GroupMetrics {
  const { n, positives, tp, fp } = t;
  const fn = positives - tp;
  const tn = n - positives - fp;
  return {
    n,
    positives,
    loss: n > 0 ? t.loss / n : null,
    baseRate: ratio(positives, n),
    positiveRate: ratio(tp + fp, n),
    tpr: ratio(tp, tp + fn),
    fpr: ratio(fp, fp + tn),
    accuracy: ratio(tp + tn, n),
    auc,
    ppv: ratio(tp, tp + fp),
    npv: ratio(tn, tn + fn),
  };
}

/**
 * The metrics of every group and of all rows together with no per-row index arrays: one pass tallies the groups; the
 * AUCs come from one radix-sorted order for float32 scores (aucsByGroup, O(n)), else in O(n + Σ n_g log n_g) from a
 * counting sort that buckets each group's scores by class, each bucket sorted natively.
 */
export function groupMetricsByGroup(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  groups: ArrayLike<number>,
  groupCount: number,
  threshold: number,
): { overall: GroupMetrics; perGroup: GroupMetrics[] } {
  const n = probs.length;
  const tallies: Tally[] = Array.from({ length: groupCount }, () => ({ n: 0, positives: 0, tp: 0, fp: 0, loss: 0 }));
  const all: Tally = { n, positives: 0, tp: 0, fp: 0, loss: 0 };
  for (let i = 0; i < n; i++) {
    const t = tallies[groups[i]!]!;
    const y = labels[i]! > 0.5 ? 1 : 0;
    const p = probs[i]!;
    const loss = bceOfClass(p, y);
    t.n++;
    t.positives += y;
    t.loss += loss;
    all.loss += loss;
    all.positives += y;
    if (p >= threshold) {
      if (y) t.tp++;
      else t.fp++;
    }
  }
  for (const t of tallies) {
    all.tp += t.tp;
    all.fp += t.fp;
  }
  // Float32 scores (the model's): one radix-sorted order serves every group and the overall AUC.
  const aucs = probs instanceof Float32Array ? aucsByGroup(probs, labels, groups, groupCount) : null;
  if (aucs)
    return { overall: fromTally(all, aucs.overall), perGroup: tallies.map((t, g) => fromTally(t, aucs.perGroup[g]!)) };
  // Bucket offsets: group g's positives at posStart[g] of pos, its negatives at negStart[g] of neg.
  const posStart = new Int32Array(groupCount + 1);
  const negStart = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) {
    posStart[g + 1] = posStart[g]! + tallies[g]!.positives;
    negStart[g + 1] = negStart[g]! + tallies[g]!.n - tallies[g]!.positives;
  }
  const pos = new Float64Array(all.positives);
  const neg = new Float64Array(n - all.positives);
  const posAt = posStart.slice(0, groupCount);
  const negAt = negStart.slice(0, groupCount);
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    if (labels[i]! > 0.5) pos[posAt[g]!++] = probs[i]!;
    else neg[negAt[g]!++] = probs[i]!;
  }
  const perGroup = tallies.map((t, g) => {
    const gp = pos.subarray(posStart[g]!, posStart[g + 1]!).sort();
    const gn = neg.subarray(negStart[g]!, negStart[g + 1]!).sort();
    return fromTally(t, gp.length && gn.length ? aucOfSorted(gp, gn) : null);
  });
  const overall = fromTally(all, pos.length && neg.length ? aucOfSorted(pos.sort(), neg.sort()) : null);
  return { overall, perGroup };
}
