import type { DuckDBConnection } from '@duckdb/node-api';
import type { LabelSpec } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { LabelStats, LeakageSuspect } from '../../../shared/ipc/channels/datasets.js';
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

/** Columns tried as a one-column lookup predictor of the label; more are rare and each costs one scan. */
const MAX_PREDICTOR_COLUMNS = 80;
/** Numeric columns with more values than this are cut into this many equal-count bins first. */
const BINS = 20;
/** Text columns with more values than this are skipped: a lookup over hundreds of values memorises rows. */
const MAX_LEVELS = 100;
/** Names of values usually recorded after the outcome (a marketing call's duration is known only once it ended). */
const AFTER_OUTCOME_NAMES = /(^|[_\s-])(duration|call_?duration|call_?length|end_?date|discharge(_date)?)($|[_\s-])/i;

/**
 * Columns that may leak the label, with the reason in words: a column that alone predicts the label almost
 * perfectly (a lookup from its value, or its 20-quantile bin, to the majority label keeps ≤ 20 % of the errors
 * of always guessing the majority, and is right ≥ 97 % of the time), or one whose name says it is recorded after the
 * outcome. Both are prompts to check, not proof: the user decides.
 */
export async function leakageSuspects(
  conn: DuckDBConnection,
  table: string,
  columns: TableColumn[],
  spec: LabelSpec,
  skip: ReadonlySet<string> = new Set(),
): Promise<LeakageSuspect[]> {
  const label = labelSql(spec, columns);
  const out: LeakageSuspect[] = [];
  const candidates = columns.filter((c) => c.name !== spec.column && !skip.has(c.name)).slice(0, MAX_PREDICTOR_COLUMNS);
  for (const column of candidates) {
    const value = canonicalSql(column.name, column.type);
    const distinct = Number(
      (await queryObjects(conn, `SELECT count(DISTINCT ${value}) AS d FROM ${table}`))[0]?.['d'] ?? 0,
    );
    const numeric = isNumericType(column.type);
    if (distinct < 2 || (!numeric && distinct > MAX_LEVELS)) continue;
    const key = numeric && distinct > BINS ? `ntile(${BINS}) OVER (ORDER BY ${ident(column.name)}::DOUBLE)` : value;
    const rows = await queryObjects(
      conn,
      `WITH t AS (SELECT ${label} AS l, ${key} AS k FROM ${table} WHERE ${ident(column.name)} IS NOT NULL),
            g AS (SELECT count(*) FILTER (l = 1) AS p, count(*) FILTER (l = 0) AS n FROM t WHERE l IS NOT NULL GROUP BY k)
       SELECT sum(greatest(p, n)) AS right_, sum(p + n) AS total, sum(p) AS pos FROM g`,
    );
    const right = Number(rows[0]?.['right_'] ?? 0);
    const total = Number(rows[0]?.['total'] ?? 0);
    const pos = Number(rows[0]?.['pos'] ?? 0);
    if (total === 0) continue;
    const accuracy = right / total;
    const baseline = Math.max(pos, total - pos) / total;
    if (accuracy >= 0.97 && 1 - accuracy <= 0.2 * (1 - baseline)) {
      const how = numeric && distinct > BINS ? `its ${BINS} quantile bins` : 'its value';
      out.push({
        column: column.name,
        reason: `${column.name} alone predicts the label ${(accuracy * 100).toFixed(1)} % right from ${how} (always guessing the majority: ${(baseline * 100).toFixed(1)} %). A column this close to the label is often a copy of it or recorded after it; check it is known when the decision is made.`,
      });
    } else if (AFTER_OUTCOME_NAMES.test(column.name)) {
      out.push({
        column: column.name,
        reason: `${column.name} is named like something measured after the outcome (in marketing data, a call's duration is known only once the call ended). If it is known only after the decision, set it to Ignored; a loan's agreed duration, for example, is fine.`,
      });
    }
  }
  return out;
}
