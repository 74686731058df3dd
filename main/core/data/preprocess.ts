import { z } from 'zod';
import type { MissingPolicy } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import { canonicalKey } from './sql.js';

/**
 * The fitted preprocessing: everything needed to turn raw rows into the model's feature vector, fitted on the
 * training split only, JSON-serialisable (saved beside every model) and applied identically at train, evaluation
 * and export.
 */
const missingSchema = z.enum(['drop-row', 'impute', 'indicator']);

const numericColumnSchema = z.object({
  name: z.string(),
  kind: z.literal('numeric'),
  missing: missingSchema,
  /** Training mean, also the imputed value. */
  mean: z.number(),
  /** Training standard deviation (population, as sklearn's StandardScaler); 1 when constant. */
  scale: z.number(),
});
const onehotColumnSchema = z.object({
  name: z.string(),
  kind: z.literal('onehot'),
  missing: missingSchema,
  /** Kept levels, most frequent first; anything else (unseen levels included) goes to "other" when `other`. */
  levels: z.array(z.string()),
  other: z.boolean(),
  /** Most frequent training level: what a missing value becomes under "impute"/"drop-row". */
  mode: z.string(),
});
const codeColumnSchema = z.object({
  name: z.string(),
  kind: z.literal('code'),
  missing: missingSchema,
  /** Text codes in sorted order; a code's number is its index (unseen codes: -1). */
  levels: z.array(z.string()),
  mean: z.number(),
  scale: z.number(),
});
export const fittedColumnSchema = z.discriminatedUnion('kind', [
  numericColumnSchema,
  onehotColumnSchema,
  codeColumnSchema,
]);
export type FittedColumn = z.infer<typeof fittedColumnSchema>;

export const fittedPreprocessingSchema = z.object({
  version: z.literal(1),
  columns: z.array(fittedColumnSchema),
  featureNames: z.array(z.string()),
});
export type FittedPreprocessing = z.infer<typeof fittedPreprocessingSchema>;

export const OTHER_LEVEL = 'other';
export const MISSING_LEVEL = '(missing)';

/**
 * Raw values of one column: numbers (NaN = missing) for numeric ones, as float32 when every value is exactly one
 * (a prepared table's whole numbers, codes, ages), else float64; canonical text (null = missing) otherwise, either
 * one string per row (a few rows to predict) or, for a prepared table, dictionary codes into `levels` (-1 = missing),
 * so that millions of rows cost 4 bytes each instead of a string apiece on the JS heap.
 */
export type RawColumn =
  | { kind: 'number'; values: Float64Array | Float32Array }
  | { kind: 'text'; values: (string | null)[] }
  | { kind: 'codes'; codes: Int32Array; levels: string[] };

/** The canonical text of row `r` of a column under a category encoding (null = missing). */
export function textAt(raw: RawColumn, r: number): string | null {
  if (raw.kind === 'text') return raw.values[r] ?? null;
  if (raw.kind === 'codes') {
    const code = raw.codes[r]!;
    return code < 0 ? null : raw.levels[code]!;
  }
  return Number.isNaN(raw.values[r]!) ? null : canonicalKey(String(raw.values[r]));
}

export function rowCount(raw: RawColumn): number {
  return raw.kind === 'codes' ? raw.codes.length : raw.values.length;
}

/** How often each value occurs in `rows` (missing left out); for codes one counting pass, no string per row. */
function frequencies(raw: RawColumn, rows: Int32Array): Map<string, number> {
  const freq = new Map<string, number>();
  if (raw.kind === 'codes') {
    const counts = new Float64Array(raw.levels.length);
    for (let i = 0; i < rows.length; i++) {
      const code = raw.codes[rows[i]!]!;
      if (code >= 0) counts[code]!++;
    }
    raw.levels.forEach((v, code) => {
      if (counts[code]! > 0) freq.set(v, counts[code]!);
    });
    return freq;
  }
  for (const r of rows) {
    const v = textAt(raw, r);
    if (v !== null) freq.set(v, (freq.get(v) ?? 0) + 1);
  }
  return freq;
}

/**
 * Row `r`'s position under `index` (value → position), via a per-code lookup table for codes: -1 for a value the index
 * lacks, null for a missing one.
 */
function positionOf(raw: RawColumn, index: Map<string, number>): (r: number) => number | null {
  if (raw.kind === 'codes') {
    const table = Int32Array.from(raw.levels, (v) => index.get(v) ?? -1);
    return (r) => {
      const code = raw.codes[r]!;
      return code < 0 ? null : table[code]!;
    };
  }
  return (r) => {
    const v = textAt(raw, r);
    return v === null ? null : (index.get(v) ?? -1);
  };
}

export interface ColumnPlan {
  name: string;
  encoding: 'numeric' | 'onehot' | 'code';
  missing: MissingPolicy;
}

function meanScale(values: ArrayLike<number>): { mean: number; scale: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  }
  const sd = n ? Math.sqrt(ss / n) : 0;
  return { mean, scale: sd > 0 ? sd : 1 };
}

