import type { ConstraintKind } from '../fairness.js';
import type { ConstraintSpec } from './task-config.js';

/** The practitioners' baseline methods' constraints and model file (docs/baselines.md). */

export const PARITY_CONSTRAINTS = ['demographic-parity', 'equalized-odds'] as const;
export type ParityConstraint = (typeof PARITY_CONSTRAINTS)[number];

/** The task constraint kinds the baseline methods enforce, and the parity constraint each one is. */
const PARITY_OF_KIND: Partial<Record<ConstraintKind, ParityConstraint>> = {
  'positive-rate-gap': 'demographic-parity',
  'equalized-odds': 'equalized-odds',
};

export type BaselineConstraintChoice =
  { ok: true; constraint: ParityConstraint; spec: ConstraintSpec } | { ok: false; issue: string };

/**
 * The one constraint a baseline method run enforces (docs/baselines.md): the task must have exactly one, of a kind the
 * methods know. Both methods compare rates, so a loss or accuracy gap cannot be handed to them.
 */
export function baselineConstraintOf(method: string, constraints: readonly ConstraintSpec[]): BaselineConstraintChoice {
  const known = Object.keys(PARITY_OF_KIND).join(' or ');
  if (constraints.length !== 1)
    return {
      ok: false,
      issue: `"${method}" enforces exactly one constraint (${known}); the task has ${constraints.length}`,
    };
  const spec = constraints[0]!;
  const constraint = PARITY_OF_KIND[spec.kind];
  if (!constraint) return { ok: false, issue: `"${method}" enforces ${known} constraints, not ${spec.kind}` };
  return { ok: true, constraint, spec };
}

/** What a baseline method run's model folder holds besides (threshold optimizer) the network it post-processes. */
export const BASELINE_MODEL_FILE = 'baseline-model.json';
