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
  const tallies: BlockTallies = {
    blockPositives: new Float64Array(groupCount),
    blockNegatives: new Float64Array(groupCount),
    touched: new Int32Array(groupCount),
  };
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
      tiedBlock(values, start, end, tallies, positives, negatives, pairs);
    }
    start = end;
  }
  const auc = (pairSum: number, p: number, q: number) => (p > 0 && q > 0 ? pairSum / (p * q) : null);
  return {
    overall: auc(allPairs, allPositives, allNegatives),
    perGroup: Array.from({ length: groupCount }, (_, g) => auc(pairs[g]!, positives[g]!, negatives[g]!)),
  };
}

/**
 * Credits one block of tied scores group by group (the block's rows are in values[start..end)): each group's positives
 * and negatives in the block are tallied in `blockPositives`/`blockNegatives` (zero outside a block), then credited
 * and zeroed again in the order the groups first appear.
 */
function tiedBlock(
  values: Uint32Array,
  start: number,
  end: number,
  tallies: BlockTallies,
  positives: Float64Array,
  negatives: Float64Array,
  pairs: Float64Array,
): void {
  const { blockPositives, blockNegatives, touched } = tallies;
  let touchedCount = 0;
  for (let k = start; k < end; k++) {
    const v = values[k]!;
    const g = v >>> 1;
    if (blockPositives[g] === 0 && blockNegatives[g] === 0) touched[touchedCount++] = g;
    if (v & 1) blockPositives[g]!++;
    else blockNegatives[g]!++;
  }
  for (let t = 0; t < touchedCount; t++) {
    const g = touched[t]!;
    const p = blockPositives[g]!;
    const q = blockNegatives[g]!;
    pairs[g]! += p * (negatives[g]! + q / 2);
    negatives[g]! += q;
    positives[g]! += p;
    blockPositives[g] = 0;
    blockNegatives[g] = 0;
  }
}

/** Per-group counts of one tied block, and the groups it touched (reused for every block of a sweep). */
interface BlockTallies {
  blockPositives: Float64Array;
  blockNegatives: Float64Array;
  touched: Int32Array;
}

/**
 * The sort's working arrays, kept between calls: an evaluation sorts every split again with new scores, and fresh
 * arrays of 16 bytes a row each time cost page faults and collections. They are as large as the largest split sorted,
 * which the sort needs at its peak anyway.
 */
let scratch: Uint32Array[] = [];

function scratchArrays(n: number): [Uint32Array, Uint32Array, Uint32Array, Uint32Array] {
  if (scratch.length === 0 || scratch[0]!.length < n) scratch = [0, 1, 2, 3].map(() => new Uint32Array(n));
  return scratch.map((a) => a.subarray(0, n)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
}

/** Large inputs take two 16-bit passes (fewer scatters over memory); small ones three 11-bit passes (smaller counts). */
const WIDE_DIGITS_FROM = 1 << 16;

/**
 * The scores' order-preserving keys (sign bit flipped for non-negatives, every bit for negatives; −0 as +0) in
 * ascending order with their payloads, by an LSD radix sort (stable, so the order is the same whatever the digit
 * width); null when a score is NaN. The returned arrays are the sort's working arrays: valid until the next call.
 */
export function sortByScore(
  scores: Float32Array,
  payload: Uint32Array,
): { keys: Uint32Array; values: Uint32Array } | null {
  const n = scores.length;
  const digitBits = n >= WIDE_DIGITS_FROM ? 16 : 11;
  const digits = 1 << digitBits;
  const mask = digits - 1;
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);
  const [keyArray, nextKeyArray, valueArray, spareArray] = scratchArrays(n);
  let keys = keyArray;
  const counts =
    digitBits === 16
      ? [new Uint32Array(digits), new Uint32Array(digits)]
      : [new Uint32Array(digits), new Uint32Array(digits), new Uint32Array(digits)];
  const [c0, c1, c2] = counts as [Uint32Array, Uint32Array, Uint32Array | undefined];
  for (let i = 0; i < n; i++) {
    let b = bits[i]!;
    if ((b & 0x7fffffff) > 0x7f800000) return null;
    if (b === 0x80000000) b = 0;
    const key = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[i] = key;
    c0[key & mask]!++;
    c1[(key >>> digitBits) & mask]!++;
    if (c2) c2[key >>> (2 * digitBits)]!++;
  }
  for (const c of counts) {
    let at = 0;
    for (let d = 0; d < digits; d++) {
      const k = c[d]!;
      c[d] = at;
      at += k;
    }
  }
  // The caller's payload is read, never written: the passes alternate between two arrays of their own.
  let values: Uint32Array = payload;
  let nextKeys = nextKeyArray;
  let nextValues = valueArray;
  for (let pass = 0; pass < counts.length; pass++) {
    const c = counts[pass]!;
    const shift = pass * digitBits;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const to = c[(key >>> shift) & mask]!++;
      nextKeys[to] = key;
      nextValues[to] = values[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [values, nextValues] = [nextValues, values === payload ? spareArray : values];
  }
  return { keys, values };
}
