import { describe, expect, it } from 'vitest';
import {
  paperTaskConfig,
  taskConfigSchema,
  validationShare,
  type TaskConfigInput,
} from '../../../shared/config/task-config.js';

const base: TaskConfigInput = {
  data: { path: 'd.csv', label: { column: 'y', positive: ['1'] } },
  split: { test: 0.2 },
  groups: { attributes: [{ column: 'g' }] },
  solver: { name: 'ssl-alm' },
  budget: { iterations: 10 },
};

describe('task config defaults for trustworthy results', () => {
  it('a task with constraints gets a three-way split; one without keeps two; an explicit share wins', () => {
    const constrained = taskConfigSchema.parse({ ...base, constraints: [{ kind: 'loss-gap', tolerance: 0.01 }] });
    expect(validationShare(constrained)).toBe(0.2);
    expect(validationShare(taskConfigSchema.parse(base))).toBe(0);
    expect(
      validationShare(
        taskConfigSchema.parse({
          ...base,
          split: { test: 0.2, validation: 0 },
          constraints: [{ kind: 'loss-gap', tolerance: 0.01 }],
        }),
      ),
    ).toBe(0);
    expect(validationShare(paperTaskConfig('x.csv'))).toBe(0);
  });

  it('rejects a test share that leaves no training rows next to the default validation share', () => {
    expect(taskConfigSchema.safeParse({ ...base, split: { test: 0.8 } }).success).toBe(false);
  });

  it('reads the old selection name "best-feasible" as "auto" and defaults to a fixed 0.5 threshold', () => {
    const config = taskConfigSchema.parse({ ...base, selection: 'best-feasible' });
    expect(config.selection).toBe('auto');
    expect(config.thresholdRule).toEqual({ rule: 'fixed' });
    expect(config.threshold).toBe(0.5);
    expect(config.classWeights).toBe('none');
  });

  it('a target-selection-rate rule needs its rate; solver.dual takes known values only', () => {
    expect(taskConfigSchema.safeParse({ ...base, thresholdRule: { rule: 'target-selection-rate' } }).success).toBe(
      false,
    );
    expect(
      taskConfigSchema.parse({ ...base, thresholdRule: { rule: 'target-selection-rate', rate: 0.3 } }).thresholdRule,
    ).toEqual({ rule: 'target-selection-rate', rate: 0.3 });
    expect(taskConfigSchema.safeParse({ ...base, solver: { name: 'gda', dual: { split: 'test' } } }).success).toBe(
      false,
    );
    expect(
      taskConfigSchema.parse({ ...base, solver: { name: 'gda', dual: { split: 'validation' } } }).solver.dual,
    ).toEqual({ split: 'validation', rates: 'soft' });
  });
});
