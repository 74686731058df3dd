import type { DuckDBConnection } from '@duckdb/node-api';
import type { LabelSpec } from '../../../shared/config/task-config.js';
import type { LeakageSuspect } from '../../../shared/ipc/channels/datasets.js';
import { queryObjects } from './duckdb.js';
import { labelSql } from './label.js';
import { canonicalSql, ident, isNumericType } from './sql.js';
import type { TableColumn } from './table.js';

/** Columns tried as a one-column lookup predictor of the label; more are rare and each costs one scan. */
const MAX_PREDICTOR_COLUMNS = 80;
/** Numeric columns with more values than this are cut into this many equal-count bins first. */
const BINS = 20;
/** Text columns with more values than this are skipped: a lookup over hundreds of values memorises rows. */
const MAX_LEVELS = 100;
/**
 * Fewer labelled rows per value (or bin) than this and the lookup, scored on the rows it was built from, flatters the
 * column too much to read its AUC as a signal.
 */
const MIN_ROWS_PER_KEY = 20;
/**
 * A one-column AUC at or above this is rare for a legitimate feature: on the real fairness datasets shipped with the
 * tests the strongest honest one is 0.81 (education for the Dutch census's occupation), while columns recorded after
 * the outcome score 0.88–0.97 (COMPAS's `event`, `end`, `is_recid`).
 */
const STRONG_AUC = 0.85;
/**
 * A column named like a value known only after the outcome is asked about when it predicts this well alone. The UCI
 * bank-marketing data's call `duration` strongly predicts its label and is known only after the call (its
 * documentation says to drop it for a realistic model; Moro et al. 2014); a loan's agreed duration in German credit,
 * known up front, scores 0.65.
 */
const NAMED_AFTER_AUC = 0.75;
/** Names of values often recorded after the outcome (a marketing call's duration is known only once it ended). */
const AFTER_OUTCOME_NAMES = /(^|[_\s-])(duration|call_?duration|call_?length|end_?date|discharge(_date)?)($|[_\s-])/i;

/** How well one column predicts the label alone, measured on its values (or quantile bins) against the label. */
export interface SingleColumnSignal {
  /** Share right when each value (bin) predicts its majority label. */
  accuracy: number;
  /** Share right when always guessing the overall majority label. */
  baseline: number;
  /** AUC of the value's (bin's) positive rate as a score. */
  auc: number;
  /** Labelled rows per distinct value (bin), on average. */
  rowsPerKey: number;
}

/** Lookup accuracy and AUC of one column's groups, each {p positives, n negatives}. */
export function signalOf(groups: readonly { p: number; n: number }[]): SingleColumnSignal | null {
  const sorted = [...groups].filter((g) => g.p + g.n > 0).sort((a, b) => a.p / (a.p + a.n) - b.p / (b.p + b.n));
  let positives = 0;
  let negatives = 0;
  let right = 0;
  // AUC: each positive beats every negative of a lower-rate group and half of those of its own (ties).
  let negativesBelow = 0;
  let pairsWon = 0;
  for (const g of sorted) {
    positives += g.p;
    negatives += g.n;
    right += Math.max(g.p, g.n);
    pairsWon += g.p * (negativesBelow + g.n / 2);
    negativesBelow += g.n;
  }
  const total = positives + negatives;
  if (positives === 0 || negatives === 0) return null;
  return {
    accuracy: right / total,
    baseline: Math.max(positives, negatives) / total,
    auc: pairsWon / (positives * negatives),
    rowsPerKey: total / sorted.length,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The leakage hint a column's measured signal supports, if any. Measured first: a near-perfect lookup (≥ 97 % right,
 * keeping ≤ 20 % of the errors of always guessing the majority) is a warning. A name like "duration" alone says nothing
 * (a loan's agreed duration is known up front); with an AUC of at least 0.75 it becomes a question to the user. Any
 * other column with an AUC of at least 0.85 is a warning. The user decides in every case.
 */
export function leakageHint(column: string, how: string, s: SingleColumnSignal): LeakageSuspect | null {
  const nearPerfect = s.accuracy >= 0.97 && 1 - s.accuracy <= 0.2 * (1 - s.baseline);
  if (nearPerfect) {
    return {
      column,
      kind: 'near-perfect',
      reason: `${column} alone predicts the label ${pct(s.accuracy)} right from ${how} (always guessing the majority: ${pct(s.baseline)}). A column this close to the label is often a copy of it or recorded after it; check it is known when the decision is made.`,
    };
  }
  if (s.rowsPerKey < MIN_ROWS_PER_KEY) return null;
  if (s.auc >= NAMED_AFTER_AUC && AFTER_OUTCOME_NAMES.test(column)) {
    return {
      column,
      kind: 'recorded-after',
      reason: `Is ${column} known only after the outcome? It is named like such a value (a marketing call's duration is known once the call ended) and alone ranks the label with an AUC of ${s.auc.toFixed(2)} from ${how}. If it is not known when the decision is made, set it to Ignored; if it is (a loan's agreed duration, say), keep it.`,
    };
  }
  if (s.auc >= STRONG_AUC) {
    return {
      column,
      kind: 'strong-predictor',
      reason: `${column} alone ranks the label with an AUC of ${s.auc.toFixed(2)} from ${how}, more than any ordinary feature usually does. Check it is known when the decision is made and is not derived from the outcome.`,
    };
  }
  return null;
}

/**
 * Columns that may leak the label, with the reason in words (see leakageHint), each measured by one scan: the
 * column's value, or its 20-quantile bin for a numeric column with more values, as a lookup predictor of the label.
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
    const binned = numeric && distinct > BINS;
    const key = binned ? `ntile(${BINS}) OVER (ORDER BY ${ident(column.name)}::DOUBLE)` : value;
    const rows = await queryObjects(
      conn,
      `WITH t AS (SELECT ${label} AS l, ${key} AS k FROM ${table} WHERE ${ident(column.name)} IS NOT NULL)
       SELECT count(*) FILTER (l = 1) AS p, count(*) FILTER (l = 0) AS n FROM t WHERE l IS NOT NULL GROUP BY k`,
    );
    const signal = signalOf(rows.map((r) => ({ p: Number(r['p'] ?? 0), n: Number(r['n'] ?? 0) })));
    if (!signal) continue;
    const hint = leakageHint(column.name, binned ? `its ${BINS} quantile bins` : 'its value', signal);
    if (hint) out.push(hint);
  }
  return out;
}
