import { z } from 'zod';

/**
 * The one vocabulary every surface (results.json, CLI, Train tab, audit tab, PDF) uses to say whether a constraint
 * holds, and the warnings a degenerate model carries. Explained for users in docs/verdicts.md.
 *
 * - satisfied:    the one-sided 95 % upper bound of the gap is below the tolerance (simultaneously over all pairs).
 * - violated:     the one-sided 95 % lower bound of the gap is above the tolerance.
 * - inconclusive: neither: the data cannot tell (or the gap is undefined on this split).
 * - trivial:      a constraint of a degenerate model (one class for (almost) everyone, a group decided all one way, or
 *                  chance-level ranking): whatever it meets says nothing about treating groups alike.
 */
export const CONSTRAINT_VERDICTS = ['satisfied', 'violated', 'inconclusive', 'trivial'] as const;
export const constraintVerdictSchema = z.enum(CONSTRAINT_VERDICTS);
export type ConstraintVerdict = z.infer<typeof constraintVerdictSchema>;

/** Confidence of every bound behind a verdict (one-sided). */
export const VERDICT_CONFIDENCE = 0.95;

export const VERDICT_TEXT: Record<ConstraintVerdict, string> = {
  satisfied: 'satisfied (95 % upper bound below the tolerance)',
  violated: 'violated (95 % lower bound above the tolerance)',
  inconclusive: 'inconclusive (the data cannot tell)',
  trivial: 'trivial (degenerate model: no evidence either way)',
};

/** Short symbol per verdict for dense tables. */
export const VERDICT_SYMBOL: Record<ConstraintVerdict, string> = {
  satisfied: '✓',
  violated: '✗',
  inconclusive: '?',
  trivial: '∅',
};

/** Codes of the degenerate-model warnings (runs[i].warnings; docs/verdicts.md). */
export const RUN_WARNING_CODES = [
  /** (Almost) everyone gets the same prediction at the decision threshold. */
  'single-class-predictions',
  /** Some group's selection rate is exactly 0 or 1. */
  'constant-group-predictions',
  /** The model ranks no better than chance (AUC's 95 % lower bound at or below 0.5). */
  'chance-level-auc',
] as const;
export type RunWarningCode = (typeof RUN_WARNING_CODES)[number];

/** Worst verdict first: how several verdicts combine into one (e.g. a constraint's pairs, or a run's constraints). */
const SEVERITY: Record<ConstraintVerdict, number> = { violated: 3, trivial: 2, inconclusive: 1, satisfied: 0 };

export function combineVerdicts(verdicts: readonly ConstraintVerdict[]): ConstraintVerdict | null {
  if (verdicts.length === 0) return null;
  return verdicts.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a));
}
