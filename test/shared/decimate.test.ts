import { describe, expect, it } from 'vitest';
import { decimate } from '../../shared/decimate.js';

describe('decimate', () => {
  it('keeps first and last and at most max items, evenly spaced', () => {
    const d = decimate([...Array(1001).keys()], 10);
    expect(d).toHaveLength(10);
    expect(d[0]).toBe(0);
    expect(d.at(-1)).toBe(1000);
    expect(decimate([...Array(100).keys()], 5)).toEqual([0, 25, 50, 74, 99]);
  });

  it('returns short series unchanged (as a copy) and keeps the latest item when max is 1', () => {
    const xs = [1, 2];
    const d = decimate(xs, 10);
    expect(d).toEqual([1, 2]);
    expect(d).not.toBe(xs);
    expect(decimate([1, 2, 3], 1)).toEqual([3]);
    expect(decimate([], 1)).toEqual([]);
  });
});
