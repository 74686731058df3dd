import type { RunWarning, SplitEvaluation } from '../../../shared/config/results.js';
import { VERDICT_CONFIDENCE, type RunWarningCode } from '../../../shared/verdicts.js';
import { normalQuantile } from './normal-quantile.js';

/**
 * Degenerate-model guard: a model that predicts (almost) one class for everyone, gives some group a selection rate of
 * exactly 0 or 1, or ranks no better than chance satisfies rate constraints for free. These warnings travel with the
 * run everywhere it is shown, and turn its rate-constraint verdicts into `trivial` (docs/verdicts.md).
 */

/** "Almost one class": the rarer predicted class covers under a tenth of its share in the labels, and under 5 %. */
const RARE_SHARE_CAP = 0.05;
const RARE_SHARE_FRACTION = 0.1;
/** A group's constant selection rate is flagged once the whole split's rate would give it this many of the other kind. */
const EXPECTED_OTHER = 5;

const pct = (v: number): string => `${(v * 100).toFixed(v < 0.01 && v > 0 ? 2 : 1)} %`;

/** One-sided lower confidence bound of an AUC (Hanley & McNeil, Radiology 1982). */
export function aucLowerBound(
  auc: number,
  positives: number,
  negatives: number,
  confidence = VERDICT_CONFIDENCE,
): number {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance =
    (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) /
    (positives * negatives);
  return auc - normalQuantile(confidence) * Math.sqrt(Math.max(0, variance));
}

/** Warnings for a model's predictions on one split; `ignoreGroups` (e.g. small groups) are not checked one by one. */
export function degenerateWarnings(
  evaluation: Pick<SplitEvaluation, 'auc' | 'groups'>,
  ignoreGroups: readonly string[] = [],
): RunWarning[] {
  const warnings: RunWarning[] = [];
  const warn = (code: RunWarningCode, message: string): void => void warnings.push({ code, message });
  const groups = Object.entries(evaluation.groups).filter(([, g]) => g.n > 0);
  const n = groups.reduce((s, [, g]) => s + g.n, 0);
  if (n === 0) return warnings;
  const positives = groups.reduce((s, [, g]) => s + g.positives, 0);
  const predicted = groups.reduce((s, [, g]) => s + Math.round((g.positiveRate ?? 0) * g.n), 0);
  const selection = predicted / n;
  const baseRate = positives / n;

  const rarePositive = selection < Math.min(RARE_SHARE_CAP, RARE_SHARE_FRACTION * baseRate);
  const rareNegative = 1 - selection < Math.min(RARE_SHARE_CAP, RARE_SHARE_FRACTION * (1 - baseRate));
  if (selection === 0 || selection === 1 || rarePositive || rareNegative) {
    const cls = selection < 0.5 ? 'negative' : 'positive';
    warn(
      'single-class-predictions',
      `predicts ${cls} for ${pct(Math.max(selection, 1 - selection))} of rows at the decision threshold (actual positives: ${pct(baseRate)})`,
    );
  }

  const constant = groups
    .filter(([name]) => !ignoreGroups.includes(name))
    .filter(([, g]) => {
      const rate = g.positiveRate;
      if (rate === null) return false;
      if (rate === 0) return g.n * selection >= EXPECTED_OTHER;
      if (rate === 1) return g.n * (1 - selection) >= EXPECTED_OTHER;
      return false;
    });
  if (constant.length) {
    const list = constant
      .map(([name, g]) => `${name} (${g.positiveRate === 0 ? 'nobody' : 'everyone'} of ${g.n})`)
      .join(', ');
    warn('constant-group-predictions', `selects ${list} at the decision threshold`);
  }

  const negatives = n - positives;
  if (evaluation.auc !== null && positives > 0 && negatives > 0) {
    const lower = aucLowerBound(evaluation.auc, positives, negatives);
    if (lower <= 0.5) {
      warn(
        'chance-level-auc',
        `AUC ${evaluation.auc.toFixed(3)} (95 % lower bound ${lower.toFixed(3)}) is not better than chance`,
      );
    }
  }
  return warnings;
}

/** The reason a model's constraints are trivial (these warnings), or null when the model is informative. */
export function trivialReason(warnings: readonly RunWarning[]): string | null {
  return warnings.length ? `degenerate model: ${warnings.map((w) => w.code).join(', ')}` : null;
}
