import type { Highs } from 'highs';
import { FairboundError } from '../../../shared/errors.js';
import { solveCsrLp } from './csr-lp.js';
import type { ParityConstraint, ScoredRows } from './parity.js';

/**
 * Post-processing by group-specific thresholds (Hardt, Price & Srebro 2016; Fairlearn's ThresholdOptimizer).
 * Each group's derived predictor is a randomised mixture of threshold rules "predict 1 when score ≥ t". Any mixture
 * reaches exactly the convex hull of the group's ROC points, so one linear program over the mixture weights of every
 * candidate threshold finds the error-minimising predictor whose selection rates (demographic parity) or true- and
 * false-positive rates (equalized odds) agree across groups within the tolerance:
 *   min Σ_g Σ_k w_gk·errors_gk / n   s.t.  Σ_k w_gk = 1,  w ≥ 0,  |rate_g(w) − z| ≤ tolerance / 2  (z free)
 * A basic optimal solution mixes at most two thresholds in most groups, as in the paper. The predictor needs the
 * protected attribute of every row it scores.
 */

export interface ThresholdWeight {
  /** Predict 1 when score ≥ threshold; +Infinity predicts 0 for everyone. */
  threshold: number;
  weight: number;
}

export interface GroupPostprocessor {
  group: number;
  /** Mixture weights (sum 1): P(ŷ = 1 | score) = Σ weight·[score ≥ threshold]. */
  mixture: ThresholdWeight[];
  /** Rates the mixture reaches on the rows it was fitted on. */
  selectionRate: number;
  tpr: number | null;
  fpr: number | null;
}

export interface ThresholdOptimizer {
  constraint: ParityConstraint;
  tolerance: number;
  /** Indexed by group id; null for a group without fitting rows (it cannot be scored). */
  groups: (GroupPostprocessor | null)[];
  /** Expected error rate on the fitting rows. */
  fitError: number;
  /** Groups left out of the constraint, and why. */
  notes: string[];
}

interface Candidate {
  threshold: number;
  truePositives: number;
  falsePositives: number;
}

