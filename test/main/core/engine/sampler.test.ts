import { describe, expect, it } from 'vitest';
import type { PreparedSplit } from '../../../../main/core/data/prepared-task.js';
import { OVERALL } from '../../../../main/core/constraints/constraint-plan.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { BatchSampler, blockRow } from '../../../../main/core/engine/sampler.js';

/** 30 rows with one feature = the row index; groups 0 (rows 0–9), 1 (10–19), 2 (20–29); every third row positive. */
function split(): PreparedSplit {
  const rows = 30;
  return {
    rows,
    features: Float32Array.from({ length: rows }, (_, i) => i),
    labels: Float32Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    groups: Int32Array.from({ length: rows }, (_, i) => Math.floor(i / 10)),
    sourceRows: Int32Array.from({ length: rows }, (_, i) => i),
  };
}

const rowsOf = (x: Float32Array, from: number, count: number) => Array.from(x.subarray(from, from + count));

/** 1,000 rows, one feature (the row index), 10 % positives, two groups. */
function imbalancedSplit(): PreparedSplit {
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
  it('objective rows visit every row once per epoch, reshuffled between epochs', () => {
    const sampler = new BatchSampler(split(), 1, [], new Rng(1));
    const batch = sampler.allocate(10, 0, 1);
    const epoch = () => [0, 1, 2].flatMap(() => rowsOf(sampler.fill(batch).x, 0, 10));
    const first = epoch();
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(sampler.epochs).toBe(1);
    const second = epoch();
    expect([...second].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(second).not.toEqual(first);
    expect(sampler.epochs).toBe(2);
    expect(sampler.samplesSeen).toBe(60);
  });

  it('a constraint sample takes b rows from each slot’s own group, after the objective rows, without repeats within a cycle', () => {
    const sampler = new BatchSampler(split(), 1, [2, 0], new Rng(2));
    const batch = sampler.allocate(4, 2, 5);
    sampler.fill(batch);
    expect(batch.rows).toBe(4 + 2 * 2 * 5);
    // Layout: [objective 4 | sample 1: slot 0 (group 2) ×5, slot 1 (group 0) ×5 | sample 2: same].
    const sample1Group2 = rowsOf(batch.x, 4, 5);
    const sample1Group0 = rowsOf(batch.x, 9, 5);
    const sample2Group2 = rowsOf(batch.x, 14, 5);
    expect(sample1Group2.every((r) => r >= 20 && r < 30)).toBe(true);
    expect(sample1Group0.every((r) => r >= 0 && r < 10)).toBe(true);
    // Group 2 has 10 rows: its two samples of 5 are one full pass over it.
    expect([...sample1Group2, ...sample2Group2].sort((a, b) => a - b)).toEqual([
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
    ]);
  });

  it('writes each block’s label counts as the constants the group statistics need', () => {
    const data = split();
    const sampler = new BatchSampler(data, 1, [1], new Rng(3));
    const batch = sampler.allocate(3, 1, 6);
    sampler.fill(batch);
    const rows = rowsOf(batch.x, 3, 6);
    const positives = rows.filter((r) => data.labels[r] === 1).length;
    const at = blockRow(batch, 0);
    // STAT_NAMES order: loss, positiveRate, tpr, fpr, accuracy (see group-stats countConstants).
    expect(Array.from(batch.offset.subarray(at, at + 5))).toEqual([0, 0, 0, 0, 6 - positives]);
    const inv = (d: number) => (d > 0 ? Math.fround(1 / d) : 0);
    expect(Array.from(batch.invDen.subarray(at, at + 5))).toEqual([
      inv(6),
      inv(6),
      inv(positives),
      inv(6 - positives),
      inv(6),
    ]);
  });

  it('the overall slot draws from every row; a group without training rows is an error', () => {
    const sampler = new BatchSampler(split(), 1, [OVERALL], new Rng(4));
    expect(sampler.slotSizes()).toEqual([30]);
    const batch = sampler.allocate(0, 1, 30);
    expect([...rowsOf(sampler.fill(batch).x, 0, 30)].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    expect(() => new BatchSampler(split(), 1, [5], new Rng(5))).toThrow(/group 5 has no rows/);
  });

  it('the same seed draws the same batches', () => {
    const draw = () => {
      const sampler = new BatchSampler(split(), 1, [0, 1], new Rng(9));
      const batch = sampler.allocate(8, 1, 4);
      return [rowsOf(sampler.fill(batch).x, 0, 16), rowsOf(sampler.fill(batch).x, 0, 16)];
    };
    expect(draw()).toEqual(draw());
  });

  it('with balanced classes draws each class half the time (10 % positives in the data)', () => {
    expect(positiveShare(new BatchSampler(imbalancedSplit(), 1, [OVERALL], new Rng(2)), 400)).toBeCloseTo(0.1, 1);
    const balanced = positiveShare(
      new BatchSampler(imbalancedSplit(), 1, [OVERALL], new Rng(2), { balanceClasses: true }),
      400,
    );
    expect(Math.abs(balanced - 0.5)).toBeLessThan(0.02);
  });

  it('refuses balanced classes when the training split has one class', () => {
    const s = imbalancedSplit();
    s.labels.fill(0);
    expect(() => new BatchSampler(s, 1, [OVERALL], new Rng(4), { balanceClasses: true })).toThrow(/both classes/);
  });
});
