import { z } from 'zod';
import { CONSTRAINT_KINDS, CONSTRAINT_TOPOLOGIES, percentagePoints } from './fairness.js';

/**
 * What the test split can certify, known before training: per constraint, the smallest tolerance a model with a true
 * gap of exactly 0 would be certified at (95 %, simultaneous over every comparison the constraints make), and how many test rows the
 * chosen tolerance needs. Shown next to the tolerance field, by `fairbound inspect CONFIG.json` and `run`.
 */
export const constraintCertifiabilitySchema = z.object({
  kind: z.enum(CONSTRAINT_KINDS),
  /** Pairs of groups, or each group against the whole population. */
  topology: z.enum(CONSTRAINT_TOPOLOGIES),
  tolerance: z.number(),
  /** Compared pairs (or groups) of the constraint. */
  measures: z.number().int(),
  /** null when no pair has enough test rows to measure at all. */
  minCertifiableTolerance: z.number().nullable(),
  /**
   * The groups that are the smaller side of some compared pair, each with the smallest tolerance its pairs can
   * certify: groups whose figure is above the tolerance are too small for it (their gaps will read inconclusive) —
   * leave them out with a larger minimum group size, or loosen the tolerance.
   */
  groups: z.array(z.object({ name: z.string(), testRows: z.number(), minCertifiableTolerance: z.number() })),
  /** The smaller group of the hardest pair, with its test rows. */
  smallestGroup: z.object({ name: z.string(), testRows: z.number() }).nullable(),
  /** Test rows (at the same group shares) needed for minCertifiableTolerance to reach the tolerance. */
  testRowsToCertify: z.number().int().nullable(),
});
export type ConstraintCertifiability = z.infer<typeof constraintCertifiabilitySchema>;

export const certifiabilitySchema = z.object({
  testRows: z.number().int(),
  confidence: z.number(),
  /** The per-row loss standard deviation assumed for loss constraints (no model exists yet). */
  lossSd: z.number(),
  constraints: z.array(constraintCertifiabilitySchema),
  /** The label-imbalance warning (shared/config/label-imbalance.ts) when the decision rule is likely to predict one class. */
  labelImbalance: z.string().nullable(),
});
export type Certifiability = z.infer<typeof certifiabilitySchema>;

const rows = (n: number): string => Math.round(n).toLocaleString('en-US');
const approx = (v: number): string => (v >= 0.1 ? v.toFixed(2) : v.toPrecision(2));

/**
 * How gaps and tolerances are written: as the config's fractions (the CLI, next to the numbers in the config file), or
 * in percentage points (the app, for rate kinds, so one panel never mixes the two).
 */
export type GapUnits = 'fraction' | 'percentage-points';
const exactGap = (v: number, units: GapUnits): string => (units === 'fraction' ? `${v}` : percentagePoints(v));
const approxGap = (v: number, units: GapUnits): string => (units === 'fraction' ? approx(v) : percentagePoints(v, 2));

/**
 * "with 2,417 test rows in Non-white, gaps below ≈ 0.025 cannot be told from noise; to certify 0.005 you need
 * ≈ 220,000 test rows". The tolerance may differ from c.tolerance (the field being edited): the bound shrinks as
 * 1 / √rows at the same group shares.
 */
export function certifiabilityText(
  c: ConstraintCertifiability,
  testRows: number,
  tolerance = c.tolerance,
  units: GapUnits = 'fraction',
): string {
  const min = c.minCertifiableTolerance;
  if (min === null || !c.smallestGroup)
    return 'the test split has too few rows in the compared groups to measure this constraint';
  const head = `with ${rows(c.smallestGroup.testRows)} test rows in ${c.smallestGroup.name}, gaps below ≈ ${approxGap(min, units)} cannot be told from noise`;
  if (min < tolerance)
    return `${head}; ${exactGap(tolerance, units)} can be certified with these ${rows(testRows)} test rows`;
  if (tolerance <= 0) return `${head}; a tolerance of 0 can never be certified`;
  return `${head}; to certify ${exactGap(tolerance, units)} you need ≈ ${rows(roundNeeded(testRowsToCertify(testRows, min, tolerance)))} test rows`;
}

/** Test rows (at the same group shares) for the bound of a zero gap to reach `tolerance`. */
export function testRowsToCertify(testRows: number, minCertifiableTolerance: number, tolerance: number): number {
  return Math.ceil(testRows * (minCertifiableTolerance / tolerance) ** 2);
}

/** Two significant figures: the estimate is not more precise than that. */
function roundNeeded(n: number): number {
  if (n < 100) return Math.ceil(n);
  const scale = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / scale) * scale;
}

/** "Asian (41 test rows), Other (12 test rows)": the groups too small to certify `tolerance`, or null when none is. */
export function tooSmallGroupsText(
  c: ConstraintCertifiability,
  tolerance = c.tolerance,
  units: GapUnits = 'fraction',
): string | null {
  const small = c.groups.filter((g) => g.minCertifiableTolerance >= tolerance).sort((a, b) => a.testRows - b.testRows);
  if (small.length === 0 || small.length === c.groups.length) return null;
  const list = small
    .slice(0, 6)
    .map((g) => `${g.name} (${rows(g.testRows)} test rows)`)
    .join(', ');
  return `too small to certify ${exactGap(tolerance, units)}: ${list}${small.length > 6 ? `, and ${small.length - 6} more` : ''} — their gaps will read inconclusive; a larger minimum group size leaves them out of the constraints`;
}
