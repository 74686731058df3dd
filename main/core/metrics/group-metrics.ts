import type { GroupEvaluation } from '../../../shared/config/results.js';
import { rocAuc } from './auc.js';

/** Exact (thresholded) per-group metrics on a set of rows, plus the rates the summary metrics need. */
export interface GroupMetrics extends GroupEvaluation {
  ppv: number | null;
  npv: number | null;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Mean BCE of a probability against a 0/1 label, with probabilities clipped away from 0 and 1 as torch does (log ≥ −100). */
export function bce(p: number, y: number): number {
  const logP = Math.max(Math.log(p), -100);
  const log1mP = Math.max(Math.log(1 - p), -100);
  return -(y * logP + (1 - y) * log1mP);
}

export function groupMetrics(probs: ArrayLike<number>, labels: ArrayLike<number>, rows: ArrayLike<number>, threshold: number): GroupMetrics {
  let positives = 0;
  let predictedPositive = 0;
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  let loss = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    const y = labels[i]! > 0.5 ? 1 : 0;
    const p = probs[i]!;
    const yhat = p >= threshold ? 1 : 0;
    positives += y;
    predictedPositive += yhat;
    if (y && yhat) tp++;
    else if (!y && yhat) fp++;
    else if (!y && !yhat) tn++;
    else fn++;
    loss += bce(p, y);
  }
  const n = rows.length;
  return {
    n,
    positives,
    loss: n > 0 ? loss / n : null,
    baseRate: ratio(positives, n),
    positiveRate: ratio(predictedPositive, n),
    tpr: ratio(tp, tp + fn),
    fpr: ratio(fp, fp + tn),
    accuracy: ratio(tp + tn, n),
    auc: rocAuc(probs, labels, rows),
    ppv: ratio(tp, tp + fp),
    npv: ratio(tn, tn + fn),
  };
}
