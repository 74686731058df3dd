import path from 'node:path';
import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';
import {
  describeConfigIssues,
  taskConfigSchema,
  validationShare,
  type TaskConfig,
} from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import { cachePaths, ownCacheEntry, pruneOrphans, userCacheDir, type CacheMeta } from './cache.js';
import { cancelled, openConnection } from './duckdb.js';
import { attributeName, checkAttributes, countGroups, GroupLookup, groupName } from './groups.js';
import { importIntoCache } from './import.js';
import {
  checkPreparedSize,
  checkStreamedSize,
  defaultMemoryBudget,
  fitsInMemory,
  minimumRawBytesPerRow,
  minimumWidth,
} from './memory-budget.js';
import { checkLabel, labelSql } from './label.js';
import type { PreparedGroup, PreparedSplit, PreparedTask } from './prepared-task.js';
import {
  encode,
  featureNamesOf,
  fitColumn,
  type ColumnPlan,
  type FittedColumn,
  type FittedPreprocessing,
  type RawColumn,
} from './preprocess.js';
import { StreamedFeatures, type RawFeatureSql } from './streamed-features.js';
import { SPLIT_TEST, SPLIT_TRAIN, SPLIT_VALIDATION, splitRows } from './split.js';
import { canonicalSql, ident, isNumericType } from './sql.js';
import { columnKind } from './summary.js';
import { ROW_COLUMN, openCachedTable, type CachedTable, type TableColumn } from './table.js';
import { namedTable } from './column-names.js';

export interface PrepareOptions {
  /** config.data.path is relative to this folder (default: the working directory). */
  baseDir?: string | undefined;
  /**
   * Folder of cached parsed tables (a project's datasets/); used when it holds this file, filled when it does not.
   * Default: the user cache (userCacheDir), so a CSV is parsed once, not at every run and audit.
   */
  cacheDir?: string | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Bytes the prepared arrays may take (default: half the physical memory); a larger task is streamed, or refused with
   * `stream: false` or when even its streamed arrays would not fit (memory-budget.ts).
   */
  memoryBudgetBytes?: number | undefined;
  /**
   * Stream the feature rows from the cached Parquet instead of holding every split's feature matrix: true forces it
   * (tests, benchmarks), false refuses a task over the memory budget; default: streamed only when the in-memory task
   * would exceed the budget.
   */
  stream?: boolean | undefined;
}

/**
 * TaskConfig → PreparedTask: label, groups, drop rules, a deterministic stratified split, preprocessing fitted on
 * the training rows. The same (data, config) always gives the same split and features (the audit and CLI rely on it).
 */
export async function prepareTask(config: TaskConfig, opts: PrepareOptions = {}): Promise<PreparedTask> {
  const parsed = taskConfigSchema.safeParse(config);
  if (!parsed.success) throw new FairboundError('invalid-config', describeConfigIssues(parsed.error).join('; '));
  const task = parsed.data;
  const file = path.resolve(opts.baseDir ?? process.cwd(), task.data.path);
  const own = await ownCacheEntry(file);
  const cacheDir = own?.cacheDir ?? opts.cacheDir ?? userCacheDir();
  const meta = own?.meta ?? (await importIntoCache(cacheDir, file, { signal: opts.signal, format: task.data.format }));
  if (!own && !opts.cacheDir) await pruneOrphans(cacheDir);
  if (opts.signal?.aborted) throw cancelled();
  // A streamed task keeps its connection open to read feature blocks (closed by task.stream.close()).
  const conn = await openConnection();
  let prepared: PreparedTask | null = null;
  try {
    const cached = await openCachedTable(conn, cachePaths(cacheDir, meta.sha256).parquet);
    const table = namedTable(cached, task.data.columnNames, file);
    prepared = await prepareFromTable(conn, table, task, meta, file, opts);
    return prepared;
  } finally {
    if (!prepared?.stream) conn.closeSync();
  }
}

