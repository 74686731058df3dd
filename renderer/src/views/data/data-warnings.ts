import type { LabelStats, LeakageSuspect } from '../../../../shared/ipc/channels/datasets.js';

/** Below this share of the rarer class a label counts as strongly imbalanced. */
const IMBALANCED = 0.15;
/** A threshold this far from the base rate likely sits outside most predicted probabilities. */
const FAR_THRESHOLD = 0.3;

export interface DataWarning {
  kind: 'imbalance' | 'threshold' | 'leakage';
  text: string;
}

/**
 * What the Data tab warns about once the label is known, each with its reason: a strongly imbalanced label, a
 * decision threshold far from the base rate (a model that learns little then puts everyone on one side of it, and
 * its fairness figures say nothing), and columns that may leak the label (warnings when measured, questions when only
 * their name and a good score point to it).
 */
export function dataWarnings(stats: LabelStats, threshold: number, leakage: readonly LeakageSuspect[]): DataWarning[] {
  const out: DataWarning[] = [];
  const rate = stats.baseRate;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const minority = Math.min(rate, 1 - rate);
  if (minority < IMBALANCED) {
    const rare = rate < 0.5 ? 'positive' : 'negative';
    out.push({
      kind: 'imbalance',
      text: `The label is strongly imbalanced: only ${pct(minority)} of rows are ${rare}. Accuracy is then misleading (always guessing the majority scores ${pct(1 - minority)}); read AUC and per-group rates instead.`,
    });
  }
  // Predicted probabilities cluster around the base rate; a threshold on the far side of it flags almost no one.
  if (Math.abs(threshold - rate) >= FAR_THRESHOLD) {
    const side = rate < threshold ? 'negative' : 'positive';
    out.push({
      kind: 'threshold',
      text: `With a base rate of ${pct(rate)}, a decision threshold of ${threshold} is likely to predict ${side} for nearly everyone, and a model that predicts one class for everyone cannot be judged fair. Consider a threshold nearer the base rate (Audit tab) and check the selection rates.`,
    });
  }
  // A measured near-perfect or unusually strong predictor is a warning; a suspicious name with a good score, a question.
  for (const l of leakage)
    out.push({ kind: 'leakage', text: l.kind === 'recorded-after' ? l.reason : `Possible leakage — ${l.reason}` });
  return out;
}
