import { describe, expect, it } from 'vitest';
import { computeAudit, type AuditData } from '../../../../main/core/audit/compute-audit.js';
import { auditRun, oneAttributeAudit } from '../../../helpers/audit-data.js';

const run = auditRun({ solver: 'ssl-alm' });

/** Same hand-computed table as metrics.test.ts: A has PR 1/2 (n 6), B has PR 1/3 and no positives (n 3). */
function twoGroups(constraints: AuditData['constraints']): AuditData {
  const split = {
    probs: Float32Array.from([0.9, 0.8, 0.6, 0.4, 0.2, 0.1, 0.7, 0.3, 0.3]),
    labels: Float32Array.from([1, 1, 0, 1, 0, 0, 0, 0, 0]),
    groups: Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1]),
  };
  return oneAttributeAudit({ name: 'Race', column: 'RAC1P' }, ['A', 'B'], split, { constraints });
}

describe('computeAudit on a hand-computed table', () => {
  const audit = computeAudit(
    twoGroups([
      { kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.2 },
      { kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.1 },
      { kind: 'tpr-gap', topology: 'pairwise', tolerance: 0.1 },
    ]),
    run,
    { threshold: 0.5, bootstrap: { resamples: 0, seed: 1, confidence: 0.95 } },
  );
  const table = audit.splits.test.tables[0]!;
  const b = table.rows.find((r) => r.name === 'B')!;

  it('picks the largest group as reference and states disparities against it', () => {
    expect(table.reference).toBe('A');
    expect(table.highestSelection).toBe('A');
    expect(b.vsReference.positiveRate.diff.value).toBeCloseTo(1 / 3 - 1 / 2, 6);
    expect(b.vsReference.positiveRate.ratio!.value).toBeCloseTo(2 / 3, 6);
    expect(b.vsOverall.positiveRate.diff.value).toBeCloseTo(1 / 3 - 4 / 9, 6);
    expect(b.vsReference.loss.ratio).toBeNull();
  });

  it('applies the four-fifths rule to the impact ratio', () => {
    expect(b.impactRatio.value).toBeCloseTo(2 / 3, 6);
    expect(b.fourFifths).toBe('fail');
    expect(table.rows.find((r) => r.name === 'A')!.fourFifths).toBe('pass');
  });

  it('keeps an undefined metric with its reason', () => {
    expect(b.metrics.tpr).toEqual({ value: null, lo: null, hi: null, reason: '0 positives' });
    expect(b.n).toBe(3);
  });

  it('computes the summary gaps (separation undefined when a TPR is)', () => {
    expect(audit.splits.test.summary.independence.value).toBeCloseTo(1 / 6, 6);
    expect(audit.splits.test.summary.separation.value).toBeNull();
    expect(audit.splits.test.summary.inaccuracy.value).toBeCloseTo(1 - 6 / 9, 6);
  });

  it('certifies nothing from nine rows: a point estimate within the tolerance is inconclusive, an undefined rate says why', () => {
    const tests = audit.certificate.map((c) => c.splits.find((s) => s.split === 'test')!);
    expect(tests.map((t) => t.verdict)).toEqual(['inconclusive', 'inconclusive', 'inconclusive']);
    expect(tests[0]!.value).toBeCloseTo(1 / 6, 6); // below 0.2 as a point estimate …
    expect(tests[0]!.upper!).toBeGreaterThan(0.2); // … but its 95 % upper bound is not
    expect(tests[2]!.reason).toBe('a compared group has no positives');
    expect(audit.certificate[0]!.splits[0]!.margin).toBeCloseTo(0.2 - 1 / 6, 6);
    expect(audit.certificate[0]!.worst).toBe('A vs B');
    expect(audit.allSatisfied).toBe(false);
    expect(audit.warnings).toEqual([]);
  });
});

describe('a share observed as 0 or 1', () => {
  const audit = computeAudit(twoGroups([{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.2 }]), run, {
    threshold: 0.5,
    bootstrap: { resamples: 200, seed: 3, confidence: 0.95 },
  });
  const b = audit.splits.test.tables[0]!.rows.find((r) => r.name === 'B')!;

  it('gets its exact interval, not the bootstrap’s zero-width one', () => {
    // B: 3 rows, no positives (base rate 0/3); 2 predicted negatives, both true negatives (NPV 2/2).
    expect(b.metrics.baseRate.value).toBe(0);
    expect(b.metrics.baseRate.lo).toBe(0);
    expect(b.metrics.baseRate.hi).toBeCloseTo(1 - Math.pow(0.025, 1 / 3), 9); // 0.708
    expect(b.metrics.npv.value).toBe(1);
    expect(b.metrics.npv.lo).toBeCloseTo(Math.pow(0.025, 1 / 2), 9); // 0.158
    expect(b.metrics.npv.hi).toBe(1);
  });

  it('leaves a share strictly between 0 and 1 to the bootstrap', () => {
    expect(b.metrics.accuracy.value).toBeCloseTo(2 / 3, 9);
    expect(b.metrics.accuracy.hi).toBeLessThanOrEqual(1);
    expect(b.metrics.accuracy.lo).toBeLessThan(b.metrics.accuracy.hi!);
  });
});

