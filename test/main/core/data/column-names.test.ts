import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnNamesProblem, parseColumnNames } from '../../../../shared/config/column-names.js';
import { describeConfigIssues, taskConfigSchema, type TaskConfig } from '../../../../shared/config/task-config.js';
import type { DatasetSummary } from '../../../../shared/ipc/channels/datasets.js';
import { namedSummary } from '../../../../main/core/data/column-names.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { fittedPreprocessingSchema } from '../../../../main/core/data/preprocess.js';
import { streamRawRows } from '../../../../main/core/scoring/raw-rows.js';
import { configToProject } from '../../../../main/core/configs/project-config.js';
import { importDataset } from '../../../../main/core/data/import.js';
import { FsProjectRepository } from '../../../../main/core/projects/fs-repository.js';
import { hasSharedData, sharedData } from '../../../helpers/paths.js';
import { dispatcherHost, fairboundError, tempDir } from './helpers.js';

/** The columns of UCI Adult, as adult.names lists them (the file itself has no header row). */
const ADULT = [
  'age',
  'workclass',
  'fnlwgt',
  'education',
  'education-num',
  'marital-status',
  'occupation',
  'relationship',
  'race',
  'sex',
  'capital-gain',
  'capital-loss',
  'hours-per-week',
  'native-country',
  'income',
];
const adultFile = path.join(sharedData, 'uci_adult/adult.data');

const tmp = await tempDir();
afterAll(() => tmp.remove());

