import { describe, expect, it } from 'vitest';
import type { PreparedGroup, PreparedSplit } from '../../../../main/core/data/prepared-task.js';
import { certifiability, LOSS_SD, preTrainingCheck } from '../../../../main/core/metrics/certifiability.js';
import { paperTaskConfig } from '../../../../shared/config/task-config.js';
import { normalQuantile } from '../../../../main/core/metrics/normal-quantile.js';
import { certifiabilityText, tooSmallGroupsText } from '../../../../shared/certifiability.js';

const groups: PreparedGroup[] = [
  { name: 'White', parts: ['White'], trainCount: 20000, small: false },
  { name: 'Non-white', parts: ['Non-white'], trainCount: 7000, small: false },
];

/** A test split of 6,811 White and 2,417 Non-white rows (the held-out state of the issue), 40 % positives. */
function testSplit(): PreparedSplit {
  const rows = 6811 + 2417;
  const labels = new Float32Array(rows);
  const ids = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    ids[i] = i < 6811 ? 0 : 1;
    labels[i] = i % 5 < 2 ? 1 : 0;
  }
  return { rows, features: new Float32Array(0), labels, groups: ids, sourceRows: new Int32Array(rows) };
}

describe('certifiability before training', () => {
  it('a loss gap: z · σ · √(1/n_a + 1/n_b), and the rows a tighter tolerance needs', () => {
    const c = certifiability([{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.005 }], groups, testSplit());
    const expected = normalQuantile(0.95) * LOSS_SD * Math.sqrt(1 / 6811 + 1 / 2417);
    const row = c.constraints[0]!;
    // The sample variance divides by n − 1: equal up to that factor.
    expect(row.minCertifiableTolerance! / expected).toBeCloseTo(1, 3);
    expect(row.smallestGroup).toEqual({ name: 'Non-white', testRows: 2417 });
    expect(row.testRowsToCertify! / (9228 * (expected / 0.005) ** 2)).toBeCloseTo(1, 3);
    const text = certifiabilityText(row, c.testRows);
    expect(text).toMatch(
      /^with 2,417 test rows in Non-white, gaps below ≈ 0\.027 cannot be told from noise; to certify 0\.005 you need ≈ 2\d\d,000 test rows$/,
    );
    expect(certifiabilityText(row, c.testRows, 0.05)).toMatch(/0\.05 can be certified with these 9,228 test rows/);
  });

  it('more constraints widen the bound (simultaneous over every pair), TPR counts only positives', () => {
    const one = certifiability([{ kind: 'tpr-gap', topology: 'pairwise', tolerance: 0.02 }], groups, testSplit());
    const two = certifiability(
      [
        { kind: 'tpr-gap', topology: 'pairwise', tolerance: 0.02 },
        { kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.02 },
      ],
      groups,
      testSplit(),
    );
    expect(two.constraints[0]!.minCertifiableTolerance!).toBeGreaterThan(one.constraints[0]!.minCertifiableTolerance!);
    // TPR is measured on positives (40 % of rows): a wider bound than the positive rate measured on every row.
    expect(two.constraints[0]!.minCertifiableTolerance!).toBeGreaterThan(two.constraints[1]!.minCertifiableTolerance!);
  });

  it('names the groups too small for the tolerance (the small-group threshold the tolerance implies)', () => {
    const three: PreparedGroup[] = [...groups, { name: 'Other', parts: ['Other'], trainCount: 200, small: false }];
    const split = testSplit();
    const rows = split.rows + 60;
    const labels = new Float32Array(rows);
    labels.set(split.labels);
    const ids = new Int32Array(rows);
    ids.set(split.groups);
    ids.fill(2, split.rows);
    const c = certifiability([{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.1 }], three, {
      ...split,
      rows,
      labels,
      groups: ids,
    });
    const row = c.constraints[0]!;
    expect(row.groups.map((g) => g.name).sort()).toEqual(['Non-white', 'Other']);
    expect(row.smallestGroup).toEqual({ name: 'Other', testRows: 60 });
    expect(tooSmallGroupsText(row)).toBe(
      'too small to certify 0.1: Other (60 test rows) — their gaps will read inconclusive; a larger minimum group size leaves them out of the constraints',
    );
    expect(tooSmallGroupsText(row, 0.5)).toBeNull();
  });

  it('warns before training when the labels are so imbalanced that a fixed threshold predicts one class', () => {
    const config = paperTaskConfig('/data.csv');
    const task = (positiveShare: number) => {
      const train = testSplit();
      const labels = new Float32Array(train.rows);
      for (let i = 0; i < train.rows; i++) labels[i] = i < positiveShare * train.rows ? 1 : 0;
      return {
        config,
        featureNames: [],
        groupAttributes: ['RAC1P'],
        groups,
        train: { ...train, labels },
        validation: null,
        test: testSplit(),
        preprocessing: {},
        dataset: { path: '', sha256: '', rowsRead: 0, rowsUsed: 0, droppedRows: 0, droppedReasons: {} },
      };
    };
    expect(preTrainingCheck(task(0.4)).labelImbalance).toBeNull();
    expect(preTrainingCheck(task(0.05)).labelImbalance).toMatch(
      /^only 5\.0 % of the labels are positive: at the fixed threshold 0\.5/,
    );
    expect(preTrainingCheck(task(0.05)).constraints[0]!.minCertifiableTolerance).toBeGreaterThan(0);
  });
});
