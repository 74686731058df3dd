import { describe, expect, it } from 'vitest';
import { paperCsv, paperMarkdown, summariseMethod } from '../../../../main/cli/bench/paper-table.js';
import { results, runResult, testConfig } from '../../core/training/fakes.js';

describe('paper table', () => {
  it('counts runs certified by their verdicts, not by point estimates, and degenerate runs apart', () => {
    const certified = runResult(0);
    certified.test.constraints = certified.test.constraints.map((c) => ({ ...c, verdict: 'satisfied' as const }));
    const pointOnly = runResult(1);
    pointOnly.test.constraints = pointOnly.test.constraints.map((c) => ({
      ...c,
      satisfied: true,
      verdict: 'inconclusive' as const,
    }));
    const degenerate = runResult(2);
    degenerate.warnings = [{ code: 'single-class-predictions', message: 'predicts negative for 100.0 % of rows' }];
    const m = summariseMethod('ssl-alm', results(testConfig(), [certified, pointOnly, degenerate]));
    expect(m.testSatisfied).toBe(1);
    expect(m.degenerate).toBe(1);
    expect(paperMarkdown([m], { title: 't', notes: [] })).toMatch(/\| 1\/3 \| 1\/3 \|\n\n## Train set/);
    expect(paperCsv([m]).split('\n')[0]).toMatch(/test_satisfied_runs,degenerate_runs$/);
  });
});
