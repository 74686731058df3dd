/**
 * ROC AUC of every group and of all rows together from one ascending sort of float32 scores, in O(n + groups): an LSD
 * radix sort of the scores' order-preserving 32-bit keys carrying each row's group and label (so the sweep reads
 * memory in order), then one sweep over blocks of tied scores that credits each positive with the negatives of its
 * group scored below it, ties ½ (Mann–Whitney). It counts exactly the pairs aucOfSorted counts, as sums of halves
 * (exact in doubles), so the values are the same. Null when a score is NaN (no order: callers use aucOfSorted then).
 * `payload[i]` is row i's group × 2 + its 0/1 label (built by the caller's pass over the rows).
 */
export function aucsByGroup(
  scores: Float32Array,
  payload: Uint32Array,
  groupCount: number,
): { overall: number | null; perGroup: (number | null)[] } | null {
  const n = scores.length;
  const sorted = sortByScore(scores, payload);
  if (!sorted) return null;
  const { keys, values } = sorted;
  const positives = new Float64Array(groupCount);
  const negatives = new Float64Array(groupCount);
  const pairs = new Float64Array(groupCount);
  let allNegatives = 0;
  let allPositives = 0;
  let allPairs = 0;
  for (let start = 0; start < n;) {
    const key = keys[start]!;
    let end = start + 1;
    while (end < n && keys[end] === key) end++;
    if (end === start + 1) {
      // A score of its own (the usual case with continuous scores).
      const v = values[start]!;
      const g = v >>> 1;
      if (v & 1) {
        pairs[g]! += negatives[g]!;
        positives[g]!++;
        allPairs += allNegatives;
        allPositives++;
      } else {
        negatives[g]!++;
        allNegatives++;
      }
    } else {
      // Tied scores: each positive gets the negatives below plus half of those tied with it, within its group.
      let blockPos = 0;
      let blockNeg = 0;
      for (let k = start; k < end; k++) {
        const v = values[k]!;
        if (v & 1) blockPos++;
        else blockNeg++;
      }
      allPairs += blockPos * (allNegatives + blockNeg / 2);
      allNegatives += blockNeg;
      allPositives += blockPos;
      tiedBlock(values, start, end, positives, negatives, pairs);
    }
    start = end;
  }
  const auc = (pairSum: number, p: number, q: number) => (p > 0 && q > 0 ? pairSum / (p * q) : null);
  return {
    overall: auc(allPairs, allPositives, allNegatives),
    perGroup: Array.from({ length: groupCount }, (_, g) => auc(pairs[g]!, positives[g]!, negatives[g]!)),
  };
}

/** Credits one block of tied scores group by group (the block's rows are in values[start..end)). */
function tiedBlock(
  values: Uint32Array,
  start: number,
  end: number,
  positives: Float64Array,
  negatives: Float64Array,
  pairs: Float64Array,
): void {
  const blockPositives = new Map<number, number>();
  const blockNegatives = new Map<number, number>();
  for (let k = start; k < end; k++) {
    const v = values[k]!;
    const counts = v & 1 ? blockPositives : blockNegatives;
    counts.set(v >>> 1, (counts.get(v >>> 1) ?? 0) + 1);
  }
  for (const g of new Set([...blockPositives.keys(), ...blockNegatives.keys()])) {
    const p = blockPositives.get(g) ?? 0;
    const q = blockNegatives.get(g) ?? 0;
    pairs[g]! += p * (negatives[g]! + q / 2);
    negatives[g]! += q;
    positives[g]! += p;
  }
}

const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;
const MASK = DIGITS - 1;

/**
 * The scores' order-preserving keys (sign bit flipped for non-negatives, every bit for negatives; −0 as +0) in
 * ascending order with their payloads, by three 11-bit LSD radix passes; null when a score is NaN.
 */
export function sortByScore(
  scores: Float32Array,
  payload: Uint32Array,
): { keys: Uint32Array; values: Uint32Array } | null {
  const n = scores.length;
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);
  let keys = new Uint32Array(n);
  const counts = [new Uint32Array(DIGITS), new Uint32Array(DIGITS), new Uint32Array(DIGITS)];
  const [c0, c1, c2] = counts as [Uint32Array, Uint32Array, Uint32Array];
  for (let i = 0; i < n; i++) {
    let b = bits[i]!;
    if ((b & 0x7fffffff) > 0x7f800000) return null;
    if (b === 0x80000000) b = 0;
    const key = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[i] = key;
    c0[key & MASK]!++;
    c1[(key >>> DIGIT_BITS) & MASK]!++;
    c2[key >>> (2 * DIGIT_BITS)]!++;
  }
  for (const c of counts) {
    let at = 0;
    for (let d = 0; d < DIGITS; d++) {
      const k = c[d]!;
      c[d] = at;
      at += k;
    }
  }
  // The caller's payload is read, never written: the passes alternate between two arrays of their own.
  let values: Uint32Array = payload;
  let nextKeys = new Uint32Array(n);
  let nextValues: Uint32Array = new Uint32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    const c = counts[pass]!;
    const shift = pass * DIGIT_BITS;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const to = c[(key >>> shift) & MASK]!++;
      nextKeys[to] = key;
      nextValues[to] = values[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [values, nextValues] = [nextValues, values === payload ? new Uint32Array(n) : values];
  }
  return { keys, values };
}
