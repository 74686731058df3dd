import { describe, expect, it } from 'vitest';
import { parityMoments } from '../../../../main/core/baselines/moments.js';

// Fairlearn's user guide (docs/user_guide/mitigation/reductions.rst) prints these moments for a ten-row example with
// sensitive features a b a a b a b b a b (a = group 0, b = group 1).
const groups = [0, 1, 0, 0, 1, 0, 1, 1, 0, 1];

describe('parityMoments', () => {
  it("demographic parity: Fairlearn's documented γ (+a 0.2, +b −0.2, −a −0.2, −b 0.2)", () => {
    const labels = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const moments = parityMoments('demographic-parity', { labels, groups }, 2);
    const { gamma, error } = moments.evaluate(labels);
    expect(moments.rows).toEqual([
      { sign: 1, event: 0, group: 0 },
      { sign: -1, event: 0, group: 0 },
      { sign: 1, event: 0, group: 1 },
      { sign: -1, event: 0, group: 1 },
    ]);
    expect([...gamma].map((v) => Number(v.toFixed(10)))).toEqual([0.2, -0.2, -0.2, 0.2]);
    expect(error).toBe(0);
  });

  it("equalized odds: Fairlearn's documented γ per label and group", () => {
    const labels = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    const pred = [1, 1, 1, 1, 0, 0, 0, 1, 0, 0];
    const moments = parityMoments('equalized-odds', { labels, groups }, 2);
    const { gamma, error } = moments.evaluate(pred);
    const byRow = Object.fromEntries(
      moments.rows.map((r, k) => [`${r.sign > 0 ? '+' : '-'} label=${r.event} ${'ab'[r.group]}`, gamma[k]!]),
    );
    // Printed there as + label=0: a −0.3333…, b 0.1666…; + label=1: a 0.1785… (= 3/4 − 4/7), b −0.2380… (= 1/3 − 4/7).
    expect(byRow['+ label=0 a']).toBeCloseTo(-1 / 3, 12);
    expect(byRow['+ label=0 b']).toBeCloseTo(1 / 6, 12);
    expect(byRow['+ label=1 a']).toBeCloseTo(5 / 28, 12);
    expect(byRow['+ label=1 b']).toBeCloseTo(-5 / 21, 12);
    expect(byRow['- label=1 b']).toBeCloseTo(5 / 21, 12);
    expect(error).toBeCloseTo(0.4, 12);
  });

  it('rowCoefficient is the gradient of λ·γ in each prediction', () => {
    const labels = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    const moments = parityMoments('equalized-odds', { labels, groups }, 2);
    const lambda = moments.rows.map((_, k) => 0.3 + 0.2 * k);
    const coefficient = new Float64Array(10);
    moments.rowCoefficient(lambda, coefficient);
    const pred = [1, 0, 1, 0, 1, 0, 0, 1, 0, 1];
    const value = (p: number[]) => moments.evaluate(p).gamma.reduce((s, g, k) => s + lambda[k]! * g, 0);
    for (let i = 0; i < 10; i++) {
      const up = [...pred];
      up[i] = 1;
      const down = [...pred];
      down[i] = 0;
      expect(value(up) - value(down)).toBeCloseTo(coefficient[i]!, 12);
    }
  });
});
