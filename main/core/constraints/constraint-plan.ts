import type { ConstraintSpec } from '../../../shared/config/task-config.js';
import type { ConstraintKind } from '../../../shared/fairness.js';
import { FairboundError } from '../../../shared/errors.js';
import type { PreparedGroup } from '../data/prepared-task.js';

/**
 * Turns the config's constraint specs into (a) the two-sided *measures* users see (|L_a − L_b| ≤ δ, one per
 * compared pair, with a name) and (b) the one-sided *rows* the solvers work with (L_a − L_b − δ ≤ 0 and
 * L_b − L_a − δ ≤ 0, as the paper splits them). Rows refer to sample *slots*: the groups that take part in some
 * constraint, plus an "overall" slot (a uniform sample of all rows) when a constraint compares with the whole data.
 */

/** Group statistics available to constraints, in this column order everywhere (surrogate and exact). */
export const STAT_NAMES = ['loss', 'positiveRate', 'tpr', 'fpr', 'accuracy'] as const;
export type StatName = (typeof STAT_NAMES)[number];
export const STAT_COUNT = STAT_NAMES.length;

export interface StatRef {
  /** Slot index (see ConstraintPlan.slots). */
  slot: number;
  stat: StatName;
}

export interface ConstraintMeasure {
  name: string;
  kind: ConstraintKind;
  tolerance: number;
  /** value = |stat(a) − stat(b)|, or stat(a) when b is null (worst-group bound). */
  a: StatRef;
  b: StatRef | null;
  /** Indices of the one-sided rows that enforce this measure. */
  rows: number[];
}

export interface ConstraintRow {
  measure: number;
  plus: StatRef;
  minus: StatRef | null;
  tolerance: number;
}

export interface ConstraintPlan {
  /** Group id per slot; -1 is the overall slot (uniform sample of the split). */
  slots: number[];
  measures: ConstraintMeasure[];
  rows: ConstraintRow[];
  /** Small groups left out of constraints (named), for the run record. */
  excludedSmall: string[];
  notes: string[];
}

export const OVERALL = -1;

export function buildConstraintPlan(specs: ConstraintSpec[], groups: PreparedGroup[]): ConstraintPlan {
  const slots: number[] = [];
  const slotOf = (group: number): number => {
    let s = slots.indexOf(group);
    if (s < 0) {
      s = slots.length;
      slots.push(group);
    }
    return s;
  };
  const measures: ConstraintMeasure[] = [];
  const rows: ConstraintRow[] = [];
  const excluded = new Set<string>();
  const notes: string[] = [];

  const addMeasure = (kind: ConstraintKind, name: string, tolerance: number, a: StatRef, b: StatRef | null): void => {
    const m = measures.length;
    const rowIds: number[] = [];
    rowIds.push(rows.length);
    rows.push({ measure: m, plus: a, minus: b, tolerance });
    if (b) {
      rowIds.push(rows.length);
      rows.push({ measure: m, plus: b, minus: a, tolerance });
    }
    measures.push({ name, kind, tolerance, a, b, rows: rowIds });
  };

  for (const spec of specs) {
    let chosen: number[];
    if (spec.groups) {
      chosen = spec.groups.map((name) => {
        const id = groups.findIndex((g) => g.name === name);
        if (id < 0)
          throw new FairboundError(
            'group-invalid',
            `constraint ${spec.kind} names group "${name}", which does not exist`,
            { group: name },
          );
        return id;
      });
    } else {
      chosen = [];
      groups.forEach((g, id) => {
        if (g.small) excluded.add(g.name);
        else if (g.trainCount > 0) chosen.push(id);
      });
    }
    const stats: StatName[] = statsOf(spec.kind);
    const name = (g: number): string => groups[g]!.name;
    if (spec.kind === 'worst-group-loss') {
      for (const g of chosen)
        addMeasure(spec.kind, `worst-group-loss: ${name(g)}`, spec.tolerance, { slot: slotOf(g), stat: 'loss' }, null);
      continue;
    }
    if (spec.topology === 'pairwise') {
      if (chosen.length < 2) notes.push(`${spec.kind}: fewer than two eligible groups, no pairwise constraint`);
      for (let i = 0; i < chosen.length; i++) {
        for (let j = i + 1; j < chosen.length; j++) {
          const gi = chosen[i]!;
          const gj = chosen[j]!;
          for (const stat of stats) {
            addMeasure(
              spec.kind,
              `${label(spec.kind, stat)}: ${name(gi)} vs ${name(gj)}`,
              spec.tolerance,
              { slot: slotOf(gi), stat },
              { slot: slotOf(gj), stat },
            );
          }
        }
      }
    } else {
      for (const g of chosen) {
        for (const stat of stats) {
          addMeasure(
            spec.kind,
            `${label(spec.kind, stat)}: ${name(g)} vs overall`,
            spec.tolerance,
            { slot: slotOf(g), stat },
            { slot: slotOf(OVERALL), stat },
          );
        }
      }
    }
  }
  const excludedSmall = [...excluded];
  if (excludedSmall.length)
    notes.push(`groups below the minimum size left out of constraints: ${excludedSmall.join(', ')}`);
  return { slots, measures, rows, excludedSmall, notes };
}

function statsOf(kind: ConstraintKind): StatName[] {
  switch (kind) {
    case 'loss-gap':
    case 'worst-group-loss':
      return ['loss'];
    case 'positive-rate-gap':
      return ['positiveRate'];
    case 'tpr-gap':
      return ['tpr'];
    case 'equalized-odds':
      return ['tpr', 'fpr'];
    case 'accuracy-gap':
      return ['accuracy'];
  }
}

function label(kind: ConstraintKind, stat: StatName): string {
  if (kind === 'equalized-odds') return `equalized-odds ${stat === 'tpr' ? 'TPR' : 'FPR'}`;
  return kind;
}

/** One-sided row values → per-measure stochastic value (max over its rows = |a − b| − δ). */
export function measureValues(plan: ConstraintPlan, rowVals: ArrayLike<number>): number[] {
  return plan.measures.map((m) => Math.max(...m.rows.map((r) => rowVals[r]!)));
}
