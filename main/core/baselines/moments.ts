import type { LabelledGroups, ParityConstraint } from './parity.js';

/**
 * Fairlearn's parity moments (Agarwal et al. 2018, eq. 2–3): for every event (all rows for demographic parity; each
 * label for equalized odds) and group g, the signed pair
 *   +: E[h | event, A = g] − E[h | event]      −: E[h | event] − E[h | event, A = g]
 * each bounded by the difference bound. Rows are ordered as pairs (+ then −) per (event, group) cell.
 */
export interface MomentRow {
  sign: 1 | -1;
  /** 0 for demographic parity's single event; the label (0 or 1) for equalized odds. */
  event: number;
  group: number;
}

export interface ParityMoments {
  rows: MomentRow[];
  /** Error rate and moment values γ of 0/1 predictions on the fitting rows. */
  evaluate(pred: ArrayLike<number>): { error: number; gamma: Float64Array };
  /** d(λ·γ)/d pred_i: how much predicting 1 on row i moves the multiplier-weighted moments. */
  rowCoefficient(lambda: ArrayLike<number>, out: Float64Array): void;
}

export function parityMoments(
  constraint: ParityConstraint,
  data: LabelledGroups,
  groupCount: number,
  constrained: (group: number) => boolean = () => true,
): ParityMoments {
  const n = data.labels.length;
  const eventCount = constraint === 'demographic-parity' ? 1 : 2;
  const events = Int32Array.from({ length: n }, (_, i) => (eventCount === 1 ? 0 : data.labels[i] === 1 ? 1 : 0));
  const cellOf = (i: number) => events[i]! * groupCount + data.groups[i]!;
  const eventSize = new Float64Array(eventCount);
  const cellSize = new Float64Array(eventCount * groupCount);
  for (let i = 0; i < n; i++) {
    eventSize[events[i]!]!++;
    cellSize[cellOf(i)]!++;
  }
  const rows: MomentRow[] = [];
  for (let event = 0; event < eventCount; event++)
    for (let group = 0; group < groupCount; group++) {
      if (cellSize[event * groupCount + group] === 0 || !constrained(group)) continue;
      rows.push({ sign: 1, event, group }, { sign: -1, event, group });
    }
  return {
    rows,
    evaluate(pred) {
      const eventSum = new Float64Array(eventCount);
      const cellSum = new Float64Array(eventCount * groupCount);
      let wrong = 0;
      for (let i = 0; i < n; i++) {
        eventSum[events[i]!]! += pred[i]!;
        cellSum[cellOf(i)]! += pred[i]!;
        if (pred[i] !== data.labels[i]) wrong++;
      }
      const gamma = Float64Array.from(rows, (r) => {
        const cell = r.event * groupCount + r.group;
        return r.sign * (cellSum[cell]! / cellSize[cell]! - eventSum[r.event]! / eventSize[r.event]!);
      });
      return { error: n ? wrong / n : 0, gamma };
    },
    rowCoefficient(lambda, out) {
      // Net multiplier per cell, and its total per event (the event mean's share).
      const cellNet = new Float64Array(eventCount * groupCount);
      const eventNet = new Float64Array(eventCount);
      rows.forEach((r, k) => {
        const v = r.sign * lambda[k]!;
        cellNet[r.event * groupCount + r.group]! += v;
        eventNet[r.event]! += v;
      });
      for (let i = 0; i < n; i++) {
        const cell = cellOf(i);
        out[i] = cellNet[cell]! / cellSize[cell]! - eventNet[events[i]!]! / eventSize[events[i]!]!;
      }
    },
  };
}
