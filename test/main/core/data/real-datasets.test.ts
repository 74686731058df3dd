import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { paperTaskConfig, taskConfigSchema } from '../../../../shared/config/task-config.js';
import { withConnection } from '../../../../main/core/data/duckdb.js';
import { groupTable } from '../../../../main/core/data/groups.js';
import { importDataset } from '../../../../main/core/data/import.js';
import { inspectDataset } from '../../../../main/core/data/inspect.js';
import { labelSql, labelStats } from '../../../../main/core/data/label.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { openCachedTable } from '../../../../main/core/data/table.js';
import { hasSharedData, sampleCsv, sharedData } from '../../../helpers/paths.js';
import { ACS_INCOME_COLUMNS } from '../../../helpers/acs-sample-task.js';
import { tempDir } from './helpers.js';

const states = path.join(sharedData, 'acs_income_2018/states');
const tmp = await tempDir();
afterAll(() => tmp.remove());

/** Group table of a file imported into a throwaway project. */
async function groupsOf(
  file: string,
  groups: Parameters<typeof groupTable>[3],
  label?: Parameters<typeof labelSql>[0],
) {
  const ref = await importDataset(tmp.dir, file);
  return withConnection(async (conn) => {
    const table = await openCachedTable(conn, path.join(tmp.dir, ref.cacheFile));
    return groupTable(conn, table.sql, table.columns, groups, label ? labelSql(label, table.columns) : undefined);
  });
}

const groups = (attributes: Parameters<typeof groupTable>[3]['attributes'], minSize = 30) => ({
  attributes,
  intersect: true,
  minSize,
});

