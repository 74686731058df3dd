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

/** The fewest columns a long-form query must fit; a longer table is summarised in grouped statements instead. */
const COLUMN_CHUNK = 256;

/** Materialised count cells per grouped statement (groupedChunk), 32 MB of 8-byte values at most. */
const GROUPED_CELLS = 4_000_000;
/** Columns per grouped statement at most (grouping_id's bit mask is a BIGINT; planning grows with the sets). */
const MAX_GROUPING_SETS = 32;

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
 * Statistics of several columns of a long table from one statement: a GROUP BY on each plain column (grouping
 * numbers as numbers is several times faster than grouping their text), all as grouping sets of one scan, from which
 * each column's counts, range and mean are summed and its exact distinct count and top values taken; only the ten
 * winners are turned into text. One statement instead of one per column: on a short table the per-query cost
 * (planning, a round trip to DuckDB's threads) outweighs the scan.
 */
async function groupedStats(
  conn: DuckDBConnection,
  table: string,
  columns: { name: string; type: string; index: number }[],
): Promise<Map<number, ColumnStats>> {
  const sets = columns.length;
  const x = ident('x');
  const parts = columns.map(({ name, type }, i) => {
    const kind = columnKind(type);
    // Text is compared trimmed (canonical), so its values are grouped once more by their canonical form.
    const key = kind === 'text' ? canonicalSql('x', type) : x;
    const range =
      kind === 'numeric'
        ? `min(${x})::DOUBLE AS lo, max(${x})::DOUBLE AS hi, NULL::VARCHAR AS lo_text, NULL::VARCHAR AS hi_text, sum(${x}::DOUBLE * n) / sum(n) FILTER (${x} IS NOT NULL) AS mu`
        : kind === 'temporal'
          ? `NULL::DOUBLE AS lo, NULL::DOUBLE AS hi, min(${x})::VARCHAR AS lo_text, max(${x})::VARCHAR AS hi_text, NULL::DOUBLE AS mu`
          : 'NULL::DOUBLE AS lo, NULL::DOUBLE AS hi, NULL::VARCHAR AS lo_text, NULL::VARCHAR AS hi_text, NULL::DOUBLE AS mu';
    // grouping_id sets a column's bit (the first column's the highest) in the rows of every set it is not grouped in.
    // One column is a plain GROUP BY, as before grouping sets.
    const counts =
      sets === 1
        ? `counted${i} AS MATERIALIZED (SELECT ${ident(name)} AS x, count(*) AS n FROM ${table} GROUP BY ALL)`
        : `counted${i} AS (SELECT "${i}" AS x, n FROM counted WHERE g = ${2 ** sets - 1 - 2 ** (sets - 1 - i)})`;
    // Ties are broken by the value's text, as in the long form.
    const ctes =
      `${counts}, ` +
      `keyed${i} AS (SELECT ${key} AS "v", sum(n) AS c FROM counted${i} WHERE ${key} IS NOT NULL GROUP BY 1), ` +
      `top${i} AS (SELECT ${canonicalSql('v', type)} AS v, c, count(*) OVER () AS d FROM keyed${i} ORDER BY c DESC, 1 LIMIT ${TOP_VALUES}), ` +
      `totals${i} AS (SELECT coalesce(sum(n) FILTER (x IS NOT NULL), 0) AS p, ${range} FROM counted${i})`;
    const select = `SELECT ${i} AS k, totals${i}.*, top${i}.v, top${i}.c, top${i}.d FROM totals${i} LEFT JOIN top${i} ON true`;
    return { ctes, select };
  });
  const grouped = columns.map((c) => ident(c.name));
  // The counts name each grouped column by its position: a column of the table may be called "g" or "n".
  const counted =
    sets === 1
      ? ''
      : `counted AS MATERIALIZED (SELECT grouping_id(${grouped.join(', ')}) AS g, ${grouped.map((c, i) => `${c} AS "${i}"`).join(', ')}, count(*) AS n ` +
        `FROM ${table} GROUP BY GROUPING SETS (${grouped.map((c) => `(${c})`).join(', ')})), `;
  const rows = await queryObjects(
    conn,
    `WITH ${counted}${parts.map((p) => p.ctes).join(', ')} ` +
      `${parts.map((p) => p.select).join(' UNION ALL ')} ORDER BY k, c DESC, v`,
  );
  const out = new Map<number, ColumnStats>();
  for (const row of rows) {
    const index = columns[Number(row['k'])]!.index;
    let entry = out.get(index);
    if (!entry) {
      entry = {
        present: Number(row['p'] ?? 0),
        lo: row['lo'] ?? row['lo_text'] ?? null,
        hi: row['hi'] ?? row['hi_text'] ?? null,
        mean: row['mu'] ?? null,
        distinct: Number(row['d'] ?? 0),
        top: [],
      };
      out.set(index, entry);
    }
    if (row['c'] !== null) entry.top.push({ value: String(row['v']), count: Number(row['c']) });
  }
  return out;
}

/**
 * Columns per grouped statement: its materialised counts hold up to rows × columns rows of columns + 2 values each
 * (every value distinct), kept under GROUPED_CELLS; a 1.7 M-row table gets one column per statement, the 18 k-row
 * sample all eleven in one.
 */
function groupedChunk(rows: number, groupedCells: number): number {
  let columns = 1;
  while (columns < MAX_GROUPING_SETS && Math.max(1, rows) * (columns + 1) * (columns + 3) <= groupedCells) columns++;
  return columns;
}

/** Budgets of the summary's two forms; tests shrink them to compare the forms on small tables. */
export interface SummaryLimits {
  /** Cells per long-form query; 0 summarises in grouped statements whatever the table's length. */
  longFormCells: number;
  /** Materialised count cells per grouped statement (groupedChunk); 0 gives one column per statement. */
  groupedCells: number;
}

/**
 * Per-column statistics of a table expression, computed in DuckDB: a short table over its long form, a longer one
 * with one GROUP BY per column, several columns to a statement (groupedStats). Every figure is exact.
 */
export async function summariseColumns(
  conn: DuckDBConnection,
  table: string,
  columns: { name: string; type: string }[],
  limits: SummaryLimits = { longFormCells: LONG_FORM_CELLS, groupedCells: GROUPED_CELLS },
): Promise<{ rows: number; columns: ColumnSummary[] }> {
  const rows = Number((await queryObjects(conn, `SELECT count(*) AS n FROM ${table}`))[0]?.['n'] ?? 0);
  const indexed = columns.map((c, index) => ({ ...c, index }));
  const stats = new Map<number, ColumnStats>();
  // A short table is summarised over its long form, as many columns at a time as LONG_FORM_CELLS allows.
  const longChunk = Math.min(LONG_FORM_COLUMNS, Math.floor(limits.longFormCells / Math.max(1, rows)));
  const chunkSize = longChunk >= COLUMN_CHUNK ? longChunk : groupedChunk(rows, limits.groupedCells);
  for (let start = 0; start < indexed.length; start += chunkSize) {
    const chunk = indexed.slice(start, start + chunkSize);
    if (longChunk >= COLUMN_CHUNK) {
      const byType = new Map<string, typeof chunk>();
      for (const c of chunk) byType.set(c.type, [...(byType.get(c.type) ?? []), c]);
      for (const [type, same] of byType)
        for (const [i, s] of await longFormStats(conn, table, type, same)) stats.set(i, s);
    } else {
      for (const [i, s] of await groupedStats(conn, table, chunk)) stats.set(i, s);
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
