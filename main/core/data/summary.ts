import type { DuckDBConnection } from '@duckdb/node-api';
import { FairboundError } from '../../../shared/errors.js';
import type { ColumnKind, ColumnSummary } from '../../../shared/ipc/channels/datasets.js';
import { isPersonalData } from '../../../shared/personal-data.js';
import { queryObjects } from './duckdb.js';
import { canonicalSql, ident, isNumericType } from './sql.js';

export function columnKind(type: string): ColumnKind {
  if (isNumericType(type)) return 'numeric';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'VARCHAR') return 'text';
  if (/^(DATE|TIME|TIMESTAMP)/.test(type)) return 'temporal';
  return 'other';
}

const TOP_VALUES = 10;

/**
 * The most columns a dataset may have (docs/cli.md, "Limits"). Above it the file is refused before it is parsed:
 * no model here can use tens of thousands of inputs, and the column summary's cost grows with the column count.
 */
export const MAX_COLUMNS = 16_384;

/** The fewest columns a long-form query must fit; a longer table is summarised column by column instead. */
const COLUMN_CHUNK = 256;

/** A table this short is summarised over its long form: at most this many cells and columns per pair of queries. */
const LONG_FORM_CELLS = 1_000_000;
const LONG_FORM_COLUMNS = 1_024;

/** Refuses a file with more than MAX_COLUMNS columns, naming both numbers. */
export function checkColumnCount(count: number, file: string): void {
  if (count > MAX_COLUMNS) {
    throw new FairboundError(
      'dataset-unsupported',
      `${file} has ${count.toLocaleString('en')} columns; Fairbound reads at most ${MAX_COLUMNS.toLocaleString('en')}. Select the columns you need first.`,
      { file, columns: count, limit: MAX_COLUMNS },
    );
  }
}

interface TopValues {
  /** Distinct non-missing values (text compared trimmed, as the app compares values). */
  distinct: number;
  top: { value: string; count: number }[];
}

/** What the summary collects of one column. */
interface ColumnStats extends TopValues {
  present: number;
  lo: unknown;
  hi: unknown;
  mean: unknown;
}

/**
 * Statistics of many same-typed columns of a short table at once, over its long form (column index, value): two
 * queries whatever the column count, where one expression per column would cost ~1 ms each just to plan.
 */
async function longFormStats(
  conn: DuckDBConnection,
  table: string,
  type: string,
  columns: { name: string; index: number }[],
): Promise<Map<number, ColumnStats>> {
  const kind = columnKind(type);
  const long = `(SELECT ${columns.map((c) => `${ident(c.name)} AS "${c.index}"`).join(', ')} FROM ${table})`;
  const range =
    kind === 'numeric'
      ? ', min(v)::DOUBLE AS lo, max(v)::DOUBLE AS hi, avg(v::DOUBLE) AS mu'
      : kind === 'temporal'
        ? ', min(v)::VARCHAR AS lo, max(v)::VARCHAR AS hi, NULL AS mu'
        : ', NULL AS lo, NULL AS hi, NULL AS mu';
  // Every column gets an entry: an empty table has no long form at all.
  const out = new Map<number, ColumnStats>(
    columns.map((c) => [c.index, { present: 0, lo: null, hi: null, mean: null, distinct: 0, top: [] }]),
  );
  const stats = await queryObjects(
    conn,
    `SELECT k, count(v) AS p${range} FROM ${long} UNPIVOT INCLUDE NULLS (v FOR k IN (COLUMNS(*))) GROUP BY k`,
  );
  for (const row of stats)
    out.set(Number(row['k']), {
      present: Number(row['p']),
      lo: row['lo'],
      hi: row['hi'],
      mean: row['mu'],
      distinct: 0,
      top: [],
    });
  const tops = await queryObjects(
    conn,
    `WITH counted AS (SELECT k, ${canonicalSql('v', type)} AS v, count(*) AS c FROM ${long} UNPIVOT (v FOR k IN (COLUMNS(*))) GROUP BY ALL), ` +
      `ranked AS (SELECT k, v, c, count(*) OVER (PARTITION BY k) AS d, row_number() OVER (PARTITION BY k ORDER BY c DESC, v) AS r FROM counted WHERE v IS NOT NULL) ` +
      `SELECT k, v, c, d FROM ranked WHERE r <= ${TOP_VALUES} ORDER BY k, r`,
  );
  for (const row of tops) {
    const entry = out.get(Number(row['k']))!;
    entry.distinct = Number(row['d']);
    entry.top.push({ value: String(row['v']), count: Number(row['c']) });
  }
  return out;
}

/**
 * Statistics of one column of a long table from one scan: a GROUP BY on the plain column (grouping numbers as numbers
 * is several times faster than grouping their text), from which the counts, range and mean are summed and the exact
 * distinct count and top values taken; only the ten winners are turned into text.
 */
