import { describe, expect, it } from 'vitest';
import { paperTaskConfig, type TaskConfigInput } from '../../../../shared/config/task-config.js';
import { applyOverrides, parseConfigJson, validateConfig } from '../../../../main/core/configs/config-file.js';
import { checkTaskConfig } from '../../../../main/core/configs/validate.js';
import { FairboundError } from '../../../../shared/errors.js';

function base(): TaskConfigInput {
  return {
    data: { path: 'data.csv', label: { column: 'PINCP', positive: ['True'] } },
    split: { test: 0.2 },
    groups: { attributes: [{ column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } }] },
    constraints: [{ kind: 'loss-gap', tolerance: 0.005 }],
    solver: { name: 'ssl-alm', params: { mu: 2 } },
    budget: { seconds: 1 },
  };
}

function issuesOf(input: unknown): string[] {
  const check = checkTaskConfig(input);
  if (check.ok) throw new Error('expected the config to be rejected');
  return check.issues;
}

describe('checkTaskConfig', () => {
  it('gives the baseline methods exactly one positive-rate-gap or equalized-odds constraint, and names the problem otherwise', () => {
    const rate = { kind: 'positive-rate-gap' as const, tolerance: 0.05 };
    for (const name of ['exponentiated-gradient', 'threshold-optimizer'] as const) {
      expect(checkTaskConfig({ ...base(), solver: { name }, constraints: [rate] }).ok).toBe(true);
      expect(
        checkTaskConfig({ ...base(), solver: { name }, constraints: [{ kind: 'equalized-odds', tolerance: 0.1 }] }).ok,
      ).toBe(true);
      expect(issuesOf({ ...base(), solver: { name } })).toEqual([
        `constraints: "${name}" enforces positive-rate-gap or equalized-odds constraints, not loss-gap`,
      ]);
      expect(issuesOf({ ...base(), solver: { name }, constraints: [rate, rate] })).toEqual([
        `constraints: "${name}" enforces exactly one constraint (positive-rate-gap or equalized-odds); the task has 2`,
      ]);
    }
    expect(
      issuesOf({
        ...base(),
        solver: { name: 'exponentiated-gradient' },
        constraints: [rate],
        classWeights: 'balanced',
      }),
    ).toEqual([
      'classWeights: "exponentiated-gradient" fits unweighted regressions (as Fairlearn does); set classWeights to "none"',
    ]);
  });

  it('accepts the paper config and a minimal one, filling defaults', () => {
    expect(checkTaskConfig(paperTaskConfig('x.csv')).ok).toBe(true);
    const check = checkTaskConfig(base());
    expect(check.ok && check.config.runs).toBe(1);
    expect(check.ok && check.config.model.hidden).toEqual([64, 32]);
  });

  it('names unknown fields at the root and deep inside', () => {
    const issues = issuesOf({ ...base(), epochz: 3, solver: { name: 'sgd', lr: 0.1 } });
    expect(issues).toContain('(root): unknown field(s) "epochz"');
    expect(issues).toContain('solver: unknown field(s) "lr"');
  });

  it('names an unknown solver parameter and lists the known ones', () => {
    const issues = issuesOf({ ...base(), solver: { name: 'ssl-alm', params: { tua: 0.1 } } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^solver\.params\.tua: unknown parameter for solver "ssl-alm" \(known: mu, rho, tau/);
  });

  it('names an out-of-range solver parameter with its allowed range', () => {
    const issues = issuesOf({ ...base(), solver: { name: 'switching-subgradient', params: { objectiveLr: 50 } } });
    expect(issues).toEqual(['solver.params.objectiveLr: out of range, objectiveLr=50 (allowed 0.000001…10)']);
  });

  it('requires exactly one label rule', () => {
    const none = issuesOf({ ...base(), data: { path: 'd.csv', label: { column: 'PINCP' } } });
    expect(none).toEqual(['data.label: label needs exactly one of "positive" (values) or "rule" (numeric)']);
    const bad = issuesOf({ ...base(), data: { path: 'd.csv', label: { column: 'PINCP', rule: 'above 5' } } });
    expect(bad[0]).toMatch(/^data\.label\.rule: rule must look like/);
  });

  it('rejects a constrained solver without constraints, and a label used as a feature', () => {
    const issues = issuesOf({
      ...base(),
      constraints: [],
      data: { path: 'd.csv', label: { column: 'PINCP', rule: '> 1' }, features: ['AGEP', 'PINCP'] },
    });
    expect(issues).toContain('constraints: "ssl-alm" is a constrained solver; add at least one constraint');
    expect(issues).toContain('data.features: the label column "PINCP" cannot also be a feature');
  });

  it('lets an unconstrained solver run without constraints', () => {
    expect(checkTaskConfig({ ...base(), constraints: [], solver: { name: 'sgd' } }).ok).toBe(true);
  });
});

describe('config files', () => {
  it('reports JSON syntax errors with the source name', () => {
    expect(() => parseConfigJson('{"a": ', 'task.json')).toThrow(/^task\.json: not valid JSON/);
  });

  it('applies overrides before validation, so a bad override is named like a bad field', () => {
    const raw = applyOverrides(base(), { runs: 3, seconds: 2.5, seed: 7, backend: 'cpu' });
    const config = validateConfig(raw, 'task.json');
    expect(config).toMatchObject({ runs: 3, seed: 7, backend: 'cpu', budget: { seconds: 2.5 } });
    try {
      validateConfig(applyOverrides(base(), { runs: 0 }), 'task.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FairboundError);
      expect((error as FairboundError).code).toBe('invalid-config');
      expect((error as FairboundError).message).toMatch(/runs: /);
    }
  });
});
