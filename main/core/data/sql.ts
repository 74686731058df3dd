import { booleanKey } from '../../../shared/boolean-words.js';

/** SQL text helpers: every identifier and literal that reaches DuckDB goes through these. */

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** DuckDB type names that hold numbers (DECIMAL(p,s) included). */
export function isNumericType(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(
    type,
  );
}

/**
 * Canonical text of a cell, the form map keys, positive label values and top values are compared in.
 * Numbers print without a trailing ".0" (the ACS files write codes as 1.0), booleans as True/False, text trimmed.
 */
export function canonicalSql(column: string, type: string): string {
  const c = ident(column);
  if (isNumericType(type)) {
    return `(CASE WHEN ${c} IS NULL THEN NULL WHEN isfinite(${c}::DOUBLE) AND ${c}::DOUBLE = round(${c}::DOUBLE) AND abs(${c}::DOUBLE) < 1e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c}::DOUBLE AS VARCHAR) END)`;
  }
  if (type === 'BOOLEAN') return `(CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} THEN 'True' ELSE 'False' END)`;
  return `NULLIF(trim(CAST(${c} AS VARCHAR)), '')`;
}

/** The same canonical form in JS, for keys the user typed ("1.0" → "1", " yes " → "yes"); compared case-insensitively. */
export function canonicalKey(value: string): string {
  const t = value.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n)) return String(n);
  }
  return t;
}

/**
 * canonicalKey for a value compared against a column of `type`. DuckDB reads yes/no, y/n, t/f and true/false
 * columns as BOOLEAN, so a key the user typed as it appears in the file ("yes") must still match ("True").
 */
export function canonicalKeyFor(type: string, value: string): string {
  const key = canonicalKey(value);
  if (type !== 'BOOLEAN') return key;
  return booleanKey(key) ?? key;
}
