import { describe, expect, it } from 'vitest';
import type { PreparedSplit } from '../../../../main/core/data/prepared-task.js';
import { OVERALL } from '../../../../main/core/engine/constraint-plan.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { BatchSampler } from '../../../../main/core/engine/sampler.js';

/** 1,000 rows, one feature (the row index), 10 % positives, two groups. */
function split(): PreparedSplit {
  const rows = 1000;
  return {
    rows,
    features: Float32Array.from({ length: rows }, (_, i) => i),
    labels: Float32Array.from({ length: rows }, (_, i) => (i % 10 === 0 ? 1 : 0)),
    groups: Int32Array.from({ length: rows }, (_, i) => i % 2),
    sourceRows: Int32Array.from({ length: rows }, (_, i) => i),
  };
}

function positiveShare(sampler: BatchSampler, draws: number): number {
  const batch = sampler.allocate(50, 0, 1);
  let positives = 0;
  for (let d = 0; d < draws; d++) positives += sampler.fill(batch).y.reduce((s, y) => s + y, 0);
  return positives / (50 * draws);
}

describe('BatchSampler', () => {
  it('draws objective rows uniformly: every row once per epoch', () => {
    const sampler = new BatchSampler(split(), 1, [OVERALL], new Rng(1));
    const batch = sampler.allocate(100, 0, 1);
    const seen = new Set<number>();
    for (let d = 0; d < 10; d++) sampler.fill(batch).x.forEach((v) => seen.add(v));
    expect(seen.size).toBe(1000);
    expect(sampler.epochs).toBe(1);
  });

  it('with balanced classes draws each class half the time (10 % positives in the data)', () => {
    expect(positiveShare(new BatchSampler(split(), 1, [OVERALL], new Rng(2)), 400)).toBeCloseTo(0.1, 1);
    const balanced = positiveShare(new BatchSampler(split(), 1, [OVERALL], new Rng(2), { balanceClasses: true }), 400);
    expect(Math.abs(balanced - 0.5)).toBeLessThan(0.02);
  });

  it('constraint samples take the same number of rows from every group', () => {
    const sampler = new BatchSampler(split(), 1, [0, 1], new Rng(3));
    const batch = sampler.fill(sampler.allocate(0, 2, 5));
    const parity = Array.from(batch.x, (v) => v % 2);
    expect(parity).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('refuses balanced classes when the training split has one class', () => {
    const s = split();
    s.labels.fill(0);
    expect(() => new BatchSampler(s, 1, [OVERALL], new Rng(4), { balanceClasses: true })).toThrow(/both classes/);
  });
});
