import {
  certifiabilityText,
  tooSmallGroupsText,
  type ConstraintCertifiability,
} from '../../../../shared/certifiability.js';
import {
  CONSTRAINT_DESCRIPTIONS,
  isRateKind,
  percentagePoints,
  type ConstraintKind,
  type ConstraintTopology,
} from '../../../../shared/fairness.js';

/** Statistics one compared pair of a kind constrains (equalised odds bounds TPR and FPR gaps). */
const STATS_PER_KIND: Record<ConstraintKind, number> = {
  'loss-gap': 1,
  'positive-rate-gap': 1,
  'tpr-gap': 1,
  'equalized-odds': 2,
  'accuracy-gap': 1,
  'worst-group-loss': 1,
};

/**
 * How many measures (two-sided gaps the user reads) and one-sided rows (what the solver handles) a constraint
 * creates for `groups` eligible groups; mirrors the engine's constraint plan (main/core/constraints/constraint-plan.ts).
 */
export function constraintCounts(
  kind: ConstraintKind,
  topology: ConstraintTopology,
  groups: number,
): { measures: number; rows: number } {
  if (kind === 'worst-group-loss') return { measures: groups, rows: groups };
  const compared = topology === 'pairwise' ? (groups * (groups - 1)) / 2 : groups;
  const measures = compared * STATS_PER_KIND[kind];
  return { measures, rows: measures * 2 };
}

/** The tolerance in plain words, with who is compared with whom. */
export function explainConstraint(kind: ConstraintKind, topology: ConstraintTopology, tolerance: number): string {
  const base = CONSTRAINT_DESCRIPTIONS[kind].explain(tolerance);
  if (kind === 'worst-group-loss') return `${capitalise(base)}.`;
  const who = topology === 'pairwise' ? 'between any two groups' : 'between each group and the whole population';
  return `${capitalise(base.replace(' between the compared groups', ''))} ${who}.`;
}

/** The same quantity as a tolerance would bound it, in the tolerance's own units, for "now it is …". */
export function formatGap(kind: ConstraintKind, value: number): string {
  return isRateKind(kind) ? percentagePoints(value) : value.toFixed(4);
}

/** What the test split can certify at `tolerance`, in the same units as the rest of the constraint's text. */
export function certifiableText(entry: ConstraintCertifiability, testRows: number, tolerance: number): string {
  const units = isRateKind(entry.kind) ? 'percentage-points' : 'fraction';
  const small = tooSmallGroupsText(entry, tolerance, units);
  return `${certifiabilityText(entry, testRows, tolerance, units)}${small ? `; ${small}` : ''}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
