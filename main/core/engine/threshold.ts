import type { ThresholdRuleSpec } from '../../../shared/config/task-config.js';

/**
 * The decision threshold of a run (positive when p ≥ threshold): the config's fixed value, or chosen on one split's
 * predicted probabilities by a named rule. Rules that pick a cut point return the midpoint between two neighbouring
 * distinct scores, so the chosen share is exact on that split and ties never straddle the threshold.
 */
export function chooseThreshold(
  rule: ThresholdRuleSpec,
  fixed: number,
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  rows: number,
): number {
  if (rule.rule === 'fixed' || rows === 0) return fixed;
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]!);
  if (rule.rule === 'max-balanced-accuracy') return maxBalancedAccuracy(order, probs, labels);
  let positives = 0;
  for (let i = 0; i < rows; i++) positives += labels[i]!;
  const share = rule.rule === 'match-base-rate' ? positives / rows : rule.rate;
  return cutAfter(order, probs, Math.round(share * rows));
}

/** Threshold that predicts (about) the top `k` rows of `order` positive: midpoint below the k-th score. */
function cutAfter(order: number[], probs: ArrayLike<number>, k: number): number {
  if (k <= 0) return nextUp(probs[order[0]!]!);
  if (k >= order.length) return probs[order[order.length - 1]!]!;
  return midpoint(probs[order[k - 1]!]!, probs[order[k]!]!);
}

/** Scans cut points in descending score order: (TPR + TNR) / 2 is maximal at one of them. */
function maxBalancedAccuracy(order: number[], probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let positives = 0;
  for (const i of order) positives += labels[i]!;
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return cutAfter(order, probs, positives);
  let tp = 0;
  let fp = 0;
  let best = 0.5; // predicting nobody positive: TPR 0, TNR 1
  let bestK = 0;
  for (let k = 1; k <= order.length; k++) {
    const row = order[k - 1]!;
    if (labels[row]! > 0.5) tp++;
    else fp++;
    // Only cut between distinct scores: rows with equal probability share one decision.
    if (k < order.length && probs[order[k]!]! === probs[row]!) continue;
    const balanced = (tp / positives + (negatives - fp) / negatives) / 2;
    if (balanced > best) {
      best = balanced;
      bestK = k;
    }
  }
  return cutAfter(order, probs, bestK);
}

function midpoint(above: number, below: number): number {
  return above === below ? above : (above + below) / 2;
}

/** A threshold just above p, so that nobody with probability p is predicted positive. */
function nextUp(p: number): number {
  return Math.min(1, p + Math.max(1e-7, p * 1e-6));
}
