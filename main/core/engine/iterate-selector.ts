import type { SelectionRule } from '../../../shared/config/results.js';
import type { SelectionSpec } from '../../../shared/config/task-config.js';

/** What the selector knows about one evaluated iterate (judged on the selection split). */
export interface Candidate {
  iteration: number;
  weights: Float32Array[];
  /** The training objective on the selection split (class-weighted when the task weights classes). */
  objective: number;
  /** Largest hard (thresholded) constraint value minus its tolerance; ≤ 0 is feasible by point estimate. */
  maxViolation: number;
  /** Some constraint's verdict on the selection split is `violated`. */
  violated: boolean;
  /** The model predicts (almost) one class for everyone, or a group gets one decision, at its threshold. */
  degenerate: boolean;
  threshold: number;
}

/**
 * The rule a run uses. "auto": unconstrained solvers (the baselines) are never chosen by a constraint — the best
 * objective on the validation split when there is one, else the last iterate; constrained solvers best-not-violated.
 */
export function resolveSelectionRule(
  spec: SelectionSpec,
  constrained: boolean,
  hasValidation: boolean,
): Exclude<SelectionRule, 'best-feasible' | 'min-duality-gap'> {
  if (spec !== 'auto') return spec;
  if (constrained) return 'best-not-violated';
  return hasValidation ? 'best-objective' : 'last';
}

/** True when `a` should replace `b` as the kept iterate under `rule` (never called for the last rule). */
export function prefer(rule: 'best-objective' | 'best-not-violated', a: Candidate, b: Candidate): boolean {
  // A degenerate model is never preferred over one that makes real decisions, whatever its numbers.
  if (a.degenerate !== b.degenerate) return !a.degenerate;
  if (rule === 'best-objective') return a.objective < b.objective;
  if (a.violated !== b.violated) return !a.violated;
  // Among violated iterates the one closest to feasible; among the rest the lower objective.
  return a.violated ? a.maxViolation < b.maxViolation : a.objective < b.objective;
}

/**
 * Keeps the last evaluated iterate and the best one under the rule (with whatever the caller attached to them, e.g.
 * their evaluations). The untrained start (iteration 0) is evaluated for the charts and as a fallback but never
 * becomes "best": random weights can meet a bound while predicting nothing.
 */
export class IterateSelector<C extends Candidate = Candidate> {
  #best: C | null = null;
  #last: C | null = null;

  constructor(readonly rule: Exclude<SelectionRule, 'best-feasible' | 'min-duality-gap'>) {}

  offer(candidate: C): void {
    this.#last = candidate;
    if (this.rule === 'last' || candidate.iteration === 0) return;
    if (!this.#best || prefer(this.rule, candidate, this.#best)) this.#best = candidate;
  }

  get last(): C | null {
    return this.#last;
  }

  /** The model's iterate; after a divergence the last good one, whatever the rule. */
  chosen(diverged: boolean): C | null {
    if (this.rule === 'last' || diverged) return this.#last;
    return this.#best ?? this.#last;
  }
}
