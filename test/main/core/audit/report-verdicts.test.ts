import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../../../shared/audit.js';
import { computeAudit, type AuditData } from '../../../../main/core/audit/compute-audit.js';
import { executiveSummary } from '../../../../main/core/audit/report/sections-front.js';

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
function bank(score: (y: number, u: number) => number, tolerance = 0.05): AuditData {
  let s = 3;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 6000;
  const probs = new Float32Array(n),
    labels = new Float32Array(n),
    groups = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    groups[i] = i % 2;
    labels[i] = random() < 0.12 ? 1 : 0;
    probs[i] = score(labels[i]!, random());
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
      "Every training constraint is satisfied on held-out (test) data at its stated tolerance: each one's one-sided 95 % upper bound, simultaneous over all compared pairs (Holm), is below the tolerance.",
    );
  });
});
