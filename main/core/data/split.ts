import { mulberry32 } from '../../../shared/random.js';

/**
 * Deterministic stratified train/validation/test split.
 *
 * Sizes follow sklearn's train_test_split (test = ceil(test·n)) and its "approximate mode" allocation, applied
 * first across subgroups and then across labels within each subgroup: the paper's OK split (stratified on the race
 * group) gives 14,333 / 3,584 rows with 10,680 / 2,670 White, and labels are balanced within each group too.
 * Which rows go where is a seeded shuffle per stratum, in source-row order, so (data, config) fix the split.
 */

export const SPLIT_TRAIN = 0;
export const SPLIT_VALIDATION = 1;
export const SPLIT_TEST = 2;

export interface SplitInput {
  /** Group id per row. */
  groups: Int32Array;
  /** 0/1 per row. */
  labels: Uint8Array;
  test: number;
  validation: number;
  seed: number;
  stratify: boolean;
}

/**
 * Splits `total` draws across classes in proportion to their sizes: floors first, then the remaining draws to the
 * largest fractional parts (ties to the larger class, then the earlier one).
 */
export function approximateMode(sizes: number[], total: number): number[] {
  const n = sizes.reduce((s, x) => s + x, 0);
  if (n === 0) return sizes.map(() => 0);
  const exact = sizes.map((s) => (s * total) / n);
  const out = exact.map((x) => Math.floor(x));
  let left = total - out.reduce((s, x) => s + x, 0);
  const order = sizes
    .map((_, i) => i)
    .sort((a, b) => exact[b]! - out[b]! - (exact[a]! - out[a]!) || sizes[b]! - sizes[a]! || a - b);
  for (const i of order) {
    if (left <= 0) break;
    if (out[i]! < sizes[i]!) {
      out[i]!++;
      left--;
    }
  }
  return out;
}

/** Split id per row: SPLIT_TRAIN, SPLIT_VALIDATION or SPLIT_TEST. */
export function splitRows(input: SplitInput): Uint8Array {
  const n = input.groups.length;
  const nTest = Math.ceil(input.test * n);
  const nVal = Math.ceil(input.validation * n);
  // Strata: group, then label within group; without stratification one stratum holds every row. Their rows are laid
  // out stratum after stratum, each in source order, in one Int32Array (a counting sort): 4 bytes a row, where a JS
  // array per stratum took 8 and more on the heap (and V8 aborts the process when one grows past about 2^27).
  const counts = new Map<number, [number, number]>();
  for (let i = 0; i < n; i++) {
    const g = input.stratify ? input.groups[i]! : 0;
    const l = input.stratify ? input.labels[i]! : 0;
    let c = counts.get(g);
    if (!c) counts.set(g, (c = [0, 0]));
    c[l]!++;
  }
  const groupIds = [...counts.keys()].sort((a, b) => a - b);
  const stratumSizes = groupIds.flatMap((g) => counts.get(g)!);
  const sizes = groupIds.map((g) => counts.get(g)![0] + counts.get(g)![1]);
  const starts = new Array<number>(stratumSizes.length + 1).fill(0);
  stratumSizes.forEach((size, k) => (starts[k + 1] = starts[k]! + size));
  const firstStratum = new Map(groupIds.map((g, gi) => [g, 2 * gi]));
  const next = starts.slice(0, -1);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = input.stratify ? input.groups[i]! : 0;
    const l = input.stratify ? input.labels[i]! : 0;
    rows[next[firstStratum.get(g)! + l]!++] = i;
  }
  // Per group first (the paper's stratification), then across the two labels within each group.
  const allocate = (perGroup: number[], available: number[]) =>
    groupIds.flatMap((_, gi) => approximateMode([available[2 * gi]!, available[2 * gi + 1]!], perGroup[gi]!));
  const testPerStratum = allocate(approximateMode(sizes, nTest), stratumSizes);
  const restStrata = stratumSizes.map((s, k) => s - testPerStratum[k]!);
  const restSizes = groupIds.map((_, gi) => restStrata[2 * gi]! + restStrata[2 * gi + 1]!);
  const valPerStratum = allocate(approximateMode(restSizes, nVal), restStrata);

  const out = new Uint8Array(n).fill(SPLIT_TRAIN);
  const random = mulberry32(input.seed);
  stratumSizes.forEach((_, k) => {
    const stratum = rows.subarray(starts[k]!, starts[k + 1]!);
    // Fisher–Yates on the stratum's rows (already in source order).
    for (let i = stratum.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swap = stratum[i]!;
      stratum[i] = stratum[j]!;
      stratum[j] = swap;
    }
    const t = testPerStratum[k]!;
    const v = valPerStratum[k]!;
    for (let i = 0; i < t; i++) out[stratum[i]!] = SPLIT_TEST;
    for (let i = t; i < t + v; i++) out[stratum[i]!] = SPLIT_VALIDATION;
  });
  return out;
}
