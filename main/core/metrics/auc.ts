/**
 * ROC AUC by the rank-sum (Mann–Whitney) formula, ties counted half. Null when a class is missing,
 * since AUC is undefined then.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, rows?: ArrayLike<number>): number | null {
  const idx = rows ? Array.from(rows) : Array.from({ length: scores.length }, (_, i) => i);
  let positives = 0;
  for (const i of idx) if (labels[i]! > 0.5) positives++;
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) return null;
  idx.sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  for (let start = 0; start < idx.length; ) {
    let end = start + 1;
    while (end < idx.length && scores[idx[end]!] === scores[idx[start]!]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (labels[idx[k]!]! > 0.5) rankSum += averageRank;
    start = end;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
