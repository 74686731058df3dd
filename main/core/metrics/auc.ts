/**
 * ROC AUC by the rank-sum (Mann–Whitney) formula, ties counted half. Null when a class is missing,
 * since AUC is undefined then.
 *
 * O(n log n) on typed arrays: the positives' and the negatives' scores are sorted separately (native numeric sort,
 * no comparator) and merged once, counting for each negative the positives scored above it (ties ½).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i]! > 0.5) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i]! > 0.5) pos[p++] = scores[i]!;
    else neg[q++] = scores[i]!;
  }
  return aucOfSorted(pos.sort(), neg.sort());
}

/** AUC from the ascending-sorted scores of the positives and of the negatives (both non-empty). */
export function aucOfSorted(pos: Float64Array, neg: Float64Array): number {
  let below = 0; // positives scored below the current negative
  let atOrBelow = 0; // … at or below it
  let pairs = 0;
  for (let j = 0; j < neg.length; j++) {
    const s = neg[j]!;
    while (below < pos.length && pos[below]! < s) below++;
    if (atOrBelow < below) atOrBelow = below;
    while (atOrBelow < pos.length && pos[atOrBelow]! <= s) atOrBelow++;
    pairs += pos.length - atOrBelow + (atOrBelow - below) / 2;
  }
  return pairs / (pos.length * neg.length);
}
