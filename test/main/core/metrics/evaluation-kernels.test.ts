import { describe, expect, it } from 'vitest';
import type { PreparedGroup } from '../../../../main/core/data/prepared-task.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { aucsByGroup, sortByScore } from '../../../../main/core/metrics/auc-by-group.js';
import { groupMetricsByGroup, type GroupMetrics } from '../../../../main/core/metrics/group-metrics.js';
import { evaluateSplit } from '../../../../main/core/metrics/split-evaluation.js';
import { wasserstein1d } from '../../../../main/core/metrics/wasserstein.js';
import { mulberry32 } from '../../../../shared/random.js';

/*
 * The evaluation's kernels were made faster: the radix sort reuses its arrays and takes two 16-bit passes on large
 * inputs, tied blocks are tallied in typed arrays instead of Maps, and the pairwise summaries read typed arrays (one
 * statistic's largest gap as max − min). The previous code is kept here as the reference; the new must give exactly
 * (not approximately) its values.
 */

/** The previous sort: three 11-bit LSD passes into fresh arrays. */
function previousSort(scores: Float32Array, payload: Uint32Array): { keys: Uint32Array; values: Uint32Array } | null {
  const n = scores.length;
  const bitsOf = new Uint32Array(scores.buffer, scores.byteOffset, n);
  let keys = new Uint32Array(n);
  const counts = [new Uint32Array(2048), new Uint32Array(2048), new Uint32Array(2048)];
  for (let i = 0; i < n; i++) {
    let b = bitsOf[i]!;
    if ((b & 0x7fffffff) > 0x7f800000) return null;
    if (b === 0x80000000) b = 0;
    const key = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[i] = key;
    for (let pass = 0; pass < 3; pass++) counts[pass]![(key >>> (11 * pass)) & 2047]!++;
  }
  for (const c of counts) {
    let at = 0;
    for (let d = 0; d < 2048; d++) {
      const k = c[d]!;
      c[d] = at;
      at += k;
    }
  }
  let values = payload;
  for (let pass = 0; pass < 3; pass++) {
    const nextKeys = new Uint32Array(n);
    const nextValues = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const to = counts[pass]![(keys[i]! >>> (11 * pass)) & 2047]!++;
      nextKeys[to] = keys[i]!;
      nextValues[to] = values[i]!;
    }
    keys = nextKeys;
    values = nextValues;
  }
  return { keys, values };
}

/** The previous sweep: tied blocks credited group by group through Maps. */
function previousAucs(scores: Float32Array, payload: Uint32Array, groupCount: number) {
  const sorted = previousSort(scores, payload);
  if (!sorted) return null;
  const { keys, values } = sorted;
  const n = scores.length;
  const positives = new Float64Array(groupCount);
  const negatives = new Float64Array(groupCount);
  const pairs = new Float64Array(groupCount);
  let [allNegatives, allPositives, allPairs] = [0, 0, 0];
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && keys[end] === keys[start]) end++;
    if (end === start + 1) {
      const g = values[start]! >>> 1;
      if (values[start]! & 1) {
        pairs[g]! += negatives[g]!;
        positives[g]!++;
        allPairs += allNegatives;
        allPositives++;
      } else {
        negatives[g]!++;
        allNegatives++;
      }
    } else {
      const blockPositives = new Map<number, number>();
      const blockNegatives = new Map<number, number>();
      for (let k = start; k < end; k++) {
        const counts = values[k]! & 1 ? blockPositives : blockNegatives;
        counts.set(values[k]! >>> 1, (counts.get(values[k]! >>> 1) ?? 0) + 1);
      }
      let blockPos = 0;
      let blockNeg = 0;
      for (const c of blockPositives.values()) blockPos += c;
      for (const c of blockNegatives.values()) blockNeg += c;
      allPairs += blockPos * (allNegatives + blockNeg / 2);
      allNegatives += blockNeg;
      allPositives += blockPos;
      for (const g of new Set([...blockPositives.keys(), ...blockNegatives.keys()])) {
        const p = blockPositives.get(g) ?? 0;
        const q = blockNegatives.get(g) ?? 0;
        pairs[g]! += p * (negatives[g]! + q / 2);
        negatives[g]! += q;
        positives[g]! += p;
      }
    }
    start = end;
  }
  const auc = (pairSum: number, p: number, q: number) => (p > 0 && q > 0 ? pairSum / (p * q) : null);
  return {
    overall: auc(allPairs, allPositives, allNegatives),
    perGroup: Array.from({ length: groupCount }, (_, g) => auc(pairs[g]!, positives[g]!, negatives[g]!)),
  };
}

