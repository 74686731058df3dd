import { describe, expect, it } from 'vitest';
import { baselinesMarkdown, PAPER_BASELINE_METHODS } from '../../../../main/cli/bench/paper-baselines.js';
import { BUNDLED_SAMPLE, paperConfigFor } from '../../../../main/cli/bench/paper.js';
import { summariseMethod } from '../../../../main/cli/bench/paper-table.js';
import { checkTaskConfig } from '../../../../main/core/configs/validate.js';
import { results, runResult, testConfig } from '../../core/training/fakes.js';

const options = { runs: 3, seconds: 2, dataPath: BUNDLED_SAMPLE, backend: 'wasm' as const };

describe("the practitioners' baselines in bench paper", () => {
  it.each(PAPER_BASELINE_METHODS)(
    '%s: the paper task with the demographic-parity constraint it enforces, accepted as a job',
    (method) => {
      const config = paperConfigFor(method, options);
      expect(config.solver.name).toBe(method);
      expect(config.constraints).toEqual([{ kind: 'positive-rate-gap', topology: 'each-vs-overall', tolerance: 0.01 }]);
      expect(config.runs).toBe(3);
      expect(config.budget).toEqual({ seconds: 2 });
      expect(checkTaskConfig(config)).toEqual({ ok: true, config });
    },
  );

  it('keeps the paper methods on the loss gap', () => {
    expect(paperConfigFor('ssl-alm', options).constraints).toEqual([
      { kind: 'loss-gap', topology: 'pairwise', tolerance: 0.005 },
    ]);
  });

  it('reports them in their own section with the main table’s columns, or not at all', () => {
    const m = summariseMethod('exponentiated-gradient', results(testConfig(), [runResult(0), runResult(1)]));
    const section = baselinesMarkdown([m]);
    expect(section).toMatch(/^## Practitioners' baselines \(demographic parity/);
    expect(section).toContain('### Test set (mean ± std over runs)');
    expect(section).toContain('| Reductions (exponentiated gradient) |');
    expect(section).toContain('needs the protected attribute at prediction time');
    expect(baselinesMarkdown([])).toBe('');
  });
});