/** Every distinct threshold of a group, from "nobody" (+∞) to "everybody" (its lowest score), with its counts. */
function candidates(scores: ArrayLike<number>, labels: ArrayLike<number>, rows: number[]): Candidate[] {
  const sorted = [...rows].sort((a, b) => scores[b]! - scores[a]!);
  const out: Candidate[] = [{ threshold: Number.POSITIVE_INFINITY, truePositives: 0, falsePositives: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < sorted.length; i++) {
    const row = sorted[i]!;
    if (labels[row] === 1) tp++;
    else fp++;
    const next = sorted[i + 1];
    if (next === undefined || scores[next]! < scores[row]!)
      out.push({ threshold: scores[row]!, truePositives: tp, falsePositives: fp });
  }
  return out;
}

export function fitThresholdOptimizer(
  highs: Highs,
  data: ScoredRows,
  groupCount: number,
  constraint: ParityConstraint,
  options: { tolerance?: number; constrained?: (group: number) => boolean } = {},
): ThresholdOptimizer {
  const tolerance = options.tolerance ?? 0;
  if (!(tolerance >= 0 && tolerance <= 1))
    throw new FairboundError('invalid-payload', `tolerance must lie in [0, 1], got ${tolerance}`);
  const n = data.labels.length;
  const byGroup: number[][] = Array.from({ length: groupCount }, () => []);
  for (let i = 0; i < n; i++) byGroup[data.groups[i]!]!.push(i);
  const notes: string[] = [];
  const perGroup = byGroup.map((rows) => (rows.length ? candidates(data.scores, data.labels, rows) : null));
  const positives = byGroup.map((rows) => rows.filter((r) => data.labels[r] === 1).length);

  // Columns: the candidates of every group, then one free target per constrained rate.
  const rateNames = constraint === 'demographic-parity' ? ['selection rate'] : ['TPR', 'FPR'];
  const offsets: number[] = [];
  let columns = 0;
  for (const c of perGroup) {
    offsets.push(columns);
    columns += c?.length ?? 0;
  }
  const targetColumn = columns;
  columns += rateNames.length;

  const colCost = new Float64Array(columns);
  const colLower = new Float64Array(columns);
  const colUpper = new Float64Array(columns).fill(1);
  for (let r = 0; r < rateNames.length; r++) {
    colLower[targetColumn + r] = -highs.infinity;
    colUpper[targetColumn + r] = highs.infinity;
  }
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const addRow = (entries: [number, number][], lower: number, upper: number): void => {
    for (const [col, v] of entries) {
      indices.push(col);
      values.push(v);
    }
    starts.push(indices.length);
    rowLower.push(lower);
    rowUpper.push(upper);
  };

  perGroup.forEach((cands, g) => {
    if (!cands) return;
    const size = byGroup[g]!.length;
    const negatives = size - positives[g]!;
    cands.forEach((c, k) => {
      const errors = c.falsePositives + (positives[g]! - c.truePositives);
      colCost[offsets[g]! + k] = errors / n;
    });
    addRow(
      cands.map((_, k) => [offsets[g]! + k, 1]),
      1,
      1,
    );
    if (options.constrained && !options.constrained(g)) {
      notes.push(`group ${g} is not constrained (small or excluded): it keeps its error-minimising threshold`);
      return;
    }
    const rates: ((c: Candidate) => number)[] =
      constraint === 'demographic-parity'
        ? [(c) => (c.truePositives + c.falsePositives) / size]
        : [(c) => c.truePositives / positives[g]!, (c) => c.falsePositives / negatives];
    if (constraint === 'equalized-odds' && (positives[g] === 0 || negatives === 0)) {
      notes.push(
        `group ${g} has only one label among its fitting rows, so its TPR or FPR is undefined: it is not constrained`,
      );
      return;
    }
    rates.forEach((rate, r) => {
      addRow(
        [...cands.map((c, k): [number, number] => [offsets[g]! + k, rate(c)]), [targetColumn + r, -1]],
        -tolerance / 2,
        tolerance / 2,
      );
    });
  });

  const outcome = solveCsrLp(highs, { colCost, colLower, colUpper, rowLower, rowUpper, starts, indices, values });
  if (!outcome.optimal)
    throw new FairboundError(
      'internal',
      `the threshold LP did not solve to optimality (HiGHS status ${outcome.status})`,
    );
  const weights = outcome.colValue;
  const fitError = outcome.objective;

  const groups = perGroup.map((cands, g): GroupPostprocessor | null => {
    if (!cands) return null;
    const kept = cands
      .map((c, k) => ({ c, weight: Math.max(0, weights[offsets[g]! + k]!) }))
      .filter((x) => x.weight > 1e-9);
    const total = kept.reduce((s, x) => s + x.weight, 0);
    const size = byGroup[g]!.length;
    const negatives = size - positives[g]!;
    let tp = 0;
    let fp = 0;
    for (const x of kept) {
      tp += (x.weight / total) * x.c.truePositives;
      fp += (x.weight / total) * x.c.falsePositives;
    }
    return {
      group: g,
      mixture: kept.map((x) => ({ threshold: x.c.threshold, weight: x.weight / total })),
      selectionRate: (tp + fp) / size,
      tpr: positives[g] ? tp / positives[g]! : null,
      fpr: negatives ? fp / negatives : null,
    };
  });
  return { constraint, tolerance, groups, fitError, notes };
}

/** P(ŷ = 1) for one row: the expected decision of the group's randomised threshold rule. */
export function thresholdProbability(optimizer: ThresholdOptimizer, score: number, group: number): number {
  const post = optimizer.groups[group];
  if (!post)
    throw new FairboundError(
      'invalid-payload',
      `group ${group} had no rows when the thresholds were fitted, so its rows cannot be scored`,
    );
  let p = 0;
  for (const m of post.mixture) if (score >= m.threshold) p += m.weight;
  return Math.min(1, p);
}

export function applyThresholdOptimizer(
  optimizer: ThresholdOptimizer,
  data: Pick<ScoredRows, 'scores' | 'groups'>,
): Float64Array {
  return Float64Array.from({ length: data.groups.length }, (_, i) =>
    thresholdProbability(optimizer, data.scores[i]!, data.groups[i]!),
  );
}
