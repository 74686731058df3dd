import os from 'node:os';
import { FairboundError } from '../../../shared/errors.js';
import type { ColumnPlan } from './preprocess.js';

/**
 * A prepared task holds every row in typed arrays (docs/benchmarks/scale.md, "Bigger than memory"). Before they are
 * allocated, their size is checked against a memory budget and JavaScript's typed-array limit; a task over them is
 * streamed (its features read in blocks), and one too large even for that is refused with the numbers instead of
 * swapping the machine or failing with a bare RangeError.
 */

/** Longest typed array Node allows (elements): a split's feature matrix is one array of rows × features. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32 - 1;

/** Default budget for the prepared arrays: half the physical memory (the rest is for DuckDB, evaluation and the OS). */
export function defaultMemoryBudget(): number {
  return Math.floor(os.totalmem() / 2);
}

/**
 * The fewest bytes a row of raw columns can take: 4 each (a float32 number, an int32 category code); a number moves to
 * float64 (8) only if one of its values is not exactly a float32, which is known once read.
 */
export function minimumRawBytesPerRow(columns: number): number {
  return 4 * columns;
}

/**
 * The narrowest the encoded features can be before levels are fitted: a number or code is one column, a one-hot
 * column may have no level at all; missing indicators add one each.
 */
export function minimumWidth(plans: ColumnPlan[]): number {
  return plans.reduce((sum, p) => sum + (p.encoding === 'onehot' ? 0 : 1) + (p.missing === 'indicator' ? 1 : 0), 0);
}

export interface PreparedSize {
  rows: number;
  /** Rows of the largest split (its feature matrix is the longest array). */
  largestSplitRows: number;
  width: number;
  rawBytesPerRow: number;
}

/**
 * Bytes of a prepared task at its peak, while the raw columns and the encoded splits coexist: per row the raw columns,
 * row id, label and group as read (9 bytes), its split (1) and split index (4), and in its split the float32 features,
 * float32 label, group and row id (4·width + 12).
 */
export function preparedBytes(size: PreparedSize): number {
  return size.rows * (size.rawBytesPerRow + 9 + 1 + 4 + 4 * size.width + 12);
}

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MB`;
  return `${Math.ceil(bytes / 2 ** 10)} KB`;
}

/** Whether the in-memory task fits the budget and the typed-array limit (else it is streamed, if allowed). */
export function fitsInMemory(size: PreparedSize, budgetBytes: number): boolean {
  return size.largestSplitRows * size.width <= MAX_TYPED_ARRAY_LENGTH && preparedBytes(size) <= budgetBytes;
}

/**
 * Bytes a row of a streamed task takes at its peak (main/core/data/streamed-features.ts): as read, its row id, label and
 * group (9), split (1) and split index (4); in its split the float32 label, group and row id (12); while the
 * preprocessing is fitted, one raw column (at most 8).
 */
export const STREAMED_BYTES_PER_ROW = 9 + 1 + 4 + 12 + 8;

/** Row ids are int32: a streamed task is limited by memory and by 2^31 − 1 rows. */
export function checkStreamedSize(rows: number, budgetBytes: number): void {
  const needed = rows * STREAMED_BYTES_PER_ROW;
  if (rows > 2 ** 31 - 1 || needed > budgetBytes) {
    throw new FairboundError(
      'dataset-unsupported',
      `The task is too large for this computer's memory even when its features are streamed: ${rows.toLocaleString('en')} rows need about ${formatBytes(needed)} for their labels, groups and row ids, over the memory budget of ${formatBytes(budgetBytes)}. Train on a sample of the rows.`,
      { rows, neededBytes: needed, budgetBytes },
    );
  }
}

/** Throws a specific `dataset-unsupported` error when the prepared task would not fit; `stage` says what is known. */
export function checkPreparedSize(size: PreparedSize, budgetBytes: number, stage: 'before reading' | 'encoded'): void {
  const rows = size.rows.toLocaleString('en');
  const advice =
    'Train on a sample of the rows, or encode wide categories with fewer levels (data.preprocessing.maxLevels) or as "code".';
  const widthText = `${stage === 'encoded' ? '' : 'at least '}${size.width} encoded feature${size.width === 1 ? '' : 's'}`;
  if (size.largestSplitRows * size.width > MAX_TYPED_ARRAY_LENGTH) {
    throw new FairboundError(
      'dataset-unsupported',
      `The task is too large to train: ${size.largestSplitRows.toLocaleString('en')} rows × ${widthText} exceed the ${MAX_TYPED_ARRAY_LENGTH.toLocaleString('en')} values one split's feature array can hold. ${advice}`,
      { rows: size.rows, width: size.width, limit: MAX_TYPED_ARRAY_LENGTH },
    );
  }
  const needed = preparedBytes(size);
  if (needed > budgetBytes) {
    throw new FairboundError(
      'dataset-unsupported',
      `The task is too large for this computer's memory: ${rows} rows × ${widthText} need about ${formatBytes(needed)} while prepared, over the memory budget of ${formatBytes(budgetBytes)}. ${advice}`,
      { rows: size.rows, width: size.width, neededBytes: needed, budgetBytes },
    );
  }
}