/** The feature columns and how each is encoded, with the config's mistakes named. */
export function planFeatures(task: TaskConfig, columns: TableColumn[]): ColumnPlan[] {
  const names = new Set(columns.map((c) => c.name));
  const check = (what: string, list: string[]) => {
    const unknown = list.filter((c) => !names.has(c));
    if (unknown.length) {
      throw new FairboundError(
        'invalid-config',
        `${what}: no column named ${unknown.map((c) => `"${c}"`).join(', ')} in the dataset.`,
        { columns: unknown },
      );
    }
  };
  const { data } = task;
  check('data.exclude', data.exclude);
  check('data.protectedAsFeatures', data.protectedAsFeatures);
  check('data.preprocessing.columns', Object.keys(data.preprocessing.columns));
  if (data.features) check('data.features', data.features);
  const protectedColumns = new Set(task.groups.attributes.map((a) => a.column));
  const excluded = new Set(data.exclude);
  const features =
    data.features ??
    columns
      .map((c) => c.name)
      .filter(
        (c) =>
          c !== data.label.column &&
          !excluded.has(c) &&
          (!protectedColumns.has(c) || data.protectedAsFeatures.includes(c)),
      );
  if (features.includes(data.label.column)) {
    throw new FairboundError(
      'invalid-config',
      `data.features: the label column ${data.label.column} cannot also be a feature.`,
    );
  }
  if (features.length === 0)
    throw new FairboundError(
      'invalid-config',
      'No feature columns are left after excluding the label, protected and excluded columns.',
    );
  return features.map((name) => {
    const type = columns.find((c) => c.name === name)!.type;
    const own = data.preprocessing.columns[name];
    const kind = columnKind(type);
    const encoding = own?.encoding ?? (kind === 'text' || kind === 'other' ? 'onehot' : 'numeric');
    return { name, encoding, missing: own?.missing ?? data.preprocessing.missing };
  });
}

/** The SQL for a feature's raw value: numbers as DOUBLE (booleans 0/1, dates as epoch seconds), categories as canonical text. */
function rawSql(plan: ColumnPlan, column: TableColumn): { sql: string; numeric: boolean } {
  const c = ident(column.name);
  const kind = columnKind(column.type);
  if (plan.encoding === 'numeric') {
    if (kind === 'text' || kind === 'other') {
      throw new FairboundError(
        'invalid-config',
        `Column ${column.name} holds text: use encoding "onehot" or "code", not "numeric".`,
        { column: column.name },
      );
    }
    if (kind === 'temporal') return { sql: `epoch(${c})::DOUBLE`, numeric: true };
    return { sql: `${c}::DOUBLE`, numeric: true };
  }
  if (plan.encoding === 'code' && isNumericType(column.type)) return { sql: `${c}::DOUBLE`, numeric: true };
  return { sql: canonicalSql(column.name, column.type), numeric: false };
}

