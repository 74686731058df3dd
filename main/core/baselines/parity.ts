import type { ParityConstraint } from '../../../shared/config/baseline.js';

export type { ParityConstraint };

/** Labels and group ids of rows; what the baselines' constraints and metrics read. */
export interface LabelledGroups {
  labels: ArrayLike<number>;
  groups: ArrayLike<number>;
}

export interface ScoredRows extends LabelledGroups {
  scores: ArrayLike<number>;
}
