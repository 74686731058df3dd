/** What the check needs of a column summary (shared/ipc/channels/datasets.ts ColumnSummary). */
interface ColumnShape {
  name: string;
  kind: string;
  distinct: number;
  min: number | string | null;
  max: number | string | null;
  top: readonly { value: string }[];
}

/** Names of columns that hold codes from a list (occupation, place of birth, class of worker, industry…). */
const CODE_NAMES = /(^|[_\s-])(occp|occupation|pobp|cow|relp|mar|naics|socp|indp|industry|code|type|category|region|country|state|place|job|class)($|[_\s-])/i;

/**
 * Why a whole-number column looks like codes rather than amounts, or null: two values that are not 0/1 (a 1/2 sex
 * column), values spread thinly over a wide range (occupation codes 10 … 9830 with 492 values), or a name from the
 * usual code lists. Standardising codes treats 9830 as "more" than 10; one-hot keeps them apart.
 */
export function codeLikeReason(column: ColumnShape): string | null {
  if (column.kind !== 'numeric' || typeof column.min !== 'number' || typeof column.max !== 'number') return null;
  const whole = Number.isInteger(column.min) && Number.isInteger(column.max) && column.top.every((t) => /^-?\d+$/.test(t.value));
  if (!whole || column.distinct < 2) return null;
  if (column.distinct === 2) {
    return column.min === 0 && column.max === 1 ? null : `two whole-number values (${column.min} and ${column.max}) that read like codes, not amounts`;
  }
  const span = column.max - column.min + 1;
  if (span / column.distinct >= 3) return `${column.distinct} whole-number values spread over ${column.min} … ${column.max}, like codes from a list`;
  if (CODE_NAMES.test(column.name) && column.distinct <= 100) return `${column.distinct} whole-number values and a name that usually means codes`;
  return null;
}
