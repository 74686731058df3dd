import { describe, expect, it } from 'vitest';
import { bandOverRuns } from '../../../../main/cli/bench/convergence.js';
import { quantileSorted, stat } from '../../../../main/cli/bench/stats.js';

describe('stat', () => {
  it('gives mean and sample std, ignoring missing values', () => {
    const s = stat([1, 2, 3, null, Number.NaN, 6]);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(3);
    expect(s.std).toBeCloseTo(Math.sqrt(14 / 3), 12);
    expect(stat([5])).toEqual({ mean: 5, std: null, n: 1 });
    expect(stat([])).toEqual({ mean: null, std: null, n: 0 });
  });

  it('interpolates quantiles like numpy', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileSorted([7], 0.75)).toBe(7);
  });
});

describe('bandOverRuns', () => {
  it('reads each run as a step function on a common grid', () => {
    const runs = [
      { seconds: [0, 1, 2], values: [10, 5, 1] },
      { seconds: [0.5, 1.5], values: [20, 2] },
      { seconds: [0, 2], values: [30, 3] },
    ];
    const band = bandOverRuns(runs, 2, 5);
    expect(band.seconds).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(band.count).toEqual([2, 3, 3, 3, 3]);
    // t = 0: runs 1 and 3 (10, 30); t = 1.5: 5, 2, 30; t = 2: 1, 2, 3.
    expect(band.median[0]).toBe(20);
    expect(band.median[3]).toBe(5);
    expect(band.mean[4]).toBe(2);
    expect(band.q25[4]).toBe(1.5);
    expect(band.q75[4]).toBe(2.5);
  });

  it('leaves gaps where no run has a value yet', () => {
    const band = bandOverRuns([{ seconds: [1], values: [4] }], 2, 3);
    expect(band.median).toEqual([null, 4, 4]);
    expect(band.count).toEqual([0, 1, 1]);
  });
});
