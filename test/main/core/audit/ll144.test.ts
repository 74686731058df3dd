import { describe, expect, it } from 'vitest';
import type { Ll144Table } from '../../../../shared/audit.js';
import { computeAudit, type AuditData } from '../../../../main/core/audit/compute-audit.js';
import { medianScore } from '../../../../main/core/audit/ll144.js';
import { auditRun, oneAttributeAudit } from '../../../helpers/audit-data.js';

const run = auditRun();

/** One "Sex" attribute; rows given as [category, score] pairs (scores exact in float32). */
function sexOnly(rows: [string, number][]): AuditData {
  const categories = [...new Set(rows.map(([c]) => c))];
  const split = {
    probs: Float32Array.from(rows.map(([, p]) => p)),
    labels: Float32Array.from(rows.map(([, p]) => (p >= 0.5 ? 1 : 0))),
    groups: Int32Array.from(rows.map(([c]) => categories.indexOf(c))),
  };
  return oneAttributeAudit({ name: 'Sex', column: 'SEX' }, categories, split);
}

const repeat = (category: string, score: number, times: number): [string, number][] =>
  Array.from({ length: times }, () => [category, score]);

function ll144Of(data: AuditData): Ll144Table {
  const audit = computeAudit(data, run, { threshold: 0.5, bootstrap: { resamples: 0, seed: 1, confidence: 0.95 } });
  expect(audit.ll144).toHaveLength(1);
  return audit.ll144[0]!;
}

describe('LL144 scoring rate (share of a category scoring strictly above the median of the whole split)', () => {
  it('takes the middle score, or the mean of the two middle scores', () => {
    expect(medianScore(Float32Array.from([0.75, 0.25, 0.5]))).toBe(0.5);
    expect(medianScore(Float32Array.from([0.75, 0.25, 0.5, 0.125]))).toBe((0.25 + 0.5) / 2);
    expect(medianScore(new Float32Array(0))).toBeNull();
  });

  /*
   * 60 rows: 20 each at 0.25, 0.5 and 0.75, so the 30th and 31st scores are both 0.5 and the median is 0.5.
   *   Male    30 rows: 10 × 0.75, 10 × 0.5, 10 × 0.25 → 10 above → 1/3
   *   Female  24 rows:  4 × 0.75, 10 × 0.5, 10 × 0.25 →  4 above → 1/6
   *   Unknown  5 rows:  5 × 0.75                      →  5 above → 1 (not in the impact ratios)
   *   Other    1 row :  1 × 0.75 (1/60 < 2 %)         →  1 above → 1 (excluded from the impact ratios)
   * Highest included scoring rate: Male 1/3, so the impact ratios are Male 1, Female 1/2.
   * Counting ties at the median as "above" would give Male 2/3, Female 7/12 and a ratio of 0.875 instead.
   */
  const tied = ll144Of(
    sexOnly([
      ...repeat('Male', 0.75, 10),
      ...repeat('Male', 0.5, 10),
      ...repeat('Male', 0.25, 10),
      ...repeat('Female', 0.75, 4),
      ...repeat('Female', 0.5, 10),
      ...repeat('Female', 0.25, 10),
      ...repeat('Unknown', 0.75, 5),
      ['Other', 0.75],
    ]),
  );
  const row = (category: string) => tied.rows.find((r) => r.category === category)!;

  it('does not count a score equal to the median as above it', () => {
    expect(tied.medianScore).toBe(0.5);
    expect(row('Male')).toMatchObject({ n: 30, aboveMedian: 10, status: 'included' });
    expect(row('Male').scoringRate).toBeCloseTo(1 / 3, 12);
    expect(row('Female')).toMatchObject({ n: 24, aboveMedian: 4, status: 'included' });
    expect(row('Female').scoringRate).toBeCloseTo(1 / 6, 12);
  });

  it('divides by the highest included scoring rate', () => {
    expect(row('Male').scoringImpactRatio).toBeCloseTo(1, 12);
    expect(row('Female').scoringImpactRatio).toBeCloseTo(1 / 2, 12);
  });

  it('reports unknown and under-2 % categories with their rates but no impact ratio, like the selection rate', () => {
    expect(tied.unknownCount).toBe(5);
    expect(row('Unknown')).toMatchObject({
      status: 'unknown',
      scoringRate: 1,
      scoringImpactRatio: null,
      impactRatio: null,
    });
    expect(row('Other')).toMatchObject({
      status: 'excluded-small',
      n: 1,
      scoringRate: 1,
      scoringImpactRatio: null,
      impactRatio: null,
    });
  });

  it('keeps the selection-rate variant at the threshold beside it', () => {
    // p ≥ 0.5: Male 20/30, Female 14/24; highest included is Male.
    expect(row('Male').selectionRate).toBeCloseTo(2 / 3, 12);
    expect(row('Female').selectionRate).toBeCloseTo(14 / 24, 12);
    expect(row('Female').impactRatio).toBeCloseTo(14 / 24 / (2 / 3), 12);
  });

  /*
   * 6 rows, even count: 0.125, 0.25, 0.5, 0.75, 0.875, 0.875 → median (0.5 + 0.75) / 2 = 0.625.
   * Male {0.25, 0.75} → 1/2; Female {0.125, 0.5} → 0; Unknown {0.875, 0.875} → 1.
   * Leaving the unknown rows out of the median would give 0.375 and Male = Female = 1/2.
   */
  it('takes the median over the whole split, unknown categories included', () => {
    const even = ll144Of(
      sexOnly([
        ['Male', 0.25],
        ['Male', 0.75],
        ['Female', 0.125],
        ['Female', 0.5],
        ['Unknown', 0.875],
        ['Unknown', 0.875],
      ]),
    );
    expect(even.medianScore).toBe(0.625);
    const byCategory = Object.fromEntries(even.rows.map((r) => [r.category, [r.scoringRate, r.scoringImpactRatio]]));
    expect(byCategory).toEqual({ Male: [0.5, 1], Female: [0, 0], Unknown: [1, null] });
  });
});
