/**
 * Sufficient statistics per group, accumulated in one pass over rows sorted by (group, score desc).
 * Every metric of the audit is a function of these sums (the bootstrap computes the same sums from cells of rows,
 * see bootstrap.ts): no per-row objects, one Float64Array per evaluation.
 */

export const CALIBRATION_BINS = 10;

/** Layout of one group's statistics vector. */
export const S = {
  n: 0,
  positives: 1,
  predictedPositives: 2,
  truePositives: 3,
  falsePositives: 4,
  lossSum: 5,
  /** Σ over (positive, negative) pairs ordered correctly, ties counted ½: AUC = this / (P·N). */
  aucPairs: 6,
  /** Then CALIBRATION_BINS triples: count, Σ probability, Σ label. */
  bins: 7,
} as const;
export const STATS_WIDTH = S.bins + 3 * CALIBRATION_BINS;

/** Probabilities are clipped before the log so a confident mistake costs a large, finite loss. */
const EPS = 1e-7;

/** One split's rows, in a layout the passes can reuse for every threshold and resample. */
export interface SortedRows {
  groupCount: number;
  /** Row indices sorted by group, then probability descending. */
  order: Int32Array;
  /** order[offsets[g] .. offsets[g+1]) are the rows of group g. */
  offsets: Int32Array;
  probs: Float32Array;
  labels: Float32Array;
  /** Per-row loss (binary cross-entropy of the probability). */
  loss: Float64Array;
  bin: Uint8Array;
}

/**
 * Row indices ordered by probability, highest first, in O(n): an LSD radix sort (three 11-bit passes) of the float32
 * bit patterns, mapped so that unsigned order is numeric order (negative values flipped, positive ones sign-set).
 */
export function argsortDescending(probs: Float32Array): Int32Array {
  const n = probs.length;
  const bits = new Uint32Array(probs.buffer, probs.byteOffset, n);
  let keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const b = bits[i]!;
    // Descending numeric order = ascending order of the complement of the order-preserving key.
    keys[i] = ~(b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
  }
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let nextKeys = new Uint32Array(n);
  let nextOrder = new Int32Array(n);
  const counts = new Int32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 2047]!++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      const at = counts[(k >>> shift) & 2047]!++;
      nextKeys[at] = k;
      nextOrder[at] = order[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}

/** What every grouping of one split shares: the order by score, and each row's loss and calibration bin. */
export interface SplitRows {
  byScore: Int32Array;
  loss: Float64Array;
  bin: Uint8Array;
}

export function splitRows(probs: Float32Array, labels: Float32Array): SplitRows {
  const rows = probs.length;
  if (labels.length !== rows) throw new Error(`audit: ${rows} probabilities but ${labels.length} labels`);
  const loss = new Float64Array(rows);
  const bin = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probs[i]!));
    loss[i] = labels[i]! >= 0.5 ? -Math.log(p) : -Math.log(1 - p);
    bin[i] = calibrationBin(probs[i]!);
  }
  return { byScore: argsortDescending(probs), loss, bin };
}

/**
 * Buckets the rows by group, each group's rows by probability descending. `shared` (splitRows of the same arrays) can
 * serve every grouping of a split: the buckets are filled in score order, so no per-group sort is needed.
 */
export function sortRows(
  probs: Float32Array,
  labels: Float32Array,
  groups: Int32Array,
  groupCount: number,
  shared?: SplitRows,
): SortedRows {
  const rows = probs.length;
  if (labels.length !== rows || groups.length !== rows) {
    throw new Error(`audit: ${rows} probabilities but ${labels.length} labels and ${groups.length} group ids`);
  }
  const counts = new Int32Array(groupCount + 1);
  for (let i = 0; i < rows; i++) {
    const g = groups[i]!;
    if (g < 0 || g >= groupCount) throw new Error(`audit: row ${i} has group id ${g}, outside 0..${groupCount - 1}`);
    counts[g + 1]!++;
  }
  const offsets = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) offsets[g + 1] = offsets[g]! + counts[g + 1]!;
  const cursor = offsets.slice(0, groupCount);
  const order = new Int32Array(rows);
  const { byScore, loss, bin } = shared ?? splitRows(probs, labels);
  for (let k = 0; k < rows; k++) {
    const i = byScore[k]!;
    order[cursor[groups[i]!]!++] = i;
  }
  return { groupCount, order, offsets, probs, labels, loss, bin };
}

export function calibrationBin(p: number): number {
  return Math.min(CALIBRATION_BINS - 1, Math.floor(p * CALIBRATION_BINS));
}

/**
 * Fills out[g * STATS_WIDTH + k] for every group (the exact point statistics; the bootstrap works on cells).
 * A row is predicted positive when its probability is at or above the threshold.
 */
export function accumulate(rows: SortedRows, threshold: number, out: Float64Array): void {
  out.fill(0);
  const { order, offsets, probs, labels, loss, bin } = rows;
  // Probabilities are float32: compare against the float32 threshold so 0.7 stored is "at" a threshold of 0.7.
  const t = Math.fround(threshold);
  for (let g = 0; g < rows.groupCount; g++) {
    const base = g * STATS_WIDTH;
    let n = 0,
      pos = 0,
      predPos = 0,
      tp = 0,
      fp = 0,
      lossSum = 0,
      pairs = 0;
    // Tie block bookkeeping for AUC: rows with equal probability share ranks.
    let posAbove = 0,
      blockPos = 0,
      blockNeg = 0;
    let blockP = Number.NaN;
    const end = offsets[g + 1]!;
    for (let k = offsets[g]!; k < end; k++) {
      const r = order[k]!;
      const p = probs[r]!;
      if (p !== blockP) {
        pairs += blockNeg * (posAbove + blockPos / 2);
        posAbove += blockPos;
        blockPos = 0;
        blockNeg = 0;
        blockP = p;
      }
      const y = labels[r]! >= 0.5;
      const predicted = p >= t;
      n++;
      lossSum += loss[r]!;
      if (y) {
        pos++;
        blockPos++;
      } else blockNeg++;
      if (predicted) {
        predPos++;
        if (y) tp++;
        else fp++;
      }
      const b = base + S.bins + 3 * bin[r]!;
      out[b] = out[b]! + 1;
      out[b + 1] = out[b + 1]! + p;
      out[b + 2] = out[b + 2]! + (y ? 1 : 0);
    }
    pairs += blockNeg * (posAbove + blockPos / 2);
    out[base + S.n] = n;
    out[base + S.positives] = pos;
    out[base + S.predictedPositives] = predPos;
    out[base + S.truePositives] = tp;
    out[base + S.falsePositives] = fp;
    out[base + S.lossSum] = lossSum;
    out[base + S.aucPairs] = pairs;
  }
}
