import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../main/core/engine/rng.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

describe('Rng (seeded sfc32)', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 8 }, () => rng.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    // Seeds are taken modulo 2^32, as config.seed + runIndex may exceed it.
    expect(draw(2 ** 32 + 5)).toEqual(draw(5));
  });

  it('float() is uniform on [0, 1)', () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 100_000 }, () => rng.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    expect(variance(xs)).toBeCloseTo(1 / 12, 2);
  });

  it('int(n) hits every value of [0, n) about equally often', () => {
    const rng = new Rng(2);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 100_000 }, () => rng.normal());
    expect(mean(xs)).toBeCloseTo(0, 1);
    expect(variance(xs)).toBeCloseTo(1, 1);
  });

  it('shuffle() permutes in place, reproducibly, and moves every position about equally', () => {
    const a = Int32Array.from({ length: 10 }, (_, i) => i);
    new Rng(4).shuffle(a);
    expect([...a].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const b = Int32Array.from({ length: 10 }, (_, i) => i);
    new Rng(4).shuffle(b);
    expect(b).toEqual(a);
    // Element 0 lands in each of 4 positions with probability 1/4.
    const rng = new Rng(5);
    const landed = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const c = Int32Array.of(0, 1, 2, 3);
      rng.shuffle(c);
      landed[c.indexOf(0)]!++;
    }
    for (const n of landed) expect(Math.abs(n - 10_000)).toBeLessThan(400);
  });

  it('geometricFailures(p) counts failures before the first success: P(k) = p(1 − p)^k', () => {
    const rng = new Rng(6);
    const p = 0.3;
    const ks = Array.from({ length: 100_000 }, () => rng.geometricFailures(p));
    expect(Math.min(...ks)).toBe(0);
    expect(mean(ks)).toBeCloseTo((1 - p) / p, 1);
    expect(ks.filter((k) => k === 0).length / ks.length).toBeCloseTo(p, 2);
    expect(ks.filter((k) => k === 2).length / ks.length).toBeCloseTo(p * (1 - p) ** 2, 2);
  });
});
