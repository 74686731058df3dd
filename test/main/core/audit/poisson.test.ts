import { describe, expect, it } from 'vitest';
import { logFactorial, poissonSampler, standardNormal } from '../../../../main/core/audit/poisson.js';
import { mulberry32 } from '../../../../shared/random.js';

describe('Poisson and normal variates of the bootstrap', () => {
  for (const mean of [0.3, 4, 9.99, 10, 57, 5_000]) {
    it(`Poisson(${mean}): mean and variance within 4 standard errors over 40,000 draws`, () => {
      const random = mulberry32(Math.round(mean * 100));
      const sampler = poissonSampler(mean);
      const N = 40_000;
      let sum = 0;
      let squares = 0;
      let counts = true;
      for (let i = 0; i < N; i++) {
        const x = sampler.draw(random);
        counts &&= Number.isInteger(x) && x >= 0;
        sum += x;
        squares += x * x;
      }
      expect(counts).toBe(true);
      const m = sum / N;
      const v = squares / N - m * m;
      // se of the mean √(λ/N); of the variance ≈ λ√(2/N) (+ the fourth cumulant λ/N, small here).
      expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(mean / N));
      expect(Math.abs(v - mean)).toBeLessThan(4 * Math.sqrt((2 * mean * mean + mean) / N));
    });
  }

  it('gives the exact probability of zero for a small mean', () => {
    const random = mulberry32(3);
    const sampler = poissonSampler(2);
    let zeros = 0;
    for (let i = 0; i < 50_000; i++) if (sampler.draw(random) === 0) zeros++;
    expect(Math.abs(zeros / 50_000 - Math.exp(-2))).toBeLessThan(
      4 * Math.sqrt((Math.exp(-2) * (1 - Math.exp(-2))) / 50_000),
    );
  });

  it('computes ln k! from the table and from Stirling’s series alike', () => {
    let exact = 0;
    for (let k = 1; k <= 400; k++) exact += Math.log(k);
    expect(logFactorial(400)).toBeCloseTo(exact, 8);
    expect(logFactorial(0)).toBe(0);
  });

  it('draws standard normals', () => {
    const random = mulberry32(8);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 40_000; i++) {
      const z = standardNormal(random);
      sum += z;
      squares += z * z;
    }
    expect(Math.abs(sum / 40_000)).toBeLessThan(0.02);
    expect(Math.abs(squares / 40_000 - 1)).toBeLessThan(0.03);
  });
});
