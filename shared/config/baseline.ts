import { z } from 'zod';
import type { ConstraintKind } from '../fairness.js';
import type { ConstraintSpec } from './task-config.js';

/** baseline.json: what `fairbound baseline` writes for one practitioners' baseline fitted to a run (docs/baselines.md). */

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

export const BASELINE_METHODS = ['threshold-optimizer', 'exponentiated-gradient'] as const;
export type BaselineMethod = (typeof BASELINE_METHODS)[number];

const rateDifferenceSchema = z
  .object({ value: z.number(), se: z.number(), groups: z.tuple([z.string(), z.string()]) })
  .nullable();

export const baselineEvaluationSchema = z.object({
  n: z.number().int(),
  accuracy: z.number(),
  selectionRate: z.number(),
  groups: z.record(
    z.string(),
    z.object({
      n: z.number().int(),
      positives: z.number().int(),
      selectionRate: z.number().nullable(),
      tpr: z.number().nullable(),
      fpr: z.number().nullable(),
    }),
  ),
  demographicParity: rateDifferenceSchema,
  equalizedOdds: rateDifferenceSchema,
  /** True when every decision is the same class: no parity figure then says anything about fairness. */
  degenerate: z.boolean(),
});
export type BaselineEvaluation = z.infer<typeof baselineEvaluationSchema>;

export const baselineResultSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  method: z.enum(BASELINE_METHODS),
  constraint: z.enum(PARITY_CONSTRAINTS),
  /** The method's settings (tolerance, eps, max_iter, nu, eta0, …). */
  params: z.record(z.string(), z.number()),
  source: z.object({ dir: z.string(), run: z.number().int(), solver: z.string(), datasetSha256: z.string() }),
  /** Which split the method was fitted on. */
  fittedOn: z.enum(['train', 'validation']),
  /** What using the result requires (e.g. the protected attribute at prediction time). */
  requirements: z.array(z.string()),
  /** The randomised predictor, evaluated in expectation over its randomisation. */
  test: baselineEvaluationSchema,
  /** The best single deterministic member, where the method has members (exponentiated gradient). */
  deterministicTest: baselineEvaluationSchema.nullable(),
  /** The source run's own decisions on the same test rows, for comparison. */
  sourceTest: baselineEvaluationSchema,
  /** Method-specific description of the fitted predictor (thresholds, mixture weights, duality gaps). */
  model: z.record(z.string(), z.unknown()),
  notes: z.array(z.string()),
});
export type BaselineResult = z.infer<typeof baselineResultSchema>;