/** Two groups of `n` rows whose selection rates at 0.5 are `rates`, with informative scores. */
function twoLargeGroups(
  n: number,
  rates: [number, number],
  constraints: AuditData['constraints'],
  constant?: number,
): AuditData {
  let s = 11;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const probs = new Float32Array(2 * n),
    labels = new Float32Array(2 * n),
    groups = new Int32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) {
    const g = i < n ? 0 : 1;
    groups[i] = g;
    const selected = random() < rates[g]!;
    labels[i] = random() < (selected ? 0.8 : 0.2) ? 1 : 0;
    probs[i] = constant ?? (selected ? 0.5 + 0.49 * random() : 0.49 * random());
  }
  return oneAttributeAudit(
    { name: 'Race', column: 'RAC1P' },
    ['A', 'B'],
    { probs, labels, groups },
    {
      constraints,
      minSize: 30,
    },
  );
}

describe('audit verdicts are the results.json verdicts', () => {
  const options = { threshold: 0.5, bootstrap: { resamples: 0, seed: 1, confidence: 0.95 } };
  const testVerdicts = (a: ReturnType<typeof computeAudit>) =>
    a.certificate.map((c) => c.splits.find((s) => s.split === 'test')!.verdict);

  it('satisfied when the upper bound is below the tolerance, violated when the lower bound is above it', () => {
    const equal = computeAudit(
      twoLargeGroups(4000, [0.4, 0.4], [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.08 }]),
      run,
      options,
    );
    expect(testVerdicts(equal)).toEqual(['satisfied']);
    expect(equal.certificate[0]!.splits[0]!.upper!).toBeLessThan(0.08);
    expect(equal.allSatisfied).toBe(true);
    const apart = computeAudit(
      twoLargeGroups(4000, [0.6, 0.3], [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.1 }]),
      run,
      options,
    );
    expect(testVerdicts(apart)).toEqual(['violated']);
  });

  it('a model that selects nobody: warning, trivial rate verdict, never all satisfied', () => {
    const nobody = computeAudit(
      twoLargeGroups(4000, [0.4, 0.4], [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.1 }], 0.2),
      run,
      options,
    );
    expect(nobody.warnings.map((w) => w.code)).toContain('single-class-predictions');
    expect(testVerdicts(nobody)).toEqual(['trivial']);
    expect(nobody.certificate[0]!.splits[0]!.reason).toMatch(/degenerate model/);
    expect(nobody.allSatisfied).toBe(false);
  });

  it('a model that selects everyone: every impact ratio is 1, and the four-fifths rule reads trivial, not pass', () => {
    const everyone = computeAudit(
      twoLargeGroups(4000, [0.4, 0.4], [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.1 }], 0.9),
      run,
      options,
    );
    expect(everyone.warnings.map((w) => w.code)).toContain('single-class-predictions');
    const rows = everyone.splits.test.tables[0]!.rows;
    expect(rows.map((r) => r.impactRatio.value)).toEqual([1, 1]);
    expect(rows.map((r) => r.fourFifths)).toEqual(['trivial', 'trivial']);
  });
});

/** A seeded sex × race population with a small category and unknown race. */
function population(n: number, seed: number): AuditData {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const groups: AuditData['groups'] = [];
  const sexes = ['Male', 'Female'];
  const races = ['White', 'Black', 'Asian', 'Unknown'];
  for (const sx of sexes) for (const r of races) groups.push({ name: `${sx} × ${r}`, parts: [sx, r], small: false });
  const make = (rows: number) => {
    const probs = new Float32Array(rows),
      labels = new Float32Array(rows),
      ids = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const u = random();
      const race = u < 0.7 ? 0 : u < 0.9 ? 1 : u < 0.91 ? 2 : 3; // Asian ≈ 1 % (< 2 %), Unknown ≈ 9 %
      const sex = random() < 0.5 ? 0 : 1;
      ids[i] = sex * 4 + race;
      const y = random() < 0.3 + 0.1 * (1 - sex) ? 1 : 0;
      labels[i] = y;
      probs[i] = Math.min(0.99, Math.max(0.01, 0.35 * y + 0.5 * random() + (sex === 0 ? 0.1 : 0)));
    }
    return { probs, labels, groups: ids };
  };
  return {
    attributes: [
      { name: 'Sex', column: 'SEX' },
      { name: 'Race', column: 'RAC1P' },
    ],
    groups,
    minSize: 30,
    constraints: [{ kind: 'positive-rate-gap', topology: 'each-vs-overall', tolerance: 0.3 }],
    train: make(n),
    validation: make(n / 4),
    test: make(n / 2),
  };
}

