import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { GroupsSpec } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import { cachePaths, ownCacheEntry } from '../data/cache.js';
import { cancelled, withConnection } from '../data/duckdb.js';
import { attributeSql, groupName } from '../data/groups.js';
import { importIntoCache } from '../data/import.js';
import type { FittedColumn, FittedPreprocessing, RawColumn } from '../data/preprocess.js';
import { canonicalSql, ident, isNumericType } from '../data/sql.js';
import { columnKind } from '../data/summary.js';
import { ROW_COLUMN, openCachedTable, type TableColumn } from '../data/table.js';
import { namedTable } from '../data/column-names.js';

/** A block of consecutive input rows, as raw columns the saved preprocessing encodes (preprocess.ts `encode`). */
export interface RawChunk {
  /** Index of the chunk's first row in the file (0-based, data rows only). */
  start: number;
  rows: number;
  /** Data rows in the whole file. */
  totalRows: number;
  columns: Map<string, RawColumn>;
  /** Group name per row, or null when the file lacks a protected attribute column. */
  groups: string[] | null;
}

export interface RawRowsOptions {
  signal?: AbortSignal | undefined;
  /** The task's groups: when every protected column is present, each row's group is read too. */
  groups?: GroupsSpec | undefined;
  /** The task's data.columnNames: a scored file without a header row is read under them, as training read its file. */
  columnNames?: string[] | undefined;
}

/**
 * The SQL for one fitted column's raw value, exactly as training read it (prepare.ts `rawSql`): numbers as DOUBLE
 * (numeric codes too), categories as canonical text.
 */
function rawValueSql(c: FittedColumn, column: TableColumn): { sql: string; numeric: boolean } {
  if (c.kind === 'code' && isNumericType(column.type)) return { sql: `${ident(column.name)}::DOUBLE`, numeric: true };
  if (c.kind === 'numeric') {
    const kind = columnKind(column.type);
    if (kind === 'text' || kind === 'other') {
      throw new FairboundError(
        'dataset-malformed',
        `Column ${column.name} holds text (${column.type}) but the model was trained on it as a number.`,
        {
          column: column.name,
          type: column.type,
        },
      );
    }
    return {
      sql: kind === 'temporal' ? `epoch(${ident(column.name)})::DOUBLE` : `${ident(column.name)}::DOUBLE`,
      numeric: true,
    };
  }
  return { sql: canonicalSql(column.name, column.type), numeric: false };
}

/** Fitted columns the file does not have, named together (a model needs every one of them). */
function checkColumns(preprocessing: FittedPreprocessing, columns: TableColumn[], file: string): void {
  const have = new Set(columns.map((c) => c.name));
  const missing = preprocessing.columns.map((c) => c.name).filter((name) => !have.has(name));
  if (missing.length) {
    throw new FairboundError(
      'dataset-malformed',
      `${path.basename(file)} lacks ${missing.length === 1 ? 'the column' : `${missing.length} columns`} the model needs: ${missing.join(', ')} ` +
        `(it has: ${columns.map((c) => c.name).join(', ')}).`,
      { file, missing },
    );
  }
}

/**
 * Streams a CSV/TSV/Parquet file (read by the same import as training: dialect, "?"-style missing values, header
 * names) chunk by chunk, in file order, so a file of any size is scored in bounded memory.
 */
export async function streamRawRows(
  file: string,
  preprocessing: FittedPreprocessing,
  onChunk: (chunk: RawChunk) => Promise<void>,
  opts: RawRowsOptions = {},
): Promise<{ rows: number; groupNote: string | null }> {
  const own = await ownCacheEntry(file);
  const tempDir = own ? null : await mkdtemp(path.join(os.tmpdir(), 'fairbound-score-'));
  try {
    const cacheDir = own?.cacheDir ?? tempDir!;
    const meta = own?.meta ?? (await importIntoCache(cacheDir, file, { signal: opts.signal }));
    if (opts.signal?.aborted) throw cancelled();
    return await withConnection(async (conn) => {
      const cached = await openCachedTable(conn, cachePaths(cacheDir, meta.sha256).parquet);
      const headerless = meta.summary.dialect?.header === false;
      const table = headerless ? namedTable(cached, opts.columnNames, file) : cached;
      return streamTable(conn, table.sql, table.columns, meta.summary.rows, file, preprocessing, onChunk, opts);
    });
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

async function streamTable(
  conn: DuckDBConnection,
  tableSql: string,
  columns: TableColumn[],
  totalRows: number,
  file: string,
  preprocessing: FittedPreprocessing,
  onChunk: (chunk: RawChunk) => Promise<void>,
  opts: RawRowsOptions,
): Promise<{ rows: number; groupNote: string | null }> {
  checkColumns(preprocessing, columns, file);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const values = preprocessing.columns.map((c) => rawValueSql(c, byName.get(c.name)!));
  const attributes = opts.groups?.attributes ?? [];
  const absent = attributes.filter((a) => !byName.has(a.column)).map((a) => a.column);
  const withGroups = attributes.length > 0 && absent.length === 0;
  const groupNote =
    attributes.length === 0
      ? null
      : absent.length
        ? `no group column: the file lacks the protected attribute ${absent.join(', ')}`
        : null;
  const groupSql = withGroups ? attributes.map((a) => attributeSql(a, columns)) : [];
  // No ORDER BY: DuckDB keeps a Parquet scan's order (preserve_insertion_order), and sorting would hold the whole file.
  const select = [
    ident(ROW_COLUMN),
    ...values.map((v, i) => `${v.sql} AS __f${i}`),
    ...groupSql.map((g, i) => `${g} AS __g${i}`),
  ];
  const result = await conn.stream(`SELECT ${select.join(', ')} FROM ${tableSql}`);
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    if (opts.signal?.aborted) throw cancelled();
    const cols = chunk.getColumns();
    const m = chunk.rowCount;
    const rowIds = cols[0]!;
    if (Number(rowIds[0]) !== offset || Number(rowIds[m - 1]) !== offset + m - 1) {
      throw new FairboundError(
        'internal',
        `${path.basename(file)}: rows came back out of order at row ${offset}; nothing was written for them.`,
      );
    }
    const raw = new Map<string, RawColumn>();
    preprocessing.columns.forEach((c, i) => {
      const source = cols[1 + i]!;
      // Numbers stay numbers, numeric codes included: encode() turns those into text itself, as training did.
      if (values[i]!.numeric) {
        const out = new Float64Array(m);
        for (let j = 0; j < m; j++) out[j] = source[j] === null ? Number.NaN : Number(source[j]);
        raw.set(c.name, { kind: 'number', values: out });
      } else {
        raw.set(c.name, {
          kind: 'text',
          values: Array.from({ length: m }, (_, j) => (source[j] === null ? null : String(source[j]))),
        });
      }
    });
    const groups = withGroups
      ? Array.from({ length: m }, (_, j) => groupName(groupSql.map((_, a) => String(cols[1 + values.length + a]![j]))))
      : null;
    await onChunk({ start: offset, rows: m, totalRows, columns: raw, groups });
    offset += m;
  }
  return { rows: offset, groupNote };
}