async function prepareFromTable(
  conn: DuckDBConnection,
  table: CachedTable,
  task: TaskConfig,
  meta: CacheMeta,
  file: string,
  { signal, memoryBudgetBytes = defaultMemoryBudget(), stream }: PrepareOptions,
): Promise<PreparedTask> {
  const { columns } = table;
  const label = labelSql(task.data.label, columns);
  if (!task.groups.intersect && task.groups.attributes.length > 1) {
    throw new FairboundError(
      'group-invalid',
      'Training needs one group per row: with several protected attributes set groups.intersect to true (or constrain one attribute at a time).',
    );
  }
  const plans = planFeatures(task, columns);
  const raws = plans.map((p) =>
    rawSql(
      p,
      columns.find((c) => c.name === p.name)!,
    ),
  );

  // Rows are dropped for a missing label, then for a missing value in a "drop-row" column; the first reason counts.
  const dropRules = [{ reason: `missing label ${task.data.label.column}`, sql: `(${label}) IS NULL` }];
  plans.forEach((p, i) => {
    if (p.missing === 'drop-row') dropRules.push({ reason: `missing ${p.name}`, sql: `(${raws[i]!.sql}) IS NULL` });
  });
  const reasonSql = `CASE ${dropRules.map((r, i) => `WHEN ${r.sql} THEN ${i}`).join(' ')} ELSE -1 END`;
  const reasonRows = await conn.runAndReadAll(`SELECT ${reasonSql} AS r, count(*) AS c FROM ${table.sql} GROUP BY r`);
  const droppedReasons: Record<string, number> = {};
  let rowsRead = 0;
  for (const [r, c] of reasonRows.getRowsJS()) {
    rowsRead += Number(c);
    if (Number(r) >= 0) droppedReasons[dropRules[Number(r)]!.reason] = Number(c);
  }
  const keep = `NOT (${dropRules.map((r) => r.sql).join(' OR ')})`;
  const droppedTotal = Object.values(droppedReasons).reduce((a, b) => a + b, 0);
  if (rowsRead - droppedTotal === 0) {
    const reasons = Object.entries(droppedReasons)
      .map(([r, c]) => `${c} for ${r}`)
      .join(', ');
    throw new FairboundError('label-invalid', `No rows are left for the task: ${reasons}.`, { droppedReasons });
  }

  const counted = await countGroups(conn, table.sql, columns, task.groups, { label, where: keep });
  checkAttributes(task.groups, counted.perAttribute);
  if (signal?.aborted) throw cancelled();

  // Group ids are looked up in JS from the rows' raw attribute values (GroupLookup): building each row's group name
  // in DuckDB cost more than the rest of the read.
  const lookup = await GroupLookup.build(conn, table.sql, columns, task.groups.attributes, counted.intersections);
  const n = rowsRead - droppedTotal;
  const nTest = Math.ceil(task.split.test * n);
  const nValidation = Math.ceil(validationShare(task) * n);
  const largestSplitRows = Math.max(n - nTest - nValidation, nTest, nValidation);
  const narrowest = {
    rows: n,
    largestSplitRows,
    width: minimumWidth(plans),
    rawBytesPerRow: minimumRawBytesPerRow(plans.length),
  };
  // Streamed when forced, or when even the narrowest in-memory task would not fit (unless streaming is ruled out).
  let streamed = stream === true || (stream === undefined && !fitsInMemory(narrowest, memoryBudgetBytes));
  if (streamed) checkStreamedSize(n, memoryBudgetBytes);
  else checkPreparedSize(narrowest, memoryBudgetBytes, 'before reading');
  const inner = [
    `CAST(${ident(ROW_COLUMN)} AS INTEGER) AS __row`,
    `CAST(${label} AS INTEGER) AS __label`,
    ...lookup.keys.map((k, i) => `${k} AS __k${i}`),
    ...(streamed ? [] : raws.map((r, i) => `${r.sql} AS __f${i}`)),
  ];
  const firstFeature = 2 + lookup.keys.length;
  const sourceRows = new Int32Array(n);
  const labels = new Uint8Array(n);
  const groups = new Int32Array(n);
  const raw = new Map<string, RawColumn>();
  // Text arrives as dictionary codes (one Map lookup per row, 4 bytes kept), never as one JS string per row; numbers
  // as float32 until a value is not exactly a float32 (then the column moves to float64), so values are never rounded.
  const targets = (streamed ? [] : plans).map((p, i) => {
    const column: RawColumn = raws[i]!.numeric
      ? { kind: 'number', values: new Float32Array(n) }
      : { kind: 'codes', codes: new Int32Array(n), levels: [] };
    raw.set(p.name, column);
    return { column, dictionary: new Map<string, number>() };
  });
  // Streamed chunk by chunk straight into typed arrays: a 1.6 M-row table is never held twice. No ORDER BY: the
  // instance preserves insertion order (duckdb.ts), so rows arrive in file order without DuckDB sorting (and holding)
  // the whole result first; the loop below checks that they do.
  const result = await conn.stream(`SELECT ${inner.join(', ')} FROM ${table.sql} WHERE ${keep}`);
  const keyValues = new Array<unknown>(lookup.keys.length);
  let offset = 0;
  // Values are read straight from DuckDB's vectors (getItem), without materialising each chunk as JS arrays first.
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    if (signal?.aborted) throw cancelled();
    const m = chunk.rowCount;
    if (offset + m > n)
      throw new FairboundError(
        'internal',
        `Read more than the ${n} rows expected; the cached table changed while reading.`,
      );
    const rowIds = chunk.getColumnVector(0);
    const labelValues = chunk.getColumnVector(1);
    const keyVectors = lookup.keys.map((_, i) => chunk.getColumnVector(2 + i));
    for (let j = 0; j < m; j++) {
      const row = Number(rowIds.getItem(j));
      if (offset + j > 0 && row <= sourceRows[offset + j - 1]!)
        throw new FairboundError('internal', 'The cached table was read out of order.');
      sourceRows[offset + j] = row;
      labels[offset + j] = Number(labelValues.getItem(j));
      for (let k = 0; k < keyVectors.length; k++) keyValues[k] = keyVectors[k]!.getItem(j);
      const group = lookup.id(keyValues);
      // Every kept row was counted into a group, so a miss means the table changed under us.
      if (group < 0) throw new FairboundError('internal', `Row ${row} of the cached table matches no group.`);
      groups[offset + j] = group;
    }
    targets.forEach((target, i) => appendValues(target, chunk.getColumnVector(firstFeature + i), offset, m));
    offset += m;
  }
  if (offset !== n)
    throw new FairboundError(
      'internal',
      `Read ${offset} rows where ${n} were expected; the cached table changed while reading.`,
    );
  const positives = labels.reduce((s, v) => s + v, 0);
  checkLabel(
    {
      column: task.data.label.column,
      positives,
      negatives: n - positives,
      missing: 0,
      baseRate: n ? positives / n : 0,
    },
    task.data.label,
  );
  if (signal?.aborted) throw cancelled();

  const assignment = splitRows({
    groups,
    labels,
    test: task.split.test,
    validation: validationShare(task),
    seed: task.split.seed,
    stratify: task.split.stratify,
  });
  const indexOf = (which: number) => {
    let count = 0;
    for (let r = 0; r < n; r++) if (assignment[r] === which) count++;
    const out = new Int32Array(count);
    for (let r = 0, k = 0; r < n; r++) if (assignment[r] === which) out[k++] = r;
    return out;
  };
  const rawBytesRead = [...raw.values()].reduce(
    (sum, c) => sum + (c.kind === 'number' ? c.values.BYTES_PER_ELEMENT : Int32Array.BYTES_PER_ELEMENT),
    0,
  );
  const trainIdx = indexOf(SPLIT_TRAIN);
  const valIdx = indexOf(SPLIT_VALIDATION);
  const testIdx = indexOf(SPLIT_TEST);
  const maxLevels = task.data.preprocessing.maxLevels;
  // Streamed: each column is read alone (4 or 8 bytes a row, freed before the next) and fitted by the same fitColumn,
  // so the fitted preprocessing equals the in-memory one exactly.
  const fittedColumns: FittedColumn[] = [];
  for (const [i, p] of plans.entries()) {
    const column = streamed ? await readColumn(conn, table.sql, keep, raws[i]!, sourceRows, signal) : raw.get(p.name)!;
    fittedColumns.push(fitColumn(p, column, trainIdx, maxLevels));
  }
  const fitted: FittedPreprocessing = {
    version: 1,
    columns: fittedColumns,
    featureNames: featureNamesOf(fittedColumns),
  };
  const encodedSize = {
    rows: n,
    largestSplitRows: Math.max(trainIdx.length, valIdx.length, testIdx.length),
    width: fitted.featureNames.length,
    rawBytesPerRow: rawBytesRead,
  };
  // Wide one-hot encodings are known only now: a task that does not fit encoded is streamed unless that is ruled out.
  if (!streamed && stream === undefined && !fitsInMemory(encodedSize, memoryBudgetBytes)) {
    streamed = true;
    checkStreamedSize(n, memoryBudgetBytes);
  }
  if (!streamed) checkPreparedSize(encodedSize, memoryBudgetBytes, 'encoded');
  const build = (idx: Int32Array): PreparedSplit => ({
    rows: idx.length,
    features: streamed ? null : encode(fitted, raw, idx),
    labels: gather(new Float32Array(idx.length), labels, idx),
    groups: gather(new Int32Array(idx.length), groups, idx),
    sourceRows: gather(new Int32Array(idx.length), sourceRows, idx),
  });
  const train = build(trainIdx);
  const trainCounts = new Array<number>(counted.intersections.length).fill(0);
  for (const g of train.groups) trainCounts[g]!++;
  const preparedGroups: PreparedGroup[] = counted.intersections.map((g, i) => ({
    name: groupName(g.parts),
    parts: g.parts,
    trainCount: trainCounts[i]!,
    small: trainCounts[i]! < task.groups.minSize,
  }));
  const droppedRows = rowsRead - n;
  return {
    config: task,
    featureNames: fitted.featureNames,
    groupAttributes: task.groups.attributes.map(attributeName),
    groups: preparedGroups,
    train,
    validation: valIdx.length ? build(valIdx) : null,
    test: build(testIdx),
    ...(streamed
      ? {
          stream: new StreamedFeatures(conn, {
            tableSql: table.sql,
            columns: plans.map((p, i): RawFeatureSql => ({ name: p.name, ...raws[i]! })),
            preprocessing: fitted,
          }),
        }
      : {}),
    preprocessing: fitted,
    dataset: { path: file, sha256: meta.sha256, rowsRead, rowsUsed: n, droppedRows, droppedReasons },
  };
}

