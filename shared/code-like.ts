/** What the check needs of a column summary (shared/ipc/channels/datasets.ts ColumnSummary). */
interface ColumnShape {
  name: string;
  kind: string;
  distinct: number;
  min: number | string | null;
  max: number | string | null;
  top: readonly { value: string; count: number }[];
}

/** Names of columns that hold codes from a list (occupation, place of birth, class of worker, marital status, race…). */
const CODE_NAMES =
  /(^|[_\s-])(occp|occupation|pobp|cow|relp|naics|socp|indp|industry|code|type|category|region|country|state|place|job|class|status|marital|citizenship|nationality|activity|position|race|rac1p|ethnicity)($|[_\s-])/i;

/**
 * Why a whole-number column looks like codes rather than amounts, or null. Codes: positive values spread thinly
 * over a wide range (occupation codes 10 … 9830 with 509 values in 22,268 rows), no value holding nearly all rows, and few
 * values for the rows; or a name from the usual code lists. Amounts fail one of these: money and day counts start at
 * 0 or go negative, are nearly all one value (capital gain: 0), or take nearly a value per row (credit amount). Two-valued
 * columns are left alone: standardising and one-hot encode them the same way up to scale.
 */
export function codeLikeReason(column: ColumnShape, rows: number): string | null {
  if (column.kind !== 'numeric' || typeof column.min !== 'number' || typeof column.max !== 'number') return null;
  const whole =
    Number.isInteger(column.min) && Number.isInteger(column.max) && column.top.every((t) => /^-?\d+$/.test(t.value));
  if (!whole || column.distinct < 3) return null;
  const topShare = rows > 0 ? (column.top[0]?.count ?? 0) / rows : 1;
  const span = column.max - column.min + 1;
  if (
    column.min >= 1 &&
    span / column.distinct >= 3 &&
    topShare < 0.9 &&
    column.distinct <= Math.max(50, rows * 0.05)
  ) {
    return `${column.distinct} whole-number values spread over ${column.min} … ${column.max}, like codes from a list`;
  }
  // A code list can be long (ACS place of birth: 195 codes in Connecticut's 19,785 rows, spread too densely for the
  // rule above): a code-list name suffices while values stay few for the rows.
  if (CODE_NAMES.test(column.name) && column.distinct <= Math.max(100, rows * 0.05))
    return `${column.distinct} whole-number values and a name that usually means codes`;
  return null;
}
