import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../main/core/engine/rng.js';
import { combineLevels, drawLevel } from '../../../../main/core/engine/solvers/stochastic-ghost.js';

/** Stochastic Ghost's multilevel Monte Carlo: the level draw and the combination of the four directions. */
describe("Stochastic Ghost's level combination", () => {
  it('combines d_base + (d_fine − ½(d_even + d_odd)) / (α(1 − α)^N)', () => {
    const d = {
      base: Float64Array.of(1, -2),
      fine: Float64Array.of(0.5, 0.5),
      even: Float64Array.of(0.2, 1),
      odd: Float64Array.of(0.4, 0),
    };
    // α = 0.5, N = 2: weight 1 / (0.5 · 0.25) = 8; corrections (0.5 − 0.3, 0.5 − 0.5) = (0.2, 0).
    const out = combineLevels(d, 0.5, 2, 2);
    expect(out[0]).toBeCloseTo(1 + 0.2 * 8, 12);
    expect(out[1]).toBeCloseTo(-2, 12);
  });

  it('drops the parts of failed subproblems: a missing base counts as 0, a missing fine-level direction drops the correction', () => {
    const v = (a: number) => Float64Array.of(a);
    expect(Array.from(combineLevels({ base: null, fine: v(1), even: v(0), odd: v(0) }, 0.5, 0, 1))).toEqual([2]);
    expect(Array.from(combineLevels({ base: v(3), fine: v(1), even: null, odd: v(0) }, 0.5, 0, 1))).toEqual([3]);
    expect(Array.from(combineLevels({ base: null, fine: null, even: null, odd: null }, 0.5, 0, 1))).toEqual([0]);
  });

  it('weights each level by 1/P(N) for the geometric draw, so every level’s correction enters with expectation 1 (unbiased)', () => {
    const alpha = 0.4;
    const rng = new Rng(7);
    const draws = 200_000;
    const weightSum = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const level = drawLevel(rng, alpha, Number.MAX_SAFE_INTEGER);
      // A unit correction at this level only: combineLevels returns its weight.
      const w = combineLevels(
        { base: null, fine: Float64Array.of(1), even: Float64Array.of(0), odd: Float64Array.of(0) },
        alpha,
        level,
        1,
      )[0]!;
      weightSum.set(level, (weightSum.get(level) ?? 0) + w);
    }
    for (let level = 0; level <= 3; level++) expect(weightSum.get(level)! / draws, `level ${level}`).toBeCloseTo(1, 1);
  });

  it('never draws a level whose fine sample (2^(N+1) rows per group) exceeds the smallest group', () => {
    const rng = new Rng(3);
    const levels = Array.from({ length: 5_000 }, () => drawLevel(rng, 0.2, 9));
    expect(Math.max(...levels)).toBe(2);
    expect(new Set(levels)).toEqual(new Set([0, 1, 2]));
    // Redrawing conditions the geometric law on N ≤ 2: P(0) : P(1) : P(2) = 1 : 0.8 : 0.64.
    const share = (k: number) => levels.filter((l) => l === k).length / levels.length;
    expect(share(0)).toBeCloseTo(1 / 2.44, 1);
    expect(share(2)).toBeCloseTo(0.64 / 2.44, 1);
  });
});
