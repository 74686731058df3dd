const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

/**
 * The boolean a spelling stands for in a column DuckDB read as BOOLEAN ("yes" → "True"), or null for any other
 * text. The data step shows such columns as True/False, so a value typed as the file spells it must still match.
 */
export function booleanKey(value: string): 'True' | 'False' | null {
  const lower = value.trim().toLowerCase();
  if (TRUE_WORDS.has(lower)) return 'True';
  if (FALSE_WORDS.has(lower)) return 'False';
  return null;
}
