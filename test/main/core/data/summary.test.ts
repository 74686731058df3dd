import { afterAll, describe, expect, it } from 'vitest';
import { withConnection } from '../../../../main/core/data/duckdb.js';
import { inspectDataset } from '../../../../main/core/data/inspect.js';
import { MAX_COLUMNS, summariseColumns } from '../../../../main/core/data/summary.js';
import { mulberry32 } from '../../../../shared/random.js';
import { fairboundError, tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

/** A CSV with mixed types, missing values, ties, padded text and a personal column. */
function mixedCsv(rows: number): string {
  const random = mulberry32(7);
  const lines = ['id,age,score,city,when,flag,email,telephone'];
  for (let i = 0; i < rows; i++) {
    const missing = random() < 0.1;
    lines.push(
      [
        i,
        missing ? '' : 18 + Math.floor(random() * 5),
        (Math.floor(random() * 7) / 4).toFixed(2),
        ['Oslo', ' Oslo', 'Rome', 'Lima', ''][Math.floor(random() * 5)],
        `2024-01-0${1 + Math.floor(random() * 3)}`,
        random() < 0.5 ? 'true' : 'false',
        `p${i % 13}@example.org`,
        i % 3 ? 'none' : 'yes',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('summariseColumns', () => {
  it('gives the same summary over the long form (short tables) and column by column (long tables)', async () => {
    const file = await tmp.write('mixed.csv', mixedCsv(400));
    await withConnection(async (conn) => {
      await conn.run(`CREATE TEMP TABLE mixed AS SELECT * FROM read_csv('${file}')`);
      const described = (await conn.runAndReadAll('DESCRIBE mixed')).getRowObjectsJS();
      const columns = described.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
      const longForm = await summariseColumns(conn, 'mixed', columns);
      const perColumn = await summariseColumns(conn, 'mixed', columns, 0);
      expect(longForm).toEqual(perColumn);
      const byName = Object.fromEntries(longForm.columns.map((c) => [c.name, c]));
      expect(byName['id']).toMatchObject({ distinct: 400, idLike: true });
      expect(byName['age']!.missing).toBeGreaterThan(0);
      expect(byName['age']!.top.reduce((s, t) => s + t.count, 0)).toBe(400 - byName['age']!.missing);
      // Text is compared trimmed: " Oslo" and "Oslo" are one value; an empty cell is missing.
      expect(byName['city']!.top.map((t) => t.value).sort()).toEqual(['Lima', 'Oslo', 'Rome']);
      expect(byName['email']).toMatchObject({ personal: true, top: [], min: null, distinct: 13 });
      // Named like contact data but two-valued (German credit: is a phone registered?): not personal, values shown.
      expect(byName['telephone']).toMatchObject({ personal: false, distinct: 2 });
      expect(byName['telephone']!.top.map((t) => t.value)).toEqual(['none', 'yes']);
    });
  });

  it('one GROUP BY per column gives the long form figures on random tables (means to rounding)', async () => {
    await withConnection(async (conn) => {
      for (const seed of [11, 12, 13]) {
        const random = mulberry32(seed);
        const maybe = (v: string) => (random() < 0.15 ? 'NULL' : v);
        const rows = Array.from({ length: 300 }, (_, i) => {
          const cells = [
            maybe(String((random() - 0.5) * 1e6)),
            maybe(String(Math.floor(random() * 40) - 20)),
            maybe(`'${['a', ' a', 'b ', 'c', '   ', 'd'][Math.floor(random() * 6)]}'`),
            maybe(random() < 0.5 ? 'true' : 'false'),
            maybe(`DATE '2024-01-01' + ${Math.floor(random() * 500)}`),
            maybe(`${Math.floor(random() * 1e6)}::BIGINT * 1000000000`),
            String(i % 7),
          ];
          return `(${cells.join(', ')})`;
        });
        const table = `random_${seed}`;
        await conn.run(
          `CREATE TEMP TABLE ${table} (x DOUBLE, k INTEGER, t VARCHAR, f BOOLEAN, d DATE, big BIGINT, email INTEGER)`,
        );
        await conn.run(`INSERT INTO ${table} VALUES ${rows.join(', ')}`);
        const described = (await conn.runAndReadAll(`DESCRIBE ${table}`)).getRowObjectsJS();
        const columns = described.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
        const longForm = await summariseColumns(conn, table, columns);
        const perColumn = await summariseColumns(conn, table, columns, 0);
        const withoutMean = (s: typeof longForm) => s.columns.map((c) => ({ ...c, mean: null }));
        expect(withoutMean(perColumn)).toEqual(withoutMean(longForm));
        perColumn.columns.forEach((c, i) => {
          const expected = longForm.columns[i]!.mean;
          if (expected === null) expect(c.mean).toBeNull();
          else expect(Math.abs(c.mean! - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
        });
        const x = perColumn.columns[0]!;
        expect(x.distinct).toBe(300 - x.missing);
        expect(x.mean).not.toBeNull();
      }
    });
  });

  it('counts the rows and columns of an empty table without failing', async () => {
    await withConnection(async (conn) => {
      await conn.run('CREATE TEMP TABLE empty_t (a INTEGER, b VARCHAR)');
      const s = await summariseColumns(conn, 'empty_t', [
        { name: 'a', type: 'INTEGER' },
        { name: 'b', type: 'VARCHAR' },
      ]);
      expect(s.rows).toBe(0);
      expect(s.columns.map((c) => [c.name, c.distinct, c.missing])).toEqual([
        ['a', 0, 0],
        ['b', 0, 0],
      ]);
    });
  });
});

describe('wide files', () => {
  const wide = (columns: number, rows: number) => {
    const random = mulberry32(columns);
    const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
    const body = Array.from({ length: rows }, () =>
      Array.from({ length: columns }, () => Math.floor(random() * 10)).join(','),
    );
    return `${[header, ...body].join('\n')}\n`;
  };

  it('summarises 3,000 columns × 5 rows with every column present', async () => {
    const file = await tmp.write('wide.csv', wide(3_000, 5));
    const s = await inspectDataset(file);
    expect(s.rows).toBe(5);
    expect(s.columns).toHaveLength(3_000);
    expect(s.columns[2_999]).toMatchObject({ name: 'c2999', missing: 0 });
    expect(s.columns[2_999]!.top.reduce((a, t) => a + t.count, 0)).toBe(5);
  }, 60_000);

  it(`refuses a file above ${MAX_COLUMNS.toLocaleString('en')} columns, naming the limit`, async () => {
    const file = await tmp.write('too-wide.csv', wide(MAX_COLUMNS + 1, 2));
    const error = await fairboundError(inspectDataset(file), 'dataset-unsupported');
    expect(error.message).toContain(`${(MAX_COLUMNS + 1).toLocaleString('en')} columns`);
    expect(error.message).toContain(MAX_COLUMNS.toLocaleString('en'));
  }, 120_000);
});
