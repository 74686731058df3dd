import type { TaskConfig } from './task-config.js';

/** Below this share of the rarer class, a fixed 0.5 threshold tends to predict the common class for (almost) everyone. */
export const IMBALANCE_SHARE = 0.2;

/**
 * The warning to show before training when the labels are so imbalanced that the task's decision rule is likely to
 * predict one class for everyone (then every rate constraint is met trivially), or null. Choosing the threshold on
 * validation data (thresholdRule) or weighting the classes (classWeights) answers it.
 */
export function labelImbalanceWarning(
  config: Pick<TaskConfig, 'threshold' | 'thresholdRule' | 'classWeights'>,
  positiveShare: number,
): string | null {
  const minority = Math.min(positiveShare, 1 - positiveShare);
  if (minority >= IMBALANCE_SHARE || config.thresholdRule.rule !== 'fixed' || config.classWeights === 'balanced')
    return null;
  const rare = positiveShare < 0.5 ? 'positive' : 'negative';
  const common = rare === 'positive' ? 'negative' : 'positive';
  return (
    `only ${(minority * 100).toFixed(1)} % of the labels are ${rare}: at the fixed threshold ${config.threshold} the model is ` +
    `likely to predict ${common} for (almost) everyone, which meets rate constraints trivially. Choose the threshold on ` +
    `validation data ("thresholdRule": {"rule": "match-base-rate"}) or weight the classes ("classWeights": "balanced").`
  );
}