/** The previous wasserstein1d: bin centres' distance computed at every step. */
function previousWasserstein(u: Float64Array, v: Float64Array, p = 2): number {
  const bins = u.length;
  const centre = (b: number): number => (b + 0.5) / bins;
  let [i, j, leftU, leftV, cost] = [0, 0, u[0]!, v[0]!, 0];
  while (i < bins && j < bins) {
    if (leftU <= 1e-15) {
      i++;
      if (i < bins) leftU = u[i]!;
      continue;
    }
    if (leftV <= 1e-15) {
      j++;
      if (j < bins) leftV = v[j]!;
      continue;
    }
    const mass = Math.min(leftU, leftV);
    cost += mass * Math.abs(centre(i) - centre(j)) ** p;
    leftU -= mass;
    leftV -= mass;
  }
  return cost;
}

/** The previous pairwise summaries: a closure per pair over the compared groups' metric objects. */
function previousSummaries(compared: number[], perGroup: GroupMetrics[], histograms: Float64Array[]) {
  const maxPair = (f: (a: GroupMetrics, b: GroupMetrics, ga: number, gb: number) => number | null) => {
    let best: number | null = null;
    for (let i = 0; i < compared.length; i++)
      for (let j = i + 1; j < compared.length; j++) {
        const v = f(perGroup[compared[i]!]!, perGroup[compared[j]!]!, compared[i]!, compared[j]!);
        if (v !== null && (best === null || v > best)) best = v;
      }
    return best;
  };
  const gap = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.abs(a - b));
  const sum = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  return {
    independence: maxPair((a, b) => gap(a.positiveRate, b.positiveRate)),
    separation: maxPair((a, b) => sum(gap(a.tpr, b.tpr), gap(a.fpr, b.fpr))),
    sufficiency: maxPair((a, b) => sum(gap(a.ppv, b.ppv), gap(a.npv, b.npv))),
    wasserstein: maxPair((_a, _b, ga, gb) => previousWasserstein(histograms[ga]!, histograms[gb]!)),
    lossGap: maxPair((a, b) => gap(a.loss, b.loss)),
  };
}

/** Random float32 scores (rounded to `levels` values when > 0, so ties are common) with signed zeros and negatives. */
function randomScores(seed: number, n: number, groupCount: number, levels: number) {
  const random = mulberry32(seed);
  const scores = new Float32Array(n);
  const payload = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.floor(random() ** 2 * groupCount);
    const y = random() < 0.2 + (0.6 * g) / groupCount ? 1 : 0;
    const p = 0.3 * y + 0.7 * random();
    scores[i] = levels > 0 ? Math.round(p * levels) / levels : p;
    payload[i] = g * 2 + y;
  }
  scores[0] = -0;
  scores[1] = 0;
  scores[2] = -0.5;
  scores[3] = 3;
  return { scores, payload };
}

const bytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const sameBytes = (a: Uint32Array, b: Uint32Array) => bytes(a).equals(bytes(b));

describe('the radix sort and AUC sweep against the previous code', () => {
  // Sizes on both sides of the 16-bit digits' threshold (65,536), in an order that makes the kept arrays grow and
  // then be reused for smaller inputs.
  const cases = [
    [1, 1_000, 0],
    [2, 70_000, 0],
    [3, 5_000, 7],
    [4, 100_000, 40],
    [5, 65_536, 3],
    [6, 20_000, 1],
    [7, 100_000, 1000],
  ] as const;
  for (const [seed, n, levels] of cases)
    it(`keys, payloads and every group's AUC are exactly equal (${n} rows, ${levels || 'continuous'} levels)`, () => {
      const G = 30;
      const { scores, payload } = randomScores(seed, n, G, levels);
      const before = previousSort(scores, payload)!;
      const after = sortByScore(scores, payload)!;
      expect(sameBytes(after.keys, before.keys)).toBe(true);
      expect(sameBytes(after.values, before.values)).toBe(true);
      const aucs = aucsByGroup(scores, payload, G)!;
      expect(aucs).toEqual(previousAucs(scores, payload, G));
      expect(aucs.perGroup.filter((a) => a !== null).length).toBeGreaterThan(20);
    });

  it('leaves the caller’s payload as it was and gives null for a NaN score', () => {
    const { scores, payload } = randomScores(8, 80_000, 5, 0);
    const copy = payload.slice();
    sortByScore(scores, payload);
    expect(sameBytes(payload, copy)).toBe(true);
    scores[70_000] = Number.NaN;
    expect(sortByScore(scores, payload)).toBeNull();
    expect(aucsByGroup(scores, payload, 5)).toBeNull();
  });
});

