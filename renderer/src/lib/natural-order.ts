const text = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** A value read as a number when the whole of it is one ("5", "-1.5", "1e3"); null for text and blanks. */
function asNumber(value: string): number | null {
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * The order a person expects of a column's values: numbers numerically (1, 2, 10), before text; text alphabetically,
 * ignoring case, with digit runs compared as numbers ("grade 2" before "grade 10").
 */
export function naturalCompare(a: string, b: string): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== null && y !== null) return x - y || text.compare(a, b);
  if (x !== null) return -1;
  if (y !== null) return 1;
  return text.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A sorted copy of items by a string key, in natural order. */
export function inNaturalOrder<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((p, q) => naturalCompare(key(p), key(q)));
}