async function columnStats(conn: DuckDBConnection, table: string, name: string, type: string): Promise<ColumnStats> {
  const c = ident(name);
  const kind = columnKind(type);
  // Text is compared trimmed (canonical), so its values are grouped once more by their canonical form.
  const key = kind === 'text' ? canonicalSql(name, type) : c;
  const range =
    kind === 'numeric'
      ? `min(${c})::DOUBLE AS lo, max(${c})::DOUBLE AS hi, sum(${c}::DOUBLE * n) / sum(n) FILTER (${c} IS NOT NULL) AS mu`
      : kind === 'temporal'
        ? `min(${c})::VARCHAR AS lo, max(${c})::VARCHAR AS hi, NULL AS mu`
        : 'NULL AS lo, NULL AS hi, NULL AS mu';
  // Ties are broken by the value's text, as in the long form.
  const rows = await queryObjects(
    conn,
    `WITH counted AS MATERIALIZED (SELECT ${c}, count(*) AS n FROM ${table} GROUP BY ALL), ` +
      `keyed AS (SELECT ${key} AS "v", sum(n) AS c FROM counted WHERE ${key} IS NOT NULL GROUP BY 1), ` +
      `top AS (SELECT ${canonicalSql('v', type)} AS v, c, count(*) OVER () AS d FROM keyed ORDER BY c DESC, 1 LIMIT ${TOP_VALUES}), ` +
      `totals AS (SELECT coalesce(sum(n) FILTER (${c} IS NOT NULL), 0) AS p, ${range} FROM counted) ` +
      `SELECT totals.*, top.v, top.c, top.d FROM totals LEFT JOIN top ON true ORDER BY top.c DESC, top.v`,
  );
  const first = rows[0] ?? {};
  const top = rows.filter((t) => t['c'] !== null).map((t) => ({ value: String(t['v']), count: Number(t['c']) }));
  return {
    present: Number(first['p'] ?? 0),
    lo: first['lo'] ?? null,
    hi: first['hi'] ?? null,
    mean: first['mu'] ?? null,
    distinct: Number(first['d'] ?? 0),
    top,
  };
}

/**
 * Per-column statistics of a table expression, computed in DuckDB: a short table over its long form, a long one with
 * one GROUP BY per column (columnStats). Every figure is exact.
 */
export async function summariseColumns(
  conn: DuckDBConnection,
  table: string,
  columns: { name: string; type: string }[],
  /** Cells per long-form query; 0 summarises column by column whatever the table's length (tests compare both). */
  longFormCells = LONG_FORM_CELLS,
): Promise<{ rows: number; columns: ColumnSummary[] }> {
  const rows = Number((await queryObjects(conn, `SELECT count(*) AS n FROM ${table}`))[0]?.['n'] ?? 0);
  const indexed = columns.map((c, index) => ({ ...c, index }));
  const stats = new Map<number, ColumnStats>();
  // A short table is summarised over its long form, as many columns at a time as LONG_FORM_CELLS allows.
  const longChunk = Math.min(LONG_FORM_COLUMNS, Math.floor(longFormCells / Math.max(1, rows)));
  const chunkSize = longChunk >= COLUMN_CHUNK ? longChunk : COLUMN_CHUNK;
  for (let start = 0; start < indexed.length; start += chunkSize) {
    const chunk = indexed.slice(start, start + chunkSize);
    if (longChunk >= COLUMN_CHUNK) {
      const byType = new Map<string, typeof chunk>();
      for (const c of chunk) byType.set(c.type, [...(byType.get(c.type) ?? []), c]);
      for (const [type, same] of byType)
        for (const [i, s] of await longFormStats(conn, table, type, same)) stats.set(i, s);
    } else {
      for (const c of chunk) stats.set(c.index, await columnStats(conn, table, c.name, c.type));
    }
  }
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? v : null);
  const out = indexed.map(({ name, type, index }): ColumnSummary => {
    const s = stats.get(index)!;
    const personal = isPersonalData(name, s.distinct);
    const kind = columnKind(type);
    const integerLike = kind === 'text' || /INT/.test(type);
    return {
      name,
      type,
      kind,
      distinct: s.distinct,
      missing: rows - s.present,
      missingShare: rows ? (rows - s.present) / rows : 0,
      min: personal ? null : num(s.lo),
      max: personal ? null : num(s.hi),
      mean: typeof s.mean === 'number' ? s.mean : null,
      top: personal ? [] : s.top,
      idLike: integerLike && s.present > 50 && s.distinct >= 0.95 * s.present,
      personal,
    };
  });
  return { rows, columns: out };
}