describe.skipIf(!hasSharedData)('real datasets (shared/data)', () => {
  it('ACSIncome OK: 17,917 rows, float codes and a boolean label, 13,350 White, positive rate 0.2824', async () => {
    const s = await inspectDataset(path.join(states, 'OK.csv'));
    expect(s.rows).toBe(17_917);
    expect(s.columns.map((c) => c.name)).toEqual(ACS_INCOME_COLUMNS);
    expect(s.columns.find((c) => c.name === 'AGEP')!.type).toBe('DOUBLE');
    expect(s.columns.find((c) => c.name === 'PINCP')!.type).toBe('BOOLEAN');
    expect(s.columns.find((c) => c.name === 'RAC1P')!.distinct).toBe(5);
    expect(
      s.columns
        .find((c) => c.name === 'SEX')!
        .top.map((t) => t.value)
        .sort(),
    ).toEqual(['1', '2']);
    const table = await groupsOf(
      path.join(states, 'OK.csv'),
      groups([{ column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } }]),
      {
        column: 'PINCP',
        positive: ['True'],
      },
    );
    expect(table.total).toBe(17_917);
    expect(table.groups.find((g) => g.name === 'White')!.count).toBe(13_350);
    expect(table.groups.find((g) => g.name === 'Non-white')!.count).toBe(4_567);
    const positives = table.groups.reduce((sum, g) => sum + g.count * g.baseRate!, 0);
    expect(Math.round(positives)).toBe(5_059);
    expect(positives / table.total).toBeCloseTo(0.2824, 4);
  });

  it('the paper split on OK: 14,333 / 3,584 rows, White 10,680 / 2,670, identical on a re-run', async () => {
    const config = paperTaskConfig(path.join(states, 'OK.csv'));
    const cacheDir = path.join(tmp.dir, 'prep-cache');
    const a = await prepareTask(config, { cacheDir });
    expect(a.featureNames).toEqual(['AGEP', 'COW', 'SCHL', 'MAR', 'OCCP', 'POBP', 'RELP', 'WKHP', 'SEX']);
    expect([a.train.rows, a.test.rows]).toEqual([14_333, 3_584]);
    expect(a.validation).toBeNull();
    const count = (s: typeof a.train, name: string) => {
      const id = a.groups.findIndex((g) => g.name === name);
      return s.groups.filter((g) => g === id).length;
    };
    expect([count(a.train, 'White'), count(a.test, 'White')]).toEqual([10_680, 2_670]);
    expect([count(a.train, 'Non-white'), count(a.test, 'Non-white')]).toEqual([3_653, 914]);
    // Standardised on train: every feature has mean ≈ 0 over the training rows.
    const width = a.featureNames.length;
    for (let f = 0; f < width; f++) {
      let sum = 0;
      for (let r = 0; r < a.train.rows; r++) sum += a.train.features![r * width + f]!;
      expect(Math.abs(sum / a.train.rows)).toBeLessThan(1e-4);
    }
    const b = await prepareTask(config, { cacheDir });
    expect(Array.from(b.test.sourceRows)).toEqual(Array.from(a.test.sourceRows));
    expect(Buffer.from(b.train.features!.buffer).equals(Buffer.from(a.train.features!.buffer))).toBe(true);
    // Without a cache folder the same split comes out (the CLI and the audit re-run prepareTask).
    const c = await prepareTask(config, {});
    expect(Array.from(c.test.sourceRows)).toEqual(Array.from(a.test.sourceRows));
  });

  it('gzip-compressed states match manifest.csv (rows, positives, White share)', async () => {
    const manifest = (await readFile(path.join(sharedData, 'acs_income_2018/manifest.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1);
    for (const state of ['AL', 'SD', 'WY']) {
      const [, rows, positives, , white] = manifest.find((l) => l.startsWith(`${state},`))!.split(',');
      const file = path.join(states, `${state}.csv.gz`);
      const s = await inspectDataset(file);
      expect(s.compression).toBe('gzip');
      expect(s.rows).toBe(Number(rows));
      const ref = await importDataset(tmp.dir, file);
      const stats = await withConnection(async (conn) => {
        const table = await openCachedTable(conn, path.join(tmp.dir, ref.cacheFile));
        return labelStats(conn, table.sql, table.columns, { column: 'PINCP', positive: ['True'] });
      });
      expect(stats.positives).toBe(Number(positives));
      const t = await groupsOf(file, groups([{ column: 'RAC1P', map: { '1.0': 'White', '*': 'Other' } }]));
      expect(t.groups.find((g) => g.name === 'White')!.share).toBeCloseTo(Number(white), 4);
    }
  });

  it('the bundled sample is the OK file', async () => {
    const s = await inspectDataset(sampleCsv);
    expect(s.rows).toBe(17_917);
  });

  it('UCI adult.data: headerless with ", " separators, "?" read as missing, 7,841 / 32,561 positive', async () => {
    const file = path.join(sharedData, 'uci_adult/adult.data');
    const s = await inspectDataset(file);
    expect(s.rows).toBe(32_561);
    expect(s.columns).toHaveLength(15);
    expect(s.dialect).toMatchObject({ delimiter: ',', header: false });
    expect(s.notes.join(' ')).toMatch(/No header row/);
    expect(s.columns[0]!.type).toBe('BIGINT');
    expect(s.columns[1]!.top[0]!.value).toBe('Private'); // trimmed
    expect(s.columns[1]!.missing).toBe(1_836); // workclass "?"
    const t = await groupsOf(file, groups([{ column: 'column09' }]), { column: 'column14', positive: ['>50K'] });
    expect(Object.fromEntries(t.groups.map((g) => [g.name, g.count]))).toEqual({ Male: 21_790, Female: 10_771 });
    expect(Math.round(t.groups.reduce((sum, g) => sum + g.count * g.baseRate!, 0))).toBe(7_841);
  });

  it('UCI adult.test: 16,281 rows; with the original junk first line restored, it is skipped and named', async () => {
    const file = path.join(sharedData, 'uci_adult/adult.test');
    expect((await inspectDataset(file)).rows).toBe(16_281);
    const withJunk = await tmp.write(
      'adult-with-junk.test',
      Buffer.concat([Buffer.from('|1x3 Cross validator\n'), await readFile(file)]),
    );
    const s = await inspectDataset(withJunk);
    expect(s.rows).toBe(16_281);
    expect(s.dialect!.skipRows).toBe(1);
    expect(s.notes.join(' ')).toMatch(/Skipped 1 line.*1x3 Cross validator/);
    const t = await groupsOf(withJunk, groups([{ column: 'column09' }]), { column: 'column14', positive: ['>50K.'] });
    expect(Math.round(t.groups.reduce((sum, g) => sum + g.count * g.baseRate!, 0))).toBe(3_846);
  });

  it('COMPAS: 7,214 rows, repeated header names kept apart, race counts, 3,251 recidivists', async () => {
    const file = path.join(sharedData, 'compas/compas-scores-two-years.csv');
    const s = await inspectDataset(file);
    expect(s.rows).toBe(7_214);
    expect(s.columns).toHaveLength(53);
    const names = s.columns.map((c) => c.name);
    expect(new Set(names).size).toBe(53);
    expect(names.filter((n) => n.startsWith('decile_score'))).toHaveLength(2);
    expect(s.columns.find((c) => c.name === 'id')!.idLike).toBe(true);
    expect(s.columns.find((c) => c.name === 'dob')!.kind).toBe('temporal');
    // Names and birth dates (the README forbids showing names): flagged personal, no top values or range collected.
    const personal = s.columns.filter((c) => c.personal);
    expect(personal.map((c) => c.name).sort()).toEqual(['dob', 'first', 'last', 'name']);
    expect(personal.every((c) => c.top.length === 0 && c.min === null && c.max === null)).toBe(true);
    expect(s.columns.find((c) => c.name === 'race')!.personal).toBe(false);
    const t = await groupsOf(file, groups([{ column: 'race' }, { column: 'sex' }], 30), {
      column: 'two_year_recid',
      rule: '== 1',
    });
    const byRace = await groupsOf(file, groups([{ column: 'race' }]));
    expect(Object.fromEntries(byRace.groups.map((g) => [g.name, g.count]))).toEqual({
      'African-American': 3_696,
      Caucasian: 2_454,
      Hispanic: 637,
      Other: 377,
      Asian: 32,
      'Native American': 18,
    });
    expect(t.groups.find((g) => g.name === 'African-American × Male')!.count).toBeGreaterThan(0);
    expect(t.groups.length).toBeLessThanOrEqual(12);
    expect(t.groups.filter((g) => g.small).map((g) => g.name)).toContain('Native American × Female');
    expect(Math.round(t.groups.reduce((sum, g) => sum + g.count * g.baseRate!, 0))).toBe(3_251);
  });

  it('German credit (decoded CSV): 1,000 rows, 700 good, sex 690 / 310, age bands', async () => {
    const file = path.join(sharedData, 'german_credit/german_data_credit_decoded.csv');
    const s = await inspectDataset(file);
    expect(s.rows).toBe(1_000);
    expect(s.columns.find((c) => c.name === 'age')!.type).toBe('BIGINT');
    const t = await groupsOf(
      file,
      groups([{ column: 'sex' }, { column: 'age', bins: [0, 25], binLabels: ['under 25', '25 and over'] }]),
      {
        column: 'class-label',
        positive: ['1'],
      },
    );
    const bySex = await groupsOf(file, groups([{ column: 'sex' }]));
    expect(Object.fromEntries(bySex.groups.map((g) => [g.name, g.count]))).toEqual({ male: 690, female: 310 });
    expect(t.groups.map((g) => g.name).sort()).toEqual([
      'female × 25 and over',
      'female × under 25',
      'male × 25 and over',
      'male × under 25',
    ]);
    expect(Math.round(t.groups.reduce((sum, g) => sum + g.count * g.baseRate!, 0))).toBe(700);
  });

  it('Dutch census CSV: 60,420 rows, sex 30,147 / 30,273, occupation 28,763 high-status', async () => {
    const file = path.join(sharedData, 'dutch_census/dutch.csv');
    const s = await inspectDataset(file);
    expect(s.rows).toBe(60_420);
    expect(s.columns).toHaveLength(12);
    const t = await groupsOf(file, groups([{ column: 'sex' }]), { column: 'occupation', rule: '== 1' });
    expect(Object.fromEntries(t.groups.map((g) => [g.name, g.count]))).toEqual({ male: 30_147, female: 30_273 });
    expect(Math.round(t.groups.reduce((sum, g) => sum + g.count * g.baseRate!, 0))).toBe(28_763);
    // The reference code's sex × age groups: only observed combinations exist.
    const inter = await groupsOf(file, groups([{ column: 'sex' }, { column: 'age' }]));
    expect(inter.groups.length).toBe(24);
    expect(inter.groups.every((g) => g.count > 0)).toBe(true);
  });

  it('prepareTask on COMPAS with text features one-hot encoded and a validation split', async () => {
    const config = taskConfigSchema.parse({
      data: {
        path: path.join(sharedData, 'compas/compas-scores-two-years.csv'),
        label: { column: 'two_year_recid', rule: '== 1' },
        features: ['age', 'priors_count', 'c_charge_degree', 'c_charge_desc', 'juv_fel_count'],
        preprocessing: { maxLevels: 5, missing: 'indicator', columns: { priors_count: { missing: 'drop-row' } } },
      },
      split: { test: 0.2, validation: 0.1, seed: 7 },
      groups: {
        attributes: [
          { column: 'race', map: { 'African-American': 'Black', Caucasian: 'White', '*': 'Other' } },
          { column: 'sex' },
        ],
      },
      solver: { name: 'adam' },
      budget: { epochs: 1 },
    });
    const p = await prepareTask(config, {});
    expect(p.train.rows + p.validation!.rows + p.test.rows).toBe(7_214);
    expect(p.test.rows).toBe(Math.ceil(0.2 * 7_214));
    expect(p.validation!.rows).toBe(Math.ceil(0.1 * 7_214));
    expect(p.featureNames).toContain('c_charge_desc=other');
    expect(p.featureNames.filter((f) => f.startsWith('c_charge_desc='))).toHaveLength(5 + 1); // 4 kept + other + (missing)
    expect(p.groups.map((g) => g.name)).toContain('Black × Male');
    expect(p.train.features!.length).toBe(p.train.rows * p.featureNames.length);
  });
});