/** Fits one column on the training rows (`rows` indexes into the raw column). */
export function fitColumn(plan: ColumnPlan, raw: RawColumn, rows: Int32Array, maxLevels: number): FittedColumn {
  if (plan.encoding === 'numeric') {
    if (raw.kind !== 'number')
      throw new FairboundError(
        'invalid-config',
        `Column ${plan.name} holds text; it cannot be standardised as a number.`,
        { column: plan.name },
      );
    const train = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) train[i] = raw.values[rows[i]!]!;
    return { name: plan.name, kind: 'numeric', missing: plan.missing, ...meanScale(train) };
  }
  const freq = frequencies(raw, rows);
  const byFrequency = [...freq.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([v]) => v);
  if (plan.encoding === 'onehot') {
    const other = byFrequency.length > maxLevels;
    return {
      name: plan.name,
      kind: 'onehot',
      missing: plan.missing,
      levels: other ? byFrequency.slice(0, maxLevels - 1) : byFrequency,
      other,
      mode: byFrequency[0] ?? '',
    };
  }
  const levels = [...byFrequency].sort();
  const position = positionOf(raw, new Map(levels.map((v, i) => [v, i])));
  const codes = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    codes[i] = position(r) ?? Number.NaN;
  });
  return { name: plan.name, kind: 'code', missing: plan.missing, levels, ...meanScale(codes) };
}

export function featureNamesOf(columns: FittedColumn[]): string[] {
  return columns.flatMap((c) => {
    const names =
      c.kind === 'onehot'
        ? [
            ...c.levels.map((l) => `${c.name}=${l}`),
            ...(c.other ? [`${c.name}=${OTHER_LEVEL}`] : []),
            ...(c.missing === 'indicator' ? [`${c.name}=${MISSING_LEVEL}`] : []),
          ]
        : [c.name, ...(c.missing === 'indicator' ? [`${c.name}__missing`] : [])];
    return names;
  });
}

export function widthOf(c: FittedColumn): number {
  if (c.kind === 'onehot') return c.levels.length + (c.other ? 1 : 0) + (c.missing === 'indicator' ? 1 : 0);
  return 1 + (c.missing === 'indicator' ? 1 : 0);
}

/**
 * Writes the encoded features of `rows` (indexes into the raw columns) into a row-major Float32Array.
 * Missing values under "drop-row" only reach here for new rows at prediction time; they are imputed.
 */
export function encode(
  fitted: FittedPreprocessing,
  raw: Map<string, RawColumn>,
  rows: ArrayLike<number>,
): Float32Array {
  const width = fitted.featureNames.length;
  const out = new Float32Array(rows.length * width);
  let offset = 0;
  for (const c of fitted.columns) {
    const col = raw.get(c.name);
    if (!col)
      throw new FairboundError('invalid-payload', `Column ${c.name} is missing from the rows to encode.`, {
        column: c.name,
      });
    if (c.kind === 'numeric') {
      if (col.kind !== 'number')
        throw new FairboundError('invalid-payload', `Column ${c.name} must hold numbers.`, { column: c.name });
      for (let i = 0; i < rows.length; i++) {
        const v = col.values[rows[i]!]!;
        const missing = Number.isNaN(v);
        out[i * width + offset] = missing ? 0 : (v - c.mean) / c.scale;
        if (c.missing === 'indicator') out[i * width + offset + 1] = missing ? 1 : 0;
      }
    } else if (c.kind === 'code') {
      const position = positionOf(col, new Map(c.levels.map((v, i) => [v, i])));
      for (let i = 0; i < rows.length; i++) {
        const code = position(rows[i]!);
        out[i * width + offset] = code === null ? 0 : (code - c.mean) / c.scale;
        if (c.missing === 'indicator') out[i * width + offset + 1] = code === null ? 1 : 0;
      }
    } else {
      const index = new Map(c.levels.map((v, i) => [v, i]));
      const position = positionOf(col, index);
      const otherAt = c.other ? c.levels.length : -1;
      const missingAt = c.missing === 'indicator' ? c.levels.length + (c.other ? 1 : 0) : -1;
      const modeAt = index.get(c.mode) ?? otherAt;
      for (let i = 0; i < rows.length; i++) {
        const p = position(rows[i]!);
        const at = p === null ? (missingAt >= 0 ? missingAt : modeAt) : p >= 0 ? p : otherAt;
        if (at >= 0) out[i * width + offset + at] = 1;
      }
    }
    offset += widthOf(c);
  }
  return out;
}

/** Turns plain row objects (a prediction request, an export) into raw columns; numbers and booleans coerce as in ingestion. */
export function rowsToColumns(fitted: FittedPreprocessing, rows: Record<string, unknown>[]): Map<string, RawColumn> {
  const out = new Map<string, RawColumn>();
  for (const c of fitted.columns) {
    if (c.kind === 'numeric') {
      const values = new Float64Array(rows.length);
      rows.forEach((row, i) => (values[i] = toNumber(row[c.name])));
      out.set(c.name, { kind: 'number', values });
    } else {
      out.set(c.name, { kind: 'text', values: rows.map((row) => toText(row[c.name])) });
    }
  }
  return out;
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^true$/i.test(t)) return 1;
    if (/^false$/i.test(t)) return 0;
    return t === '' ? Number.NaN : Number(t);
  }
  return Number.NaN;
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  const t = canonicalKey(String(v));
  return t === '' ? null : t;
}

/**
 * Applies fitted preprocessing (PreparedTask.preprocessing) to new rows, e.g. for predictions and export.
 * Returns rows × featureNames.length, row-major, exactly as the model was trained on.
 */
export function applyPreprocessing(
  fitted: unknown,
  rows: Record<string, unknown>[],
): { features: Float32Array; featureNames: string[]; rows: number } {
  const parsed = fittedPreprocessingSchema.safeParse(fitted);
  if (!parsed.success)
    throw new FairboundError('invalid-payload', 'The saved preprocessing is not valid; prepare the task again.');
  const spec = parsed.data;
  const index = Int32Array.from(rows.keys());
  return {
    features: encode(spec, rowsToColumns(spec, rows), index),
    featureNames: spec.featureNames,
    rows: rows.length,
  };
}
