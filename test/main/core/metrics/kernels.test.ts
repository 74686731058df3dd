import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../../main/core/metrics/auc.js';
import { aucsByGroup, sortByScore } from '../../../../main/core/metrics/auc-by-group.js';
import { bce, bceOfClass, groupMetricsByGroup } from '../../../../main/core/metrics/group-metrics.js';
import { mulberry32 } from '../../../../shared/random.js';

/** The previous implementation, kept here as the reference: comparator sort over indices, average ranks of ties. */
function referenceAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, rows: number[]): number | null {
  const idx = [...rows];
  let positives = 0;
  for (const i of idx) if (labels[i]! > 0.5) positives++;
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) return null;
  idx.sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  for (let start = 0; start < idx.length;) {
    let end = start + 1;
    while (end < idx.length && scores[idx[end]!] === scores[idx[start]!]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (labels[idx[k]!]! > 0.5) rankSum += averageRank;
    start = end;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Random split data; `levels` > 0 rounds scores to that many values so ties are common. */
function randomData(seed: number, n: number, groupCount: number, levels: number) {
  const random = mulberry32(seed);
  const probs = new Float32Array(n);
  const labels = new Float32Array(n);
  const groups = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    groups[i] = Math.floor(random() ** 2 * groupCount);
    labels[i] = random() < 0.1 + 0.05 * groups[i]! ? 1 : 0;
    const p = Math.min(1, Math.max(0, 0.25 * labels[i]! + 0.7 * random()));
    probs[i] = levels > 0 ? Math.round(p * levels) / levels : p;
  }
  return { probs, labels, groups };
}

/** The given rows on their own, as one group: what one group's figures must equal when computed alone. */
function alone(probs: Float32Array, labels: Float32Array, rows: number[]) {
  const pick = (xs: Float32Array) => Float32Array.from(rows, (i) => xs[i]!);
  return { probs: pick(probs), labels: pick(labels), groups: new Int32Array(rows.length) };
}

const metricsAlone = (probs: Float32Array, labels: Float32Array, rows: number[]) => {
  const one = alone(probs, labels, rows);
  return groupMetricsByGroup(one.probs, one.labels, one.groups, 1, 0.5).perGroup[0]!;
};

describe('metric kernels against the previous implementation on random data', () => {
  for (const [seed, levels] of [
    [1, 0],
    [2, 20],
    [3, 3],
    [4, 1],
  ] as const) {
    it(`AUC, rates and losses agree (seed ${seed}, ${levels || 'continuous'} score levels)`, () => {
      const G = 7;
      const { probs, labels, groups } = randomData(seed, 5_000, G, levels);
      const rows: number[][] = Array.from({ length: G }, () => []);
      groups.forEach((g, i) => rows[g]!.push(i));
      const all = Array.from({ length: probs.length }, (_, i) => i);
      const fast = groupMetricsByGroup(probs, labels, groups, G, 0.5);
      expect(rocAuc(probs, labels)).toBeCloseTo(referenceAuc(probs, labels, all)!, 12);
      expect(fast.overall.auc).toBeCloseTo(referenceAuc(probs, labels, all)!, 12);
      const overallRef = metricsAlone(probs, labels, all);
      for (const key of ['n', 'positives', 'positiveRate', 'tpr', 'fpr', 'accuracy', 'ppv', 'npv'] as const)
        expect(fast.overall[key]).toBe(overallRef[key]);
      expect(fast.overall.loss).toBeCloseTo(overallRef.loss!, 10);
      for (let g = 0; g < G; g++) {
        const ref = referenceAuc(probs, labels, rows[g]!);
        const one = metricsAlone(probs, labels, rows[g]!);
        if (ref === null) {
          expect(one.auc).toBeNull();
          expect(fast.perGroup[g]!.auc).toBeNull();
        } else {
          expect(one.auc).toBeCloseTo(ref, 12);
          expect(fast.perGroup[g]!.auc).toBeCloseTo(ref, 12);
        }
        let loss = 0;
        let predicted = 0;
        for (const i of rows[g]!) {
          loss += bce(probs[i]!, labels[i]!);
          if (probs[i]! >= 0.5) predicted++;
        }
        expect(fast.perGroup[g]!.n).toBe(rows[g]!.length);
        expect(fast.perGroup[g]!.positiveRate).toBe(rows[g]!.length ? predicted / rows[g]!.length : null);
        expect(fast.perGroup[g]!.loss).toBe(rows[g]!.length ? loss / rows[g]!.length : null);
        expect({ ...fast.perGroup[g]!, auc: null }).toEqual({ ...one, auc: null });
      }
    });
  }

  it('the radix-sorted float32 path gives exactly the values of the per-group bucket sort (ties, signs, one-class groups)', () => {
    for (const [seed, levels] of [
      [6, 0],
      [7, 50],
      [8, 2],
    ] as const) {
      const G = 9;
      const { probs, labels, groups } = randomData(seed, 20_000, G, levels);
      // Signed zeros, negatives and a group with one class only.
      probs[0] = -0;
      probs[1] = 0;
      probs[2] = -0.25;
      for (let i = 0; i < groups.length; i++) if (groups[i] === G - 1) labels[i] = 1;
      const fast = groupMetricsByGroup(probs, labels, groups, G, 0.5);
      const bucketed = groupMetricsByGroup(Float64Array.from(probs), labels, groups, G, 0.5);
      expect(fast).toEqual(bucketed);
      expect(fast.perGroup[G - 1]!.auc).toBeNull();
      expect(fast.perGroup.filter((m) => m.auc !== null).length).toBeGreaterThan(5);
      // The sort carries each row's payload: here its index, whose scores must come out ascending.
      const { values } = sortByScore(probs, Uint32Array.from(probs.keys()))!;
      expect(new Set(values).size).toBe(probs.length);
      for (let k = 1; k < values.length; k++) expect(probs[values[k - 1]!]! <= probs[values[k]!]!).toBe(true);
    }
  });

  it('bce of a 0/1 label with one logarithm equals bce exactly, also at 0, 1, NaN and out of range', () => {
    const random = mulberry32(10);
    const ps = [0, 1, -0, 1e-30, 1 - 1e-16, Number.NaN, -0.5, 1.5, ...Array.from({ length: 2000 }, () => random())];
    for (const p of ps)
      for (const y of [0, 1] as const)
        expect(Object.is(bceOfClass(p, y), bce(p, y)) || bce(p, y) === bceOfClass(p, y)).toBe(true);
  });

  it('a NaN score leaves the float32 path to the bucket sort', () => {
    const probs = Float32Array.from([0.1, Number.NaN, 0.7, 0.4]);
    const labels = Float32Array.from([0, 1, 1, 0]);
    const groups = Int32Array.from([0, 0, 0, 0]);
    expect(aucsByGroup(probs, Uint32Array.from(labels), 1)).toBeNull();
    expect(groupMetricsByGroup(probs, labels, groups, 1, 0.5)).toEqual(
      groupMetricsByGroup(Float64Array.from(probs), labels, groups, 1, 0.5),
    );
  });

  it("one-pass group histograms equal each group's histogram computed alone", () => {
    const { probs, labels, groups } = randomData(5, 2_000, 4, 0);
    const rows: number[][] = Array.from({ length: 4 }, () => []);
    groups.forEach((g, i) => rows[g]!.push(i));
    const all = groupMetricsByGroup(probs, labels, groups, 4, 0.5).histograms;
    for (let g = 0; g < 4; g++) {
      const one = alone(probs, labels, rows[g]!);
      const own = groupMetricsByGroup(one.probs, one.labels, one.groups, 1, 0.5).histograms[0]!;
      expect(Array.from(all[g]!)).toEqual(Array.from(own));
    }
  });

  it('an empty group has no AUC and no rates', () => {
    const fast = groupMetricsByGroup(
      Float32Array.from([0.2, 0.8]),
      Float32Array.from([0, 1]),
      Int32Array.from([0, 0]),
      2,
      0.5,
    );
    expect(fast.overall.auc).toBe(1);
    expect(fast.perGroup[1]).toMatchObject({ n: 0, auc: null, loss: null, positiveRate: null });
  });
});