interface RawTarget {
  column: RawColumn;
  /** Text → code, for a 'codes' column. */
  dictionary: Map<string, number>;
}

/** Appends a chunk's `m` values of one feature at `offset`: numbers (float32 while exact) or dictionary codes. */
function appendValues(target: RawTarget, values: DuckDBVector, offset: number, m: number): void {
  const { column, dictionary } = target;
  if (column.kind === 'number') {
    for (let j = 0; j < m; j++) {
      const v = values.getItem(j);
      const x = v === null ? Number.NaN : Number(v);
      if (column.values instanceof Float32Array && Math.fround(x) !== x && !Number.isNaN(x))
        column.values = Float64Array.from(column.values);
      column.values[offset + j] = x;
    }
  } else if (column.kind === 'codes') {
    for (let j = 0; j < m; j++) {
      const v = values.getItem(j);
      if (v === null) {
        column.codes[offset + j] = -1;
        continue;
      }
      const text = String(v);
      let code = dictionary.get(text);
      if (code === undefined) {
        code = column.levels.push(text) - 1;
        dictionary.set(text, code);
      }
      column.codes[offset + j] = code;
    }
  }
}

/** One feature's raw values for every kept row, read alone in row order (a streamed task's fit). */
async function readColumn(
  conn: DuckDBConnection,
  tableSql: string,
  keep: string,
  raw: { sql: string; numeric: boolean },
  sourceRows: Int32Array,
  signal: AbortSignal | undefined,
): Promise<RawColumn> {
  const n = sourceRows.length;
  const target: RawTarget = {
    column: raw.numeric
      ? { kind: 'number', values: new Float32Array(n) }
      : { kind: 'codes', codes: new Int32Array(n), levels: [] },
    dictionary: new Map(),
  };
  const result = await conn.stream(`SELECT ${ident(ROW_COLUMN)}, ${raw.sql} FROM ${tableSql} WHERE ${keep}`);
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    if (signal?.aborted) throw cancelled();
    const m = chunk.rowCount;
    const ids = chunk.getColumnVector(0);
    for (let j = 0; j < m; j++)
      if (Number(ids.getItem(j)) !== sourceRows[offset + j])
        throw new FairboundError('internal', 'The cached table changed or was read out of order while preparing.');
    appendValues(target, chunk.getColumnVector(1), offset, m);
    offset += m;
  }
  if (offset !== n)
    throw new FairboundError('internal', `Read ${offset} rows where ${n} were expected; the cached table changed.`);
  return target.column;
}

/** out[k] = values[rows[k]] (a plain loop: TypedArray.from with a mapping function is ~10× slower). */
function gather<T extends Float32Array | Int32Array>(out: T, values: ArrayLike<number>, rows: Int32Array): T {
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]!]!;
  return out;
}
