import { describe, expect, it } from 'vitest';
import { bce, groupMetricsByGroup, type GroupMetrics } from '../../../../main/core/metrics/group-metrics.js';
import { mulberry32 } from '../../../../shared/random.js';

/*
 * groupMetricsByGroup's single pass replaced four passes over the rows: the per-group tally (objects), the Wasserstein
 * histograms, the radix sort's payload and the constraint bounds' counts. The previous passes are kept here as the
 * reference; the fused pass must give exactly (not approximately) their values.
 */

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** The previous per-group tally: an object per group, then the rates (AUC compared elsewhere: null here). */
function previousMetrics(probs: ArrayLike<number>, labels: ArrayLike<number>, groups: ArrayLike<number>, G: number) {
  const tallies = Array.from({ length: G }, () => ({ n: 0, positives: 0, tp: 0, fp: 0, loss: 0 }));
  const all = { n: probs.length, positives: 0, tp: 0, fp: 0, loss: 0 };
  for (let i = 0; i < probs.length; i++) {
    const t = tallies[groups[i]!]!;
    const y = labels[i]! > 0.5 ? 1 : 0;
    const p = probs[i]!;
    const loss = bce(p, y);
    t.n++;
    t.positives += y;
    t.loss += loss;
    all.loss += loss;
    all.positives += y;
    if (p >= 0.5) {
      if (y) t.tp++;
      else t.fp++;
    }
  }
  for (const t of tallies) {
    all.tp += t.tp;
    all.fp += t.fp;
  }
  const metrics = (t: typeof all): Omit<GroupMetrics, 'auc'> => {
    const fn = t.positives - t.tp;
    const tn = t.n - t.positives - t.fp;
    return {
      n: t.n,
      positives: t.positives,
      loss: t.n > 0 ? t.loss / t.n : null,
      baseRate: ratio(t.positives, t.n),
      positiveRate: ratio(t.tp + t.fp, t.n),
      tpr: ratio(t.tp, t.tp + fn),
      fpr: ratio(t.fp, t.fp + tn),
      accuracy: ratio(t.tp + tn, t.n),
      ppv: ratio(t.tp, t.tp + t.fp),
      npv: ratio(tn, tn + fn),
    };
  };
  return { overall: metrics(all), perGroup: tallies.map(metrics) };
}

/** The previous countGroups (with loss moments): one more pass, two logarithms a row. */
function previousCounts(probs: ArrayLike<number>, labels: ArrayLike<number>, groups: ArrayLike<number>, G: number) {
  const fields = ['n', 'positives', 'predicted', 'truePositives', 'falsePositives', 'correct', 'lossSum', 'lossSumSq'];
  const c = Object.fromEntries(fields.map((f) => [f, new Float64Array(G)])) as Record<string, Float64Array>;
  for (let i = 0; i < probs.length; i++) {
    const g = groups[i]!;
    const y = labels[i]! > 0.5 ? 1 : 0;
    const p = probs[i]!;
    const yhat = p >= 0.5 ? 1 : 0;
    c.n![g]! += 1;
    c.positives![g]! += y;
    c.predicted![g]! += yhat;
    c.truePositives![g]! += y & yhat;
    c.falsePositives![g]! += (1 - y) & yhat;
    c.correct![g]! += y === yhat ? 1 : 0;
    const l = bce(p, y);
    c.lossSum![g]! += l;
    c.lossSumSq![g]! += l * l;
  }
  return c;
}

/** The previous histogramsByGroup: 50 bins on [0, 1], normalised per group. */
function previousHistograms(probs: ArrayLike<number>, groups: ArrayLike<number>, G: number, bins = 50) {
  const counts = new Float64Array(G * bins);
  const sizes = new Float64Array(G);
  for (let i = 0; i < probs.length; i++) {
    const g = groups[i]!;
    counts[g * bins + Math.min(bins - 1, Math.max(0, Math.floor(probs[i]! * bins)))]! += 1;
    sizes[g]! += 1;
  }
  return Array.from({ length: G }, (_, g) => {
    const h = counts.subarray(g * bins, (g + 1) * bins);
    if (sizes[g]! > 0) for (let b = 0; b < bins; b++) h[b] = h[b]! / sizes[g]!;
    return Array.from(h);
  });
}

/** Random rows; `levels` > 0 rounds scores so ties are common; some scores outside [0, 1], an empty group. */
function randomRows(seed: number, n: number, G: number, levels: number, float64: boolean) {
  const random = mulberry32(seed);
  const probs = float64 ? new Float64Array(n) : new Float32Array(n);
  const labels = new Float32Array(n);
  const groups = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    groups[i] = Math.floor(random() ** 2 * (G - 1)); // group G − 1 stays empty
    labels[i] = random() < 0.1 + (0.7 * groups[i]!) / G ? 1 : 0;
    const p = 0.3 * labels[i]! + 0.7 * random();
    probs[i] = levels > 0 ? Math.round(p * levels) / levels : p;
  }
  probs[0] = 0;
  probs[1] = 1;
  probs[2] = 1.25;
  probs[3] = -0.25;
  return { probs, labels, groups };
}

describe('the fused pass of groupMetricsByGroup against the previous separate passes', () => {
  for (const [seed, G, levels, float64] of [
    [1, 5, 0, false],
    [2, 12, 20, false],
    [3, 30, 3, true],
    [4, 80, 0, false],
    [5, 9, 0, true],
  ] as const) {
    it(`metrics, counts and histograms are exactly equal (seed ${seed}, ${G} groups, ${levels || 'continuous'} levels, ${float64 ? 'float64' : 'float32'})`, () => {
      const { probs, labels, groups } = randomRows(seed, 30_000, G, levels, float64);
      const fused = groupMetricsByGroup(probs, labels, groups, G, 0.5);
      const before = previousMetrics(probs, labels, groups, G);
      expect({ ...fused.overall, auc: undefined }).toEqual({ ...before.overall, auc: undefined });
      expect(fused.perGroup.map((m) => ({ ...m, auc: undefined }))).toEqual(
        before.perGroup.map((m) => ({ ...m, auc: undefined })),
      );
      const counts = previousCounts(probs, labels, groups, G);
      for (const [field, values] of Object.entries(fused.counts))
        expect(Array.from(values as Float64Array), field).toEqual(Array.from(counts[field]!));
      expect(fused.histograms.map((h) => Array.from(h))).toEqual(previousHistograms(probs, groups, G));
      expect(fused.perGroup[G - 1]).toMatchObject({ n: 0, loss: null, auc: null });
      expect(fused.counts.lossSumSq.some((v) => v > 0)).toBe(true);
    });
  }
});
