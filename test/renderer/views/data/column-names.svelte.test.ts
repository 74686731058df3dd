import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ColumnSummary, DatasetSummary } from '../../../../shared/ipc/channels/datasets';
import { DataState } from '../../../../renderer/src/views/data/data-state.svelte';
import { FakeMain, settle } from '../../fake-main';
import { project } from '../../fixtures';

// The tab re-checks the source file when the window regains focus; Node has no window, so an EventTarget stands in.
beforeEach(() => vi.stubGlobal('window', new EventTarget()));
afterEach(() => vi.unstubAllGlobals());

const column = (name: string): ColumnSummary => ({
  name,
  type: 'VARCHAR',
  kind: 'text',
  distinct: 2,
  missing: 0,
  missingShare: 0,
  min: null,
  max: null,
  mean: null,
  top: [
    { value: 'a', count: 60 },
    { value: 'b', count: 40 },
  ],
  idLike: false,
  personal: false,
});

/** A headerless file as main summarises it, under the names the saved draft gives its columns. */
function summaryFor(task: Record<string, unknown> | null): DatasetSummary {
  const names = (task?.['data'] as { columnNames?: string[] } | undefined)?.columnNames;
  return {
    path: '/data/adult.data',
    format: 'csv',
    compression: 'none',
    dialect: { delimiter: ',', quote: '"', header: false, skipRows: 0, encoding: 'utf-8' },
    bytes: 1000,
    rows: 100,
    columns: (names ?? ['column00', 'column01', 'column02', 'column03']).map(column),
    notes: names ? [] : ['No header row: columns get generic names (column00, column01, …).'],
  };
}

/** Main holding one project whose task draft save-draft replaces, as the real handler does. */
function mainWithHeaderlessFile(): { main: FakeMain; saved: () => Record<string, unknown> | null } {
  let task: Record<string, unknown> | null = {
    data: {
      path: '/data/adult.data',
      label: { column: 'column03', positive: ['b'] },
      exclude: ['column00'],
      protectedAsFeatures: [],
      preprocessing: { maxLevels: 20, missing: 'impute', columns: { column02: { encoding: 'onehot' } } },
    },
    split: { test: 0.2, validation: 0, seed: 42, stratify: true },
    groups: { attributes: [{ column: 'column01' }], intersect: true, minSize: 30 },
  };
  const dataset = {
    sourceName: 'adult.data',
    sourcePath: '/data/adult.data',
    sha256: 'f'.repeat(64),
    bytes: 1000,
    format: 'csv' as const,
    cacheFile: 'datasets/x.parquet',
    rows: 100,
    columns: 4,
    importedAt: '2026-11-30T10:00:00.000Z',
  };
  const notNow = { error: { code: 'not-found' as const, message: 'not in this test' } };
  const main = new FakeMain()
    .handle('projects:get', ({ id }) => project(id, { dataset, task }))
    .handle('datasets:summary', () => summaryFor(task))
    .handle('datasets:source-status', notNow)
    .handle('datasets:label-stats', notNow)
    .handle('datasets:groups', notNow)
    .handle('datasets:save-draft', ({ data, split, groups }) => {
      task = { data: { ...data, path: '/data/adult.data' }, split, ...(groups ? { groups } : {}) };
      return { task };
    });
  return { main, saved: () => task };
}

describe('DataState: naming the columns of a file without a header row', () => {
  it('renames the columns in file order; roles, encodings and groups follow their columns; the summary is read again', async () => {
    const { main, saved } = mainWithHeaderlessFile();
    const data = new DataState('p1', main.api);
    data.start();
    await settle();
    expect(data.summary?.columns.map((c) => c.name)).toEqual(['column00', 'column01', 'column02', 'column03']);

    expect(await data.nameColumns(['id', 'sex', 'occupation', 'income'])).toBe(true);
    await settle();
    expect(data.columnNamesError).toBeNull();
    expect(data.summary?.columns.map((c) => c.name)).toEqual(['id', 'sex', 'occupation', 'income']);
    expect(saved()).toMatchObject({
      data: {
        columnNames: ['id', 'sex', 'occupation', 'income'],
        label: { column: 'income', positive: ['b'] },
        exclude: ['id'],
        preprocessing: { columns: { occupation: { encoding: 'onehot' } } },
      },
      groups: { attributes: [{ column: 'sex' }] },
    });
    // The derived figures are asked for under the new names.
    expect(main.requests('datasets:label-stats').at(-1)?.label.column).toBe('income');
    expect(main.requests('datasets:groups').at(-1)?.groups.attributes).toEqual([{ column: 'sex' }]);

    // Renaming again maps from the current names, not the file's.
    expect(await data.nameColumns(['row id', 'gender', 'occupation', 'income'])).toBe(true);
    expect(saved()).toMatchObject({ data: { exclude: ['row id'] }, groups: { attributes: [{ column: 'gender' }] } });
  });

  it('refuses duplicate, empty or too few names with the reason, and changes nothing', async () => {
    const { main, saved } = mainWithHeaderlessFile();
    const data = new DataState('p1', main.api);
    data.start();
    await settle();
    const before = structuredClone(saved());

    expect(await data.nameColumns(['a', 'b', 'B', 'c'])).toBe(false);
    expect(data.columnNamesError).toBe('Column names: columns 2 and 3 are both named "B": names must be unique.');
    expect(await data.nameColumns(['a', ' ', 'b', 'c'])).toBe(false);
    expect(data.columnNamesError).toBe('Column names: the name of column 2 is empty.');
    expect(await data.nameColumns(['a', 'b', 'c'])).toBe(false);
    expect(data.columnNamesError).toMatch(/^Column names: 3 column names given for 4 columns/);

    expect(main.requests('datasets:save-draft')).toHaveLength(0);
    expect(saved()).toEqual(before);
    expect(data.summary?.columns.map((c) => c.name)).toEqual(['column00', 'column01', 'column02', 'column03']);
    expect(data.draft?.data.label?.column).toBe('column03');
  });

  it('keeps the draft as it was when main refuses the names', async () => {
    const { main } = mainWithHeaderlessFile();
    main.handle('datasets:save-draft', { error: { code: 'invalid-config', message: 'Column names: no.' } });
    const data = new DataState('p1', main.api);
    data.start();
    await settle();
    expect(await data.nameColumns(['a', 'b', 'c', 'd'])).toBe(false);
    expect(data.columnNamesError).toBe('Column names: no.');
    expect(data.draft?.data.columnNames).toBeUndefined();
    expect(data.draft?.data.label?.column).toBe('column03');
  });
});
