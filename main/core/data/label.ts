import type { DuckDBConnection } from '@duckdb/node-api';
import type { LabelSpec } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { LabelStats } from '../../../shared/ipc/channels/datasets.js';
import { queryObjects } from './duckdb.js';
import { canonicalKeyFor, canonicalSql, ident, isNumericType, literal } from './sql.js';
import type { TableColumn } from './table.js';

const SQL_OPERATORS: Record<string, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '==': '=', '!=': '<>' };

/** SQL expression giving 1 (positive), 0 (negative) or NULL (label cell missing) per row. */
export function labelSql(spec: LabelSpec, columns: TableColumn[]): string {
  const column = columns.find((c) => c.name === spec.column);
  if (!column) {
    throw new FairboundError(
      'label-invalid',
      `Label column "${spec.column}" is not in the dataset (columns: ${columns.map((c) => c.name).join(', ')}).`,
      {
        column: spec.column,
      },
    );
  }
  if (spec.positive) {
    const canon = canonicalSql(column.name, column.type);
    const keys = [...new Set(spec.positive.map((v) => canonicalKeyFor(column.type, v).toLowerCase()))];
    return `(CASE WHEN ${canon} IS NULL THEN NULL WHEN lower(${canon}) IN (${keys.map(literal).join(', ')}) THEN 1 ELSE 0 END)`;
  }
  const m = /^\s*(>=|<=|>|<|==|!=)\s*(\S+)\s*$/.exec(spec.rule ?? '');
  if (!m)
    throw new FairboundError('label-invalid', `Label rule "${spec.rule ?? ''}" must look like "> 50000".`, {
      column: spec.column,
    });
  if (!isNumericType(column.type) && column.type !== 'BOOLEAN') {
    throw new FairboundError(
      'label-invalid',
      `Label rule "${spec.rule}" needs a numeric column, but ${spec.column} holds ${column.type === 'VARCHAR' ? 'text' : column.type}; choose positive values instead.`,
      { column: spec.column },
    );
  }
  const value = `TRY_CAST(${ident(column.name)} AS DOUBLE)`;
  return `(CASE WHEN ${value} IS NULL THEN NULL WHEN ${value} ${SQL_OPERATORS[m[1]!]} ${Number(m[2])} THEN 1 ELSE 0 END)`;
}

export async function labelStats(
  conn: DuckDBConnection,
  table: string,
  columns: TableColumn[],
  spec: LabelSpec,
): Promise<LabelStats> {
  const expr = labelSql(spec, columns);
  const row =
    (
      await queryObjects(
        conn,
        `SELECT count(*) FILTER (l = 1) AS pos, count(*) FILTER (l = 0) AS neg, count(*) FILTER (l IS NULL) AS miss FROM (SELECT ${expr} AS l FROM ${table})`,
      )
    )[0] ?? {};
  const positives = Number(row['pos'] ?? 0);
  const negatives = Number(row['neg'] ?? 0);
  const missing = Number(row['miss'] ?? 0);
  return {
    column: spec.column,
    positives,
    negatives,
    missing,
    baseRate: positives + negatives ? positives / (positives + negatives) : 0,
  };
}

/** A label must have rows and both classes; the message says which rule produced what. */
export function checkLabel(stats: LabelStats, spec: LabelSpec): void {
  const how = spec.positive
    ? `positive values ${spec.positive.map((v) => `"${v}"`).join(', ')}`
    : `rule "${spec.rule}"`;
  if (stats.positives + stats.negatives === 0) {
    throw new FairboundError('label-invalid', `Label column ${spec.column} is empty: every row is missing a value.`, {
      column: spec.column,
    });
  }
  if (stats.positives === 0 || stats.negatives === 0) {
    const only = stats.positives === 0 ? 'negative' : 'positive';
    throw new FairboundError(
      'label-single-class',
      `Label ${spec.column} with ${how} makes every one of ${stats.positives + stats.negatives} rows ${only}: a classifier needs both classes.`,
      { ...stats },
    );
  }
}
