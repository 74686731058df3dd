import type { GroupEvaluation } from '../../../shared/config/results.js';
import { aucOfSorted } from './auc.js';
import { aucsByGroup } from './auc-by-group.js';
import { emptyCounts, type GroupCounts } from './group-counts.js';
import { histogramBin, normalisedHistograms, WASSERSTEIN_BINS } from './wasserstein.js';

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

function fromCounts(c: GroupCounts, g: number, auc: number | null): GroupMetrics {
  return metricsOf(c.n[g]!, c.positives[g]!, c.truePositives[g]!, c.falsePositives[g]!, c.lossSum[g]!, auc);
}

function metricsOf(n: number, positives: number, tp: number, fp: number, lossSum: number, auc: number | null) {
  const fn = positives - tp;
  const tn = n - positives - fp;
  return {
    n,
    positives,
    loss: n > 0 ? lossSum / n : null,
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

/** Everything one pass over a split's rows yields: the metrics, the bounds' sufficient statistics, the histograms. */
export interface SplitTally {
  overall: GroupMetrics;
  perGroup: GroupMetrics[];
  /** Per-group confusion counts and loss moments (what the constraint bounds need). */
  counts: GroupCounts;
  /** Per-group normalised histograms of the probabilities (WASSERSTEIN_BINS bins) for the Wasserstein distance. */
  histograms: Float64Array[];
}

/**
 * The metrics of every group and of all rows together with no per-row index arrays: one typed-array pass over the rows
 * tallies each group's confusion counts, loss moments and score histogram, and, for float32 scores (the model's), the
 * radix-sort payload; the AUCs then come from one radix-sorted order (aucsByGroup, O(n)), else in
 * O(n + Σ n_g log n_g) from a counting sort that buckets each group's scores by class, each bucket sorted natively.
 */
export function groupMetricsByGroup(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  groups: ArrayLike<number>,
  groupCount: number,
  threshold: number,
): SplitTally {
  const n = probs.length;
  const counts = emptyCounts(groupCount);
  const { n: sizes, positives, truePositives, falsePositives, lossSum, lossSumSq } = counts;
  const bins = WASSERSTEIN_BINS;
  const histogramCounts = new Float64Array(groupCount * bins);
  // Float32 scores: each row's group × 2 + label, carried through the radix sort.
  const payload = probs instanceof Float32Array ? new Uint32Array(n) : null;
  let allLoss = 0;
  let allPositives = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    const y = labels[i]! > 0.5 ? 1 : 0;
    const p = probs[i]!;
    const loss = bceOfClass(p, y);
    sizes[g]!++;
    positives[g]! += y;
    lossSum[g]! += loss;
    lossSumSq[g]! += loss * loss;
    allLoss += loss;
    allPositives += y;
    if (p >= threshold) {
      if (y) truePositives[g]!++;
      else falsePositives[g]!++;
    }
    histogramCounts[g * bins + histogramBin(p, bins)]! += 1;
    if (payload) payload[i] = g * 2 + y;
  }
  let allTp = 0;
  let allFp = 0;
  for (let g = 0; g < groupCount; g++) {
    allTp += truePositives[g]!;
    allFp += falsePositives[g]!;
    counts.predicted[g] = truePositives[g]! + falsePositives[g]!;
    counts.correct[g] = truePositives[g]! + sizes[g]! - positives[g]! - falsePositives[g]!;
  }
  const histograms = normalisedHistograms(histogramCounts, sizes, bins);
  const overallOf = (auc: number | null) => metricsOf(n, allPositives, allTp, allFp, allLoss, auc);
  // Float32 scores (the model's): one radix-sorted order serves every group and the overall AUC.
  const aucs = payload ? aucsByGroup(probs as Float32Array, payload, groupCount) : null;
  if (aucs)
    return {
      overall: overallOf(aucs.overall),
      perGroup: Array.from({ length: groupCount }, (_, g) => fromCounts(counts, g, aucs.perGroup[g]!)),
      counts,
      histograms,
    };
  // Bucket offsets: group g's positives at posStart[g] of pos, its negatives at negStart[g] of neg.
  const posStart = new Int32Array(groupCount + 1);
  const negStart = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) {
    posStart[g + 1] = posStart[g]! + positives[g]!;
    negStart[g + 1] = negStart[g]! + sizes[g]! - positives[g]!;
  }
  const pos = new Float64Array(allPositives);
  const neg = new Float64Array(n - allPositives);
  const posAt = posStart.slice(0, groupCount);
  const negAt = negStart.slice(0, groupCount);
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    if (labels[i]! > 0.5) pos[posAt[g]!++] = probs[i]!;
    else neg[negAt[g]!++] = probs[i]!;
  }
  const perGroup = Array.from({ length: groupCount }, (_, g) => {
    const gp = pos.subarray(posStart[g]!, posStart[g + 1]!).sort();
    const gn = neg.subarray(negStart[g]!, negStart[g + 1]!).sort();
    return fromCounts(counts, g, gp.length && gn.length ? aucOfSorted(gp, gn) : null);
  });
  const overall = overallOf(pos.length && neg.length ? aucOfSorted(pos.sort(), neg.sort()) : null);
  return { overall, perGroup, counts, histograms };
}
