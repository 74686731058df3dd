import { describe, expect, it } from 'vitest';
import { summariseResults } from '../../../../main/core/training/job-summary.js';
import { jobSummarySchema } from '../../../../shared/ipc/channels/training.js';
import { results, runResult, testConfig } from './fakes.js';

describe('job summary (the Results table of the Train tab)', () => {
  it('counts verdicts, not point estimates, and carries warnings and the iterate used', () => {
    const run = runResult(0);
    const rows = run.test.constraints;
    // The point estimate is within the tolerance, but the data cannot tell: it must not count as satisfied.
    run.test.constraints = [
      { ...rows[0]!, value: 0.004, satisfied: true, upper: 0.012, verdict: 'inconclusive' },
      rows[1]!,
    ];
    run.warnings = [{ code: 'single-class-predictions', message: 'predicts negative for 100.0 % of rows' }];
    run.selectedIteration = 3402;
    run.iterations = 32642;
    const summary = summariseResults(results(testConfig(), [run]));
    const figures = summary.runs[0]!;
    expect(figures.test.satisfiedCount).toBe(1);
    expect(figures.test.verdicts).toEqual({ satisfied: 1, violated: 0, inconclusive: 1, trivial: 0 });
    expect(figures.test.constraints[0]).toMatchObject({ verdict: 'inconclusive', upper: 0.012 });
    expect(figures.warnings.map((w) => w.code)).toEqual(['single-class-predictions']);
    expect(figures).toMatchObject({ selectedIteration: 3402, iterations: 32642 });
    expect(jobSummarySchema.parse(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
  });

  it('a summary saved before verdicts reads as inconclusive, never as satisfied', () => {
    const summary = summariseResults(results(testConfig(), [runResult(0)]));
    const old = JSON.parse(JSON.stringify(summary)) as { runs: Record<string, unknown>[] };
    for (const run of old.runs) {
      delete run['warnings'];
      delete run['selectedIteration'];
      for (const split of ['train', 'test']) {
        const s = run[split] as Record<string, unknown>;
        delete s['verdicts'];
        s['satisfiedCount'] = 2;
        s['constraints'] = (s['constraints'] as Record<string, unknown>[]).map(
          ({ name, value, tolerance, satisfied }) => ({ name, value, tolerance, satisfied }),
        );
      }
    }
    const parsed = jobSummarySchema.parse(old);
    expect(parsed.runs[0]!.test.satisfiedCount).toBe(0);
    expect(parsed.runs[0]!.test.verdicts).toEqual({ satisfied: 0, violated: 0, inconclusive: 2, trivial: 0 });
    expect(parsed.runs[0]!.test.constraints.every((c) => c.verdict === 'inconclusive')).toBe(true);
    expect(parsed.runs[0]!.warnings).toEqual([]);
  });
});