describe("evaluateSplit's pairwise summaries against the previous per-pair closures", () => {
  for (const [seed, G, levels] of [
    [11, 6, 0],
    [12, 40, 10],
    [13, 80, 2],
    [14, 5, 0],
  ] as const)
    it(`independence, separation, sufficiency, Wasserstein and loss gap are exactly equal (${G} groups, ${levels || 'continuous'} levels)`, () => {
      const random = mulberry32(seed);
      const n = 20_000;
      const probs = new Float32Array(n);
      const labels = new Float32Array(n);
      const groups = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        // Group 0 only positives (no FPR), group 1 only negatives (no TPR), the last group empty.
        const g = Math.floor(random() ** 2 * (G - 1));
        groups[i] = g;
        labels[i] = g === 0 ? 1 : g === 1 ? 0 : random() < 0.4 ? 1 : 0;
        const p = 0.3 * labels[i]! + 0.7 * random();
        probs[i] = levels > 0 ? Math.round(p * levels) / levels : p;
      }
      const prepared: PreparedGroup[] = Array.from({ length: G }, (_, g) => ({
        name: `g${g}`,
        parts: [`g${g}`],
        trainCount: 100,
        small: g % 5 === 4,
      }));
      const plan = buildConstraintPlan(
        [{ kind: 'positive-rate-gap', topology: 'each-vs-overall', tolerance: 0.05 }],
        prepared,
      );
      const { perGroup, histograms } = groupMetricsByGroup(probs, labels, groups, G, 0.5);
      const present = prepared.map((_, g) => g).filter((g) => perGroup[g]!.n > 0);
      const large = present.filter((g) => !prepared[g]!.small);
      const summary = evaluateSplit(probs, { rows: n, labels, groups }, prepared, plan, 0.5).evaluation.summary;
      const { aucMean: _a, inaccuracy: _i, ...pairs } = summary;
      expect(pairs).toEqual(previousSummaries(large.length >= 2 ? large : present, perGroup, histograms));
      expect(pairs.separation).not.toBeNull();
    });

  it('wasserstein1d equals the previous per-step computation on random histograms, also for p = 1 and 3', () => {
    const random = mulberry32(15);
    for (let k = 0; k < 200; k++) {
      const bins = k % 2 ? 50 : 7;
      const histogram = () => {
        const h = Float64Array.from({ length: bins }, () => (random() < 0.3 ? 0 : random()));
        const total = h.reduce((a, b) => a + b, 0) || 1;
        return h.map((x) => x / total);
      };
      const [u, v] = [histogram(), histogram()];
      for (const p of [1, 2, 3]) expect(wasserstein1d(u, v, p)).toBe(previousWasserstein(u, v, p));
    }
  });

  it('are null when fewer than two groups have the statistic', () => {
    const probs = Float32Array.from([0.2, 0.7, 0.9]);
    const labels = Float32Array.from([1, 1, 1]);
    const groups = Int32Array.from([0, 0, 1]);
    const prepared: PreparedGroup[] = ['a', 'b'].map((name) => ({ name, parts: [name], trainCount: 5, small: false }));
    const plan = buildConstraintPlan([], prepared);
    const { summary } = evaluateSplit(probs, { rows: 3, labels, groups }, prepared, plan, 0.5).evaluation;
    const { perGroup, histograms } = groupMetricsByGroup(probs, labels, groups, 2, 0.5);
    const { aucMean: _a, inaccuracy: _i, ...pairs } = summary;
    expect(pairs).toEqual(previousSummaries([0, 1], perGroup, histograms));
    expect(pairs.separation).toBeNull(); // no negatives: FPR undefined in both groups
    expect(pairs.independence).not.toBeNull();
  });
});
