import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { taskConfigSchema, type GroupsSpec } from '../../../../shared/config/task-config.js';
import { withConnection } from '../../../../main/core/data/duckdb.js';
import { binNames, groupTable } from '../../../../main/core/data/groups.js';
import { importDataset } from '../../../../main/core/data/import.js';
import { checkLabel, labelSql, labelStats } from '../../../../main/core/data/label.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { openCachedTable } from '../../../../main/core/data/table.js';
import { fairboundError, tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

// Codes written as floats (as the ACS files do), a missing race, text and numeric columns.
const CSV = [
  'race,sex,age,income,flag',
  '1.0,1,23,60000,yes',
  '1.0,2,37,20000,no',
  '2.0,2,45,80000,yes',
  '3.0,1,70,10000,no',
  ',1,30,55000,no',
  '1.0,1,52,51000,yes',
  '2.0,2,19,,no',
].join('\n');

async function withTable<T>(
  csv: string,
  fn: (
    conn: Parameters<Parameters<typeof withConnection>[0]>[0],
    t: Awaited<ReturnType<typeof openCachedTable>>,
  ) => Promise<T>,
): Promise<T> {
  const project = path.join(tmp.dir, `p${Math.random().toString(36).slice(2)}`);
  const ref = await importDataset(project, await tmp.write(`${path.basename(project)}.csv`, csv));
  return withConnection(async (conn) => fn(conn, await openCachedTable(conn, path.join(project, ref.cacheFile))));
}

const spec = (attributes: GroupsSpec['attributes'], extra: Partial<GroupsSpec> = {}): GroupsSpec => ({
  attributes,
  intersect: true,
  minSize: 2,
  ...extra,
});

describe('subgroups', () => {
  it('map keys match float-written codes ("1" matches 1.0); "*" catches the rest; missing is an explicit Unknown group', async () => {
    const t = await withTable(CSV, (conn, table) =>
      groupTable(conn, table.sql, table.columns, spec([{ column: 'race', map: { '1': 'White', '*': 'Non-white' } }])),
    );
    expect(Object.fromEntries(t.groups.map((g) => [g.name, g.count]))).toEqual({
      White: 3,
      'Non-white': 3,
      Unknown: 1,
    });
    expect(t.groups.find((g) => g.name === 'Unknown')!.unknown).toBe(true);
    expect(t.warnings.join(' ')).toMatch(/1 row\(s\) have a missing protected value/);
    expect(t.total).toBe(7);
  });

  it('intersections are computed from the data: only non-empty ones, named "A × B", with base rates', async () => {
    const t = await withTable(CSV, (conn, table) =>
      groupTable(
        conn,
        table.sql,
        table.columns,
        spec([
          { column: 'race', map: { '1.0': 'White', '*': 'Non-white' } },
          { column: 'sex', map: { '1': 'Male', '2': 'Female' } },
        ]),
        labelSql({ column: 'income', rule: '> 50000' }, table.columns),
      ),
    );
    // The row with a missing income has no label and is left out once a label is given.
    expect(t.total).toBe(6);
    const byName = Object.fromEntries(t.groups.map((g) => [g.name, g]));
    expect(Object.keys(byName).sort()).toEqual([
      'Non-white × Female',
      'Non-white × Male',
      'Unknown × Male',
      'White × Female',
      'White × Male',
    ]);
    expect(byName['White × Male']).toMatchObject({ count: 2, baseRate: 1, parts: ['White', 'Male'], small: false });
    expect(byName['White × Female']).toMatchObject({ count: 1, baseRate: 0, small: true });
    expect(t.attributes).toEqual(['race', 'sex']);
  });

  it('numeric bins with editable edges and default "[a, b)" names', async () => {
    expect(binNames({ column: 'age', bins: [0, 25, 45, 65] }).bins).toEqual([
      '[0, 25)',
      '[25, 45)',
      '[45, 65)',
      '[65, ∞)',
    ]);
    const t = await withTable(CSV, (conn, table) =>
      groupTable(
        conn,
        table.sql,
        table.columns,
        spec([{ column: 'age', bins: [25, 45], name: 'Age' }], { minSize: 1 }),
      ),
    );
    expect(Object.fromEntries(t.groups.map((g) => [g.name, g.count]))).toEqual({
      '< 25': 2,
      '[25, 45)': 2,
      '[45, ∞)': 3,
    });
    await withTable(CSV, async (conn, table) => {
      const e = await fairboundError(
        groupTable(conn, table.sql, table.columns, spec([{ column: 'flag', bins: [1] }])),
        'group-invalid',
      );
      expect(e.message).toMatch(/bins need a numeric column/);
      await fairboundError(
        groupTable(conn, table.sql, table.columns, spec([{ column: 'age', bins: [1, 2], binLabels: ['a'] }])),
        'group-invalid',
      );
    });
  });

  it('intersect=false lists each attribute on its own (a yes/no column keeps the file’s own values)', async () => {
    const t = await withTable(CSV, (conn, table) =>
      groupTable(conn, table.sql, table.columns, spec([{ column: 'sex' }, { column: 'flag' }], { intersect: false })),
    );
    expect(t.groups.map((g) => g.name).sort()).toEqual(['1', '2', 'no', 'yes']);
  });

  it('a protected attribute with one value, an unknown column: group-invalid naming it', async () => {
    await withTable('a,b\n1,x\n1,y\n1,z\n', async (conn, table) => {
      const e = await fairboundError(
        groupTable(conn, table.sql, table.columns, spec([{ column: 'a' }])),
        'group-invalid',
      );
      expect(e.message).toMatch(/Protected attribute a has a single group \("1"\)/);
      const m = await fairboundError(
        groupTable(conn, table.sql, table.columns, spec([{ column: 'b', map: { '*': 'All' } }])),
        'group-invalid',
      );
      expect(m.message).toMatch(/single group \("All"\)/);
      const u = await fairboundError(
        groupTable(conn, table.sql, table.columns, spec([{ column: 'nope' }])),
        'group-invalid',
      );
      expect(u.message).toMatch(/"nope" is not a column/);
    });
  });

  it('hundreds of groups come from one GROUP BY', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i % 30},${i % 11},${i % 2}`);
    const t = await withTable(['a,b,y', ...rows].join('\n'), (conn, table) =>
      groupTable(
        conn,
        table.sql,
        table.columns,
        spec([{ column: 'a' }, { column: 'b' }], { minSize: 10 }),
        labelSql({ column: 'y', positive: ['1'] }, table.columns),
      ),
    );
    expect(t.groups).toHaveLength(330);
    expect(t.groups.reduce((s, g) => s + g.count, 0)).toBe(3000);
  });
});

describe('labels', () => {
  it('category sets and numeric rules, with base rate and missing count', async () => {
    await withTable(CSV, async (conn, table) => {
      const byValue = await labelStats(conn, table.sql, table.columns, { column: 'flag', positive: ['YES'] });
      expect(byValue).toMatchObject({ positives: 3, negatives: 4, missing: 0 });
      expect(byValue.baseRate).toBeCloseTo(3 / 7);
      const byRule = await labelStats(conn, table.sql, table.columns, { column: 'income', rule: '>= 55000' });
      expect(byRule).toMatchObject({ positives: 3, negatives: 3, missing: 1 });
      const codes = await labelStats(conn, table.sql, table.columns, { column: 'race', positive: ['2'] });
      expect(codes.positives).toBe(2);
    });
  });

  it('one class, an empty label, a rule on text, an unknown column', async () => {
    await withTable(CSV, async (conn, table) => {
      const one = await labelStats(conn, table.sql, table.columns, { column: 'income', rule: '> 1000000' });
      const e = (() => {
        try {
          checkLabel(one, { column: 'income', rule: '> 1000000' });
        } catch (error) {
          return error as Error & { code: string };
        }
        throw new Error('expected an error');
      })();
      expect(e.code).toBe('label-single-class');
      expect(e.message).toMatch(/income with rule "> 1000000" makes every one of 6 rows negative/);
      expect(() => labelSql({ column: 'missing', positive: ['1'] }, table.columns)).toThrow(/not in the dataset/);
    });
    await withTable('a,b\n1,\n2,\n', async (conn, table) => {
      const stats = await labelStats(conn, table.sql, table.columns, { column: 'b', positive: ['x'] });
      expect(() => checkLabel(stats, { column: 'b', positive: ['x'] })).toThrow(/b is empty/);
      expect(() => labelSql({ column: 'b', rule: '> 1' }, table.columns)).toThrow(
        /needs a numeric column, but b holds text/,
      );
    });
  });
});

describe('prepareTask on a small table', () => {
  it('drop-row, impute and indicator policies; rows with a missing label are dropped and counted', async () => {
    const rows = Array.from(
      { length: 60 },
      (_, i) => `${i % 2 ? 'a' : 'b'},${i % 5 === 0 ? '' : i},${i % 7 === 0 ? '' : i % 3},${i % 11 === 0 ? '' : i % 2}`,
    );
    const file = await tmp.write('small.csv', ['g,x,z,y', ...rows].join('\n'));
    const config = taskConfigSchema.parse({
      data: {
        path: file,
        label: { column: 'y', positive: ['1'] },
        preprocessing: { missing: 'indicator', columns: { x: { missing: 'drop-row' } } },
      },
      split: { test: 0.25 },
      groups: { attributes: [{ column: 'g' }], minSize: 10 },
      solver: { name: 'adam' },
      budget: { epochs: 1 },
    });
    const p = await prepareTask(config, {});
    expect(p.dataset.rowsRead).toBe(60);
    expect(p.dataset.droppedReasons).toEqual({ 'missing label y': 6, 'missing x': 10 });
    expect(p.dataset.rowsUsed).toBe(44);
    expect(p.featureNames).toEqual(['x', 'z', 'z__missing']);
    expect(p.train.rows + p.test.rows).toBe(44);
    expect(p.groups.map((g) => g.small)).toEqual([false, false]);
    const all = taskConfigSchema.parse({ ...config, data: { ...config.data, label: { column: 'z', rule: '> 99' } } });
    const e = await fairboundError(prepareTask(all, {}), 'label-single-class');
    expect(e.message).toMatch(/every one of \d+ rows negative/);
  });
});