describe('computeAudit on two attributes', () => {
  const data = population(4000, 5);
  const audit = computeAudit(data, run, { threshold: 0.5, bootstrap: { resamples: 200, seed: 9, confidence: 0.95 } });
  const test = audit.splits.test;

  it('builds one marginal table per attribute plus the intersection, with every row accounted for', () => {
    expect(test.tables.map((t) => t.title)).toEqual(['Sex', 'Race', 'Sex × Race']);
    for (const t of test.tables) expect(t.rows.reduce((a, r) => a + r.n, 0)).toBe(test.n);
    const race = test.tables[1]!;
    expect(race.rows.find((r) => r.name === 'Unknown')!.unknown).toBe(true);
    expect(race.reference).toBe('White');
  });

  it('sums marginal counts from the intersections', () => {
    const sex = test.tables[0]!.rows.find((r) => r.name === 'Female')!;
    const inter = test.tables[2]!.rows.filter((r) => r.parts[0] === 'Female');
    expect(sex.n).toBe(inter.reduce((a, r) => a + r.n, 0));
    expect(sex.predictedPositives).toBe(inter.reduce((a, r) => a + r.predictedPositives, 0));
  });

  it('gives intervals that contain the point estimate', () => {
    for (const r of test.tables[2]!.rows) {
      const e = r.metrics.positiveRate;
      if (e.value !== null && e.lo !== null) {
        expect(e.lo).toBeLessThanOrEqual(e.value + 1e-6);
        expect(e.hi!).toBeGreaterThanOrEqual(e.value - 1e-6);
      }
    }
    const c = audit.certificate[0]!.splits.find((s) => s.split === 'test')!;
    expect(c.upper!).toBeGreaterThanOrEqual(c.value! - 1e-6);
    expect(['satisfied', 'violated', 'inconclusive']).toContain(c.verdict);
  });

  it('writes LL144 tables for sex, race and their intersection, with unknown and small categories', () => {
    expect(audit.ll144.map((t) => t.title)).toEqual(['Sex (Sex)', 'Race/ethnicity (Race)', 'Intersection: Sex × Race']);
    const race = audit.ll144[1]!;
    const unknown = test.tables[1]!.rows.find((r) => r.name === 'Unknown')!.n;
    expect(race.unknownCount).toBe(unknown);
    const asian = race.rows.find((r) => r.category === 'Asian')!;
    expect(asian.status).toBe('excluded-small');
    expect(asian.impactRatio).toBeNull();
    expect(asian.selectionRate).not.toBeNull();
    const included = race.rows.filter((r) => r.status === 'included');
    expect(Math.max(...included.map((r) => r.impactRatio!))).toBeCloseTo(1, 12);
    // The scoring-rate variant follows the same exclusions, against the median of the whole test split.
    expect(asian.scoringRate).not.toBeNull();
    expect(asian.scoringImpactRatio).toBeNull();
    expect(Math.max(...included.map((r) => r.scoringImpactRatio!))).toBeCloseTo(1, 12);
    const above = data.test.probs.filter((p) => p > race.medianScore!).length;
    expect(race.rows.reduce((a, r) => a + r.aboveMedian, 0)).toBe(above);
    expect(above).toBeLessThanOrEqual(data.test.probs.length / 2);
  });

  it('is reproducible for a seed', () => {
    const again = computeAudit(data, run, { threshold: 0.5, bootstrap: { resamples: 200, seed: 9, confidence: 0.95 } });
    expect(again.splits.test).toEqual(audit.splits.test);
  });

  it('uses a chosen reference group', () => {
    const chosen = computeAudit(data, run, {
      threshold: 0.5,
      bootstrap: { resamples: 0, seed: 9, confidence: 0.95 },
      references: { Race: 'Black' },
    });
    const race = chosen.splits.test.tables[1]!;
    expect(race.reference).toBe('Black');
    const black = race.rows.find((r) => r.name === 'Black')!;
    expect(black.vsReference.positiveRate.diff.value).toBe(0);
    expect(chosen.splits.test.tables[0]!.reference).toBe(audit.splits.test.tables[0]!.reference);
  });

  it('sweeps the threshold', () => {
    expect(audit.thresholdSweep.length).toBeGreaterThan(10);
    const rates = audit.thresholdSweep.map((p) => p.positiveRate!);
    for (let i = 1; i < rates.length; i++) expect(rates[i]!).toBeLessThanOrEqual(rates[i - 1]!);
  });
});
