import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../../../shared/audit.js';
import { computeAudit, type AuditData } from '../../../../main/core/audit/compute-audit.js';
import { CONTEXT_PLACEHOLDERS } from '../../../../main/core/audit/report/report-input.js';
import { executiveSummary } from '../../../../main/core/audit/report/sections-front.js';
import { ll144 } from '../../../../main/core/audit/report/sections-results.js';

const run: RunInfo = {
  ref: 'job/0',
  label: 'test',
  solver: 'ssl-alm',
  params: {},
  seed: 0,
  status: 'completed',
  iterations: 100,
  seconds: 1,
  selectedIteration: 100,
  selectionRule: 'last',
  selectionSplit: 'train',
};

/** Two groups of 3,000 rows, 12 % positives (as in a bank file); scores from `score`. */
function bank(score: (y: number, u: number, group: number) => number, tolerance = 0.05): AuditData {
  let s = 3;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 6000;
  const probs = new Float32Array(n),
    labels = new Float32Array(n),
    groups = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    groups[i] = i % 2;
    labels[i] = random() < 0.12 ? 1 : 0;
    probs[i] = score(labels[i]!, random(), groups[i]!);
  }
  const split = { probs, labels, groups };
  return {
    attributes: [{ name: 'Age', column: 'AGE' }],
    groups: [
      { name: 'Young', parts: ['Young'], small: false },
      { name: 'Old', parts: ['Old'], small: false },
    ],
    minSize: 30,
    constraints: [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance }],
    train: split,
    validation: null,
    test: split,
  };
}

const options = { threshold: 0.5, bootstrap: { resamples: 50, seed: 1, confidence: 0.95 } };
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the PDF executive summary of a degenerate model', () => {
  // SSL-ALM on the bank file predicted nobody positive: the old report was green, its worst-off table empty.
  const audit = computeAudit(
    bank((y, u) => 0.05 + 0.3 * y * u),
    run,
    options,
  );
  const html = executiveSummary({ audit });

  it('leads with the warning and never says the constraints hold', () => {
    expect(html).toContain('data-warning="degenerate"');
    expect(text(html)).toMatch(
      /Warning: degenerate model\. single-class-predictions: predicts negative for 100\.0 % of rows/,
    );
    expect(text(html)).not.toMatch(/holds|Every training constraint is satisfied/);
    expect(text(html)).toMatch(/1 trivial \(degenerate model\)/);
  });

  it('says why there is no impact ratio and still lists worst-off groups (by mean loss), never "undefined"', () => {
    expect(text(html)).toContain('the model selects nobody, so every impact ratio is 0 ÷ 0');
    expect(text(html)).toMatch(/Three worst-off groups \(Age, by mean loss\) .* (Young|Old) /);
    expect(html).not.toContain('undefined');
  });
});

describe('the PDF four-fifths criterion', () => {
  const criterion = (html: string) => /Four-fifths rule, Age<.*?<\/tr>/.exec(html.replace(/\n/g, ' '))![0];

  it('is inconclusive, saying why, when a model selects a handful of rows: never an impact ratio 0 "fail"', () => {
    // 1 in 500 scores above the threshold: the most selected group's rate rests on a few rows.
    const audit = computeAudit(
      bank((_y, u) => (u < 0.002 ? 0.9 : 0.1)),
      run,
      options,
    );
    const row = text(criterion(executiveSummary({ audit })));
    expect(row).toMatch(/ inconclusive \(degenerate model \(predicts negative for 99\.\d % of rows/);
    expect(row).not.toMatch(/ (pass|fail) /);
  });

  it('the LL144 tables of such a model say why their selection-rate ratios cannot support a finding', () => {
    const few = computeAudit(
      bank((_y, u) => (u < 0.002 ? 0.9 : 0.1)),
      run,
      options,
    );
    expect(text(ll144({ audit: few, context: CONTEXT_PLACEHOLDERS }))).toMatch(
      /The selection-rate impact ratios cannot support a four-fifths finding: degenerate model \(predicts negative/,
    );
    const informative = computeAudit(
      bank((y, u) => (u < 0.35 ? 0.7 : 0.2) + 0.1 * y),
      run,
      options,
    );
    expect(ll144({ audit: informative, context: CONTEXT_PLACEHOLDERS })).not.toContain('data-caveat');
  });

  it('is inconclusive when the impact ratio is above 0.8 but its 95 % interval reaches below it', () => {
    // Selection rates 34 % vs 40 %: impact ratio ≈ 0.85 on 3,000 rows a group.
    const audit = computeAudit(
      bank((y, u, group) => (u < (group === 0 ? 0.4 : 0.34) ? 0.7 : 0.2) + 0.1 * y),
      run,
      options,
    );
    const old = audit.splits.test.tables[0]!.rows.find((r) => r.name === 'Old')!;
    expect(old.impactRatio.value!).toBeGreaterThan(0.8);
    expect(old.impactRatio.lo!).toBeLessThan(0.8);
    const row = text(criterion(executiveSummary({ audit })));
    expect(row).toMatch(
      / inconclusive \(95 % interval \[0\.\d{3}, [01]\.\d{3}\] straddles 0\.8: the data cannot tell\)/,
    );
    expect(row).toContain('over its whole 95 % interval');
  });

  it('passes only with the whole interval at or above 0.8, stating it', () => {
    const audit = computeAudit(
      bank((y, u) => (u < 0.35 ? 0.7 : 0.2) + 0.1 * y),
      run,
      options,
    );
    expect(text(criterion(executiveSummary({ audit })))).toMatch(
      / pass \(95 % interval \[0\.\d{3}, 1\.\d{3}\] at or above 0\.8\)/,
    );
  });
});

describe('the PDF executive summary of an informative model', () => {
  it('states the uncertainty behind "satisfied"', () => {
    const audit = computeAudit(
      bank((y, u) => (u < 0.3 ? 0.7 : 0.2) + 0.1 * y, 0.08),
      run,
      options,
    );
    const html = executiveSummary({ audit });
    expect(audit.warnings).toEqual([]);
    expect(text(html)).toContain(
      "Every training constraint is satisfied on held-out (test) data at its stated tolerance: each one's one-sided 95 % upper bound, simultaneous over every comparison the constraints make (Holm), is below the tolerance.",
    );
  });
});
