import { describe, expect, it } from 'vitest';
import { certifiabilityLines } from '../../../main/cli/certifiability-text.js';
import type { Certifiability, ConstraintCertifiability } from '../../../shared/certifiability.js';

const constraint = (over: Partial<ConstraintCertifiability>): ConstraintCertifiability => ({
  kind: 'positive-rate-gap',
  topology: 'pairwise',
  tolerance: 0.05,
  measures: 3,
  minCertifiableTolerance: 0.03,
  groups: [],
  smallestGroup: { name: 'Other', testRows: 900 },
  testRowsToCertify: 1_000,
  ...over,
});
const check = (constraints: ConstraintCertifiability[]): Certifiability => ({
  testRows: 3_584,
  confidence: 0.95,
  lossSd: 0.7,
  constraints,
  labelImbalance: null,
});

describe('certifiability lines of inspect and run', () => {
  it('says what each constraint compares, following its topology', () => {
    const lines = certifiabilityLines(
      check([
        constraint({ topology: 'pairwise', measures: 3 }),
        constraint({ topology: 'each-vs-overall', measures: 3 }),
        constraint({ kind: 'worst-group-loss', topology: 'each-vs-overall', tolerance: 0.6, measures: 3 }),
      ]),
    );
    expect(lines[0]).toBe(
      'certifiable on the test split (3,584 rows, 95 %, simultaneous over all 9 comparisons, loss sd 0.7 assumed):',
    );
    expect(lines[1]).toMatch(/^ {2}C1 Positive-rate gap \(demographic parity\), every pair of groups, ≤ 0\.05: /);
    expect(lines[2]).toMatch(
      /^ {2}C2 Positive-rate gap \(demographic parity\), each group vs the whole population, ≤ 0\.05: /,
    );
    expect(lines[3]).toMatch(/^ {2}C3 Worst-group loss bound, each group, ≤ 0\.6: /);
  });

  it('never claims pairs for a set of each-vs-overall constraints', () => {
    const lines = certifiabilityLines(check([constraint({ topology: 'each-vs-overall', measures: 4 })]));
    expect(lines[0]).toContain('simultaneous over all 4 comparisons');
    expect(lines.join('\n')).not.toMatch(/pair/);
  });
});
