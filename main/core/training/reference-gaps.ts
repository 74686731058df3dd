import type { GroupEvaluation, SplitEvaluation } from '../../../shared/config/results.js';
import {
  CONSTRAINT_KINDS,
  CONSTRAINT_TOPOLOGIES,
  type ConstraintKind,
  type ConstraintTopology,
} from '../../../shared/fairness.js';
import type { GapEstimate } from '../../../shared/ipc/channels/training.js';

type Rate = 'loss' | 'positiveRate' | 'tpr' | 'fpr' | 'accuracy';

/** Weight of a group in the overall value of a rate: the rows the rate is a mean over. */
function weight(g: GroupEvaluation, rate: Rate): number {
  if (rate === 'tpr') return g.positives;
  if (rate === 'fpr') return g.n - g.positives;
  return g.n;
}

function rateGap(groups: GroupEvaluation[], rate: Rate, topology: ConstraintTopology): number | null {
  const known = groups.filter((g) => g[rate] !== null && weight(g, rate) > 0);
  if (known.length < 2) return null;
  const values = known.map((g) => g[rate]!);
  if (topology === 'pairwise') return Math.max(...values) - Math.min(...values);
  const total = known.reduce((s, g) => s + weight(g, rate), 0);
  const overall = known.reduce((s, g) => s + weight(g, rate) * g[rate]!, 0) / total;
  return Math.max(...values.map((v) => Math.abs(v - overall)));
}

/**
 * The gap a model has on one split, per constraint kind and topology, from its per-group table: the number the
 * tolerance will be compared with. Groups with fewer than minSize *training* rows are left out, as the constraints
 * leave them out; a group that is small only on this split stays (German credit's under-25 groups have 39 and 50
 * training rows but 13 and 17 test rows, and carry its largest gap).
 */
export function gapsFromSplit(split: SplitEvaluation, train: SplitEvaluation, minSize: number): GapEstimate[] {
  const groups = Object.entries(split.groups)
    .filter(([name]) => (train.groups[name]?.n ?? 0) >= minSize)
    .map(([, g]) => g);
  const gap = (kind: ConstraintKind, topology: ConstraintTopology): number | null => {
    switch (kind) {
      case 'loss-gap':
        return rateGap(groups, 'loss', topology);
      case 'positive-rate-gap':
        return rateGap(groups, 'positiveRate', topology);
      case 'tpr-gap':
        return rateGap(groups, 'tpr', topology);
      case 'equalized-odds': {
        const tpr = rateGap(groups, 'tpr', topology);
        const fpr = rateGap(groups, 'fpr', topology);
        return tpr === null || fpr === null ? null : Math.max(tpr, fpr);
      }
      case 'accuracy-gap':
        return rateGap(groups, 'accuracy', topology);
      case 'worst-group-loss': {
        const losses = groups.map((g) => g.loss).filter((l): l is number => l !== null);
        return losses.length ? Math.max(...losses) : null;
      }
    }
  };
  return CONSTRAINT_KINDS.flatMap((kind) =>
    CONSTRAINT_TOPOLOGIES.map((topology) => ({ kind, topology, value: gap(kind, topology) })),
  );
}
