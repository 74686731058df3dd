import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnKind, ColumnSummary } from '../../../shared/ipc/channels/datasets.js';
import { isPersonalColumn } from '../../../shared/personal-data.js';
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

/** Per-column statistics of a table expression, computed in DuckDB (one aggregate pass plus one GROUP BY per column). */
export async function summariseColumns(
  conn: DuckDBConnection,
  table: string,
  columns: { name: string; type: string }[],
): Promise<{ rows: number; columns: ColumnSummary[] }> {
  const aggregates = ['count(*) AS "n"'];
  columns.forEach(({ name, type }, i) => {
    const c = ident(name);
    const kind = columnKind(type);
    aggregates.push(`count(${c}) AS "p${i}"`, `count(DISTINCT ${c}) AS "d${i}"`);
    if (kind === 'numeric') aggregates.push(`min(${c})::DOUBLE AS "lo${i}"`, `max(${c})::DOUBLE AS "hi${i}"`, `avg(${c}::DOUBLE) AS "mu${i}"`);
    if (kind === 'temporal') aggregates.push(`min(${c})::VARCHAR AS "lo${i}"`, `max(${c})::VARCHAR AS "hi${i}"`);
  });
  const stats = (await queryObjects(conn, `SELECT ${aggregates.join(', ')} FROM ${table}`))[0] ?? {};
  const rows = Number(stats['n'] ?? 0);
  const out: ColumnSummary[] = [];
  for (const [i, { name, type }] of columns.entries()) {
    const present = Number(stats[`p${i}`] ?? 0);
    const distinct = Number(stats[`d${i}`] ?? 0);
    const kind = columnKind(type);
    const personal = isPersonalColumn(name);
    const top = personal ? [] : await queryObjects(
      conn,
      `SELECT v, count(*) AS c FROM (SELECT ${canonicalSql(name, type)} AS v FROM ${table}) WHERE v IS NOT NULL GROUP BY v ORDER BY c DESC, v LIMIT ${TOP_VALUES}`,
    );
    const integerLike = kind === 'text' || /INT/.test(type);
    const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? v : null);
    out.push({
      name,
      type,
      kind,
      distinct,
      missing: rows - present,
      missingShare: rows ? (rows - present) / rows : 0,
      min: personal ? null : num(stats[`lo${i}`]),
      max: personal ? null : num(stats[`hi${i}`]),
      mean: typeof stats[`mu${i}`] === 'number' ? (stats[`mu${i}`] as number) : null,
      top: top.map((t) => ({ value: String(t['v']), count: Number(t['c']) })),
      idLike: integerLike && present > 50 && distinct >= 0.95 * present,
      personal,
    });
  }
  return { rows, columns: out };
}
