import { describe, expect, it } from 'vitest';
import { FairboundError } from '../../../../shared/errors.js';
import { trainSettingsSchema } from '../../../../shared/ipc/channels/training.js';
import { PROJECT_SCHEMA_VERSION, type Project } from '../../../../shared/project.js';
import { gapsFromSplit } from '../../../../main/core/training/reference-gaps.js';
import {
  DEFAULT_TRAIN_SETTINGS,
  dataIssues,
  settingsFromDraft,
} from '../../../../main/core/training/train-settings.js';
import { expandSweep } from '../../../../main/core/training/sweep.js';
import { jobLabel, taskConfigFromProject } from '../../../../main/core/training/task-from-project.js';
import { splitEvaluation, testConfig } from './fakes.js';

function project(task: Record<string, unknown> | null): Project {
  return {
    schemaVersion: PROJECT_SCHEMA_VERSION,
    id: 'p1',
    name: 'p',
    createdAt: '',
    modifiedAt: '',
    dataset: {
      sourceName: 'sample.csv',
      sourcePath: '/elsewhere/sample.csv',
      sha256: 'x',
      bytes: 1,
      format: 'csv',
      cacheFile: 'datasets/missing.parquet',
      rows: 10,
      columns: 3,
      importedAt: '',
    },
    task,
    jobs: [],
    modelRun: null,
  };
}

const dataPart = () => {
  const { data, split, groups } = testConfig();
  return { data, split, groups };
};

describe('task config from the project draft', () => {
  it('fills data.path from the dataset and validates the merged draft', () => {
    const config = taskConfigFromProject(project(dataPart()), '/projects/p1', DEFAULT_TRAIN_SETTINGS);
    expect(config.data.path).toBe('/elsewhere/sample.csv');
    expect(config.solver.name).toBe('ssl-alm');
    expect(jobLabel(config)).toBe('SSL-ALM · Loss gap ≤ 0.005');
  });

  it('names the offending fields', () => {
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      solver: { name: 'ssl-alm' as const, batchSize: 8, params: { rho: 1e9, nope: 1 } },
    };
    const error = (() => {
      try {
        taskConfigFromProject(project(dataPart()), '/p', settings);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FairboundError);
    expect((error as FairboundError).code).toBe('invalid-config');
    expect((error as FairboundError).message).toMatch(/solver\.params\.nope/);
    expect((error as FairboundError).message).toMatch(
      /solver\.params\.rho: out of range, rho=1000000000 \(allowed 0…10000\)/,
    );
    expect(() => taskConfigFromProject(project({}), '/p', DEFAULT_TRAIN_SETTINGS)).toThrow(/label|groups|split/);
    expect(() =>
      taskConfigFromProject(project(dataPart()), '/p', { ...DEFAULT_TRAIN_SETTINGS, constraints: [] }),
    ).toThrow(/constraints: "ssl-alm" is a constrained solver/);
  });

  it('reads settings from a draft field by field, falling back to defaults', () => {
    const s = settingsFromDraft({
      ...dataPart(),
      runs: 3,
      budget: { seconds: -1 },
      solver: { name: 'sgd', batchSize: 8, params: {} },
    });
    expect(s.runs).toBe(3);
    expect(s.solver.name).toBe('sgd');
    expect(s.budget).toEqual(DEFAULT_TRAIN_SETTINGS.budget);
    expect(settingsFromDraft(null)).toEqual(DEFAULT_TRAIN_SETTINGS);
    expect(dataIssues({ ...DEFAULT_TRAIN_SETTINGS })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^data/),
        expect.stringMatching(/^split/),
        expect.stringMatching(/^groups/),
      ]),
    );
    expect(dataIssues({ ...dataPart(), ...DEFAULT_TRAIN_SETTINGS })).toEqual([]);
  });
});

describe('sweep', () => {
  it('expands solvers × tolerances and resets parameters of a switched solver', () => {
    const base = trainSettingsSchema.parse({
      ...DEFAULT_TRAIN_SETTINGS,
      solver: { name: 'ssl-alm', batchSize: 8, params: { mu: 3 } },
    });
    const out = expandSweep(base, { solvers: ['ssl-alm', 'sgd'], tolerances: [0.01, 0.05] });
    expect(out.map((s) => [s.solver.name, s.constraints[0]!.tolerance])).toEqual([
      ['ssl-alm', 0.01],
      ['ssl-alm', 0.05],
      ['sgd', 0.01],
      ['sgd', 0.05],
    ]);
    expect(out[0]!.solver.params).toEqual({ mu: 3 });
    expect(out[2]!.solver).toEqual({ name: 'sgd', batchSize: 8, params: {} });
    expect(expandSweep(base, undefined)).toEqual([base]);
    expect(base.constraints[0]!.tolerance).toBe(0.005);
  });
});

describe('reference gaps', () => {
  it('computes pairwise and each-vs-overall gaps from a group table', () => {
    const gaps = gapsFromSplit(splitEvaluation(0.4, 0.06), splitEvaluation(0.4, 0.06), 30);
    const of = (kind: string, topology: string) => gaps.find((g) => g.kind === kind && g.topology === topology)?.value;
    expect(of('loss-gap', 'pairwise')).toBeCloseTo(0.06);
    expect(of('positive-rate-gap', 'pairwise')).toBeCloseTo(0.06);
    expect(of('positive-rate-gap', 'each-vs-overall')).toBeCloseTo(0.03);
    expect(of('tpr-gap', 'pairwise')).toBe(0);
    expect(of('worst-group-loss', 'pairwise')).toBeCloseTo(0.46);
    const split = splitEvaluation(0.4, 0.06);
    expect(gapsFromSplit(split, split, 1000).every((g) => g.value === null)).toBe(true);
  });

  it('leaves out the groups the constraints leave out: small on the training split, not on the test split', () => {
    // 100 training rows each; on the test split one group has 13 rows (German credit's male × under 25).
    const train = splitEvaluation(0.4, 0.06);
    const test = splitEvaluation(0.4, 0.14);
    test.groups['Non-white'] = { ...test.groups['Non-white']!, n: 13 };
    const gaps = gapsFromSplit(test, train, 30);
    expect(gaps.find((g) => g.kind === 'positive-rate-gap' && g.topology === 'pairwise')?.value).toBeCloseTo(0.14);
    train.groups['Non-white'] = { ...train.groups['Non-white']!, n: 20 };
    const without = gapsFromSplit(test, train, 30);
    expect(without.find((g) => g.kind === 'positive-rate-gap' && g.topology === 'pairwise')?.value).toBeNull();
  });
});