describe('column names: rules', () => {
  it('accepts one unique, non-empty name per column and says what is wrong otherwise', () => {
    expect(columnNamesProblem(ADULT, 15)).toBeNull();
    expect(columnNamesProblem(ADULT, 16)).toBe(
      '15 column names given for 16 columns: give one name per column, in file order',
    );
    expect(columnNamesProblem(['age', '', 'sex'])).toBe('the name of column 2 is empty');
    expect(columnNamesProblem(['age', 'Sex', 'sex'])).toBe(
      'columns 2 and 3 are both named "sex": names must be unique',
    );
    expect(columnNamesProblem(['age ', 'sex'])).toMatch(/column 1 \("age "\) starts or ends with a space/);
    expect(columnNamesProblem(['age', '__row'])).toMatch(/column 2 cannot be named "__row"/);
  });

  it('reads a pasted list, one name a line or comma-separated', () => {
    expect(parseColumnNames('age, workclass ,"fnlwgt"')).toEqual(['age', 'workclass', 'fnlwgt']);
    expect(parseColumnNames('age\r\nworkclass\n\nsex\n')).toEqual(['age', 'workclass', 'sex']);
    expect(parseColumnNames('age\tworkclass\tsex')).toEqual(['age', 'workclass', 'sex']);
  });

  it('a column named as personal data is hidden like one the file named so', () => {
    const column = (name: string, distinct: number) => ({
      name,
      type: 'VARCHAR',
      kind: 'text' as const,
      distinct,
      missing: 0,
      missingShare: 0,
      min: null,
      max: null,
      mean: null,
      top: [{ value: 'x', count: 1 }],
      idLike: false,
      personal: false,
    });
    const summary: DatasetSummary = {
      path: '/x.data',
      format: 'csv',
      compression: 'none',
      dialect: null,
      bytes: 10,
      rows: 100,
      columns: [column('column0', 90), column('column1', 2)],
      notes: ['No header row: columns get generic names (column00, column01, …).', 'Other note.'],
    };
    const named = namedSummary(summary, ['email', 'telephone']);
    expect(named.columns[0]).toMatchObject({ name: 'email', personal: true, top: [] });
    // Two values cannot identify anyone (German credit's telephone is yes / none).
    expect(named.columns[1]).toMatchObject({ name: 'telephone', personal: false, top: [{ value: 'x', count: 1 }] });
    expect(named.notes).toEqual(['Other note.']);
  });

  it('the task config rejects duplicate names by field', () => {
    const parsed = taskConfigSchema.safeParse({
      data: { path: 'x.csv', columnNames: ['a', 'a'], label: { column: 'a', positive: ['1'] } },
      split: { test: 0.2 },
      groups: { attributes: [{ column: 'a' }] },
      solver: { name: 'adam' },
      budget: { epochs: 1 },
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(describeConfigIssues(parsed.error)).toEqual([
        'data.columnNames: columns 1 and 2 are both named "a": names must be unique',
      ]);
  });
});

describe.skipIf(!hasSharedData)('column names on UCI adult.data (no header row)', () => {
  const config = (columnNames: string[]): TaskConfig =>
    taskConfigSchema.parse({
      data: {
        path: adultFile,
        columnNames,
        label: { column: 'income', positive: ['>50K'] },
        exclude: ['fnlwgt'],
        preprocessing: { columns: { occupation: { encoding: 'onehot' } } },
      },
      split: { test: 0.2, validation: 0, seed: 42, stratify: true },
      groups: { attributes: [{ column: 'sex' }], intersect: true, minSize: 30 },
      solver: { name: 'adam' },
      budget: { epochs: 1 },
    });

  it('training reads the file under the given names: label, groups, exclusions and encodings refer to them', async () => {
    const task = await prepareTask(config(ADULT), { cacheDir: tmp.dir });
    expect(task.groups.map((g) => g.name).sort()).toEqual(['Female', 'Male']);
    const rows = task.train.rows + task.test.rows;
    expect(rows).toBe(32_561);
    const positives = [...task.train.labels, ...task.test.labels].filter((y) => y > 0.5).length;
    expect(positives).toBe(7_841);
    expect(task.groupAttributes).toEqual(['sex']);
    expect(task.featureNames).toContain('age');
    expect(task.featureNames.some((n) => n.startsWith('occupation'))).toBe(true);
    expect(task.featureNames.some((n) => n.startsWith('fnlwgt'))).toBe(false);
    expect(task.featureNames.some((n) => /^column\d/.test(n))).toBe(false);
  });

  it('scoring a headerless file with the model reads it under the task’s names, groups included', async () => {
    const task = await prepareTask(config(ADULT), { cacheDir: tmp.dir });
    const fitted = fittedPreprocessingSchema.parse(task.preprocessing);
    const groups = new Map<string, number>();
    const { rows } = await streamRawRows(
      adultFile,
      fitted,
      async (chunk) => {
        for (const g of chunk.groups ?? []) groups.set(g, (groups.get(g) ?? 0) + 1);
      },
      { groups: task.config.groups, columnNames: ADULT },
    );
    expect(rows).toBe(32_561);
    expect(Object.fromEntries(groups)).toEqual({ Male: 21_790, Female: 10_771 });
    // Without the names the file's columns are column00 …: the model's columns are missing, and said so.
    const error = await fairboundError(
      streamRawRows(adultFile, fitted, async () => {}),
      'dataset-malformed',
    );
    expect(error.message).toMatch(/lacks 12 columns the model needs: age, workclass/);
  });

  it('a config imported as a project keeps its names, and one whose names do not fit the file makes no project', async () => {
    const projects = new FsProjectRepository(path.join(tmp.dir, 'projects'));
    const made = await configToProject(config(ADULT), { projects, importDataset });
    expect((await projects.get(made.projectId)).task).toMatchObject({ data: { columnNames: ADULT } });
    const error = await fairboundError(
      configToProject(config([...ADULT, 'extra']), { projects, importDataset }),
      'invalid-config',
    );
    expect(error.message).toBe(
      'data.columnNames: 16 column names given for 15 columns: give one name per column, in file order (adult.data).',
    );
    expect(await projects.list()).toHaveLength(1);
  });

  it('a list of the wrong length is refused with the counts, before anything is read', async () => {
    const error = await fairboundError(
      prepareTask(config(ADULT.slice(0, 14)), { cacheDir: tmp.dir }),
      'invalid-config',
    );
    expect(error.message).toMatch(/data\.columnNames: 14 column names given for 15 columns/);
  });

  it('a project names its columns in the task draft: summary, preview and groups use the names; bad names are refused and lose nothing', async () => {
    const { call, finished } = dispatcherHost(path.join(tmp.dir, 'host'));
    const project = await call<{ id: string }>('projects:create', { name: 'Adult' });
    const { jobId } = await call<{ jobId: string }>('datasets:import', {
      projectId: project.id,
      source: { kind: 'path', path: adultFile },
    });
    expect(await finished(jobId)).toMatchObject({ ok: true });
    const before = await call<DatasetSummary>('datasets:summary', { projectId: project.id });
    expect(before.columns.map((c) => c.name).slice(0, 2)).toEqual(['column00', 'column01']);
    expect(before.notes.join(' ')).toMatch(/No header row/);

    const draft = {
      data: { columnNames: ADULT, label: { column: 'income', positive: ['>50K'] }, exclude: [] },
      split: { test: 0.2, validation: 0, seed: 42, stratify: true },
      groups: { attributes: [{ column: 'sex' }], intersect: true, minSize: 30 },
    };
    await call('datasets:save-draft', { projectId: project.id, ...draft });
    const after = await call<DatasetSummary>('datasets:summary', { projectId: project.id });
    expect(after.columns.map((c) => c.name)).toEqual(ADULT);
    expect(after.columns[9]!.top.map((t) => t.value)).toEqual(['Male', 'Female']);
    expect(after.notes.join(' ')).not.toMatch(/No header row/);
    const preview = await call<{ columns: string[]; rows: unknown[][] }>('datasets:preview', {
      projectId: project.id,
      offset: 0,
      limit: 2,
      revealPersonal: false,
    });
    expect(preview.columns).toEqual(ADULT);
    expect(preview.rows[0]![0]).toBe(39);
    const groups = await call<{ groups: { name: string; count: number }[] }>('datasets:groups', {
      projectId: project.id,
      groups: draft.groups,
      label: draft.data.label,
    });
    expect(Object.fromEntries(groups.groups.map((g) => [g.name, g.count]))).toEqual({ Male: 21_790, Female: 10_771 });

    const duplicate = ADULT.map((n) => (n === 'race' ? 'sex' : n));
    await expect(
      call('datasets:save-draft', { projectId: project.id, ...draft, data: { ...draft.data, columnNames: duplicate } }),
    ).rejects.toMatchObject({
      code: 'invalid-config',
      message: 'Column names: columns 9 and 10 are both named "sex": names must be unique.',
    });
    const short = ADULT.slice(1);
    await expect(
      call('datasets:save-draft', { projectId: project.id, ...draft, data: { ...draft.data, columnNames: short } }),
    ).rejects.toMatchObject({ code: 'invalid-config', message: expect.stringMatching(/14 column names given for 15/) });
    const kept = await call<DatasetSummary>('datasets:summary', { projectId: project.id });
    expect(kept.columns.map((c) => c.name)).toEqual(ADULT);
  });
});
