import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { GroupAttribute } from '../../../../shared/config/task-config.js';
import { queryObjects, withConnection } from '../../../../main/core/data/duckdb.js';
import { attributeSql, countGroups, GroupLookup, groupName } from '../../../../main/core/data/groups.js';
import { literal } from '../../../../main/core/data/sql.js';
import type { TableColumn } from '../../../../main/core/data/table.js';
import { Rng } from '../../../../main/core/engine/rng.js';

const COLUMNS: TableColumn[] = [
  { name: 'code', type: 'DOUBLE' },
  { name: 'big', type: 'BIGINT' },
  { name: 'text', type: 'VARCHAR' },
  { name: 'flag', type: 'BOOLEAN' },
  { name: 'day', type: 'DATE' },
  { name: 'y', type: 'INTEGER' },
];

const ATTRIBUTES: GroupAttribute[] = [
  { column: 'code' },
  { column: 'text', map: { a: 'A', B: 'Bee', '*': 'rest' } },
  { column: 'big', bins: [0, 1e12] },
  { column: 'flag' },
  { column: 'day' },
  // The same column twice (binned and plain): the lookup reads it once.
  { column: 'code', name: 'code band', bins: [2] },
];

/** A random table with every kind of key (floats written as codes, NaN, NULL, padded text, huge ints, dates). */
async function randomTable(conn: DuckDBConnection, seed: number, rows: number): Promise<string> {
  const rng = new Rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.float() * xs.length)]!;
  const values: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = [
      String(r),
      pick(['1.0', '2.0', '3.0', '2.5', "'NaN'::DOUBLE", 'NULL']),
      pick(['-7', '0', '42', '9007199254740993', '9007199254740992', 'NULL']),
      pick([literal('a'), literal(' a'), literal('B'), literal('b'), literal('z'), 'NULL']),
      pick(['true', 'false', 'NULL']),
      pick(["DATE '2020-01-01'", "DATE '1999-12-31'", 'NULL']),
      pick(['0', '1', 'NULL']),
    ];
    values.push(`(${cells.join(', ')})`);
  }
  const table = `t${seed}`;
  await conn.run(
    `CREATE TEMP TABLE ${table} (__row INTEGER, code DOUBLE, big BIGINT, text VARCHAR, flag BOOLEAN, day DATE, y INTEGER)`,
  );
  await conn.run(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
  return table;
}

/** The previous countGroups: every row's group name built in DuckDB, then grouped. */
async function countGroupsPerRow(conn: DuckDBConnection, table: string, where: string) {
  const exprs = ATTRIBUTES.map((a) => attributeSql(a, COLUMNS));
  const g = exprs.map((_, i) => `g${i}`);
  const sets = [`(${g.join(', ')})`, ...g.map((x) => `(${x})`)];
  return queryObjects(
    conn,
    `SELECT ${g.join(', ')}, GROUPING(${g.join(', ')}) AS level, count(*) AS c, sum(l) AS p FROM ` +
      `(SELECT ${exprs.map((e, i) => `${e} AS g${i}`).join(', ')}, y AS l FROM ${table} WHERE y IS NOT NULL AND ${where}) ` +
      `GROUP BY GROUPING SETS (${sets.join(', ')}) ORDER BY c DESC, ${g.join(', ')}`,
  );
}

describe('group lookup from raw values (against per-row group names in SQL)', () => {
  it('countGroups counts every group and level as the per-row GROUP BY does, on random tables', async () => {
    await withConnection(async (conn) => {
      for (const seed of [1, 2, 3]) {
        const table = await randomTable(conn, seed, 3000);
        const where = 'NOT (text IS NULL AND flag)';
        const counted = await countGroups(
          conn,
          table,
          COLUMNS,
          { attributes: ATTRIBUTES, intersect: true },
          { label: 'y', where },
        );
        const reference = await countGroupsPerRow(conn, table, where);
        const all = (1 << ATTRIBUTES.length) - 1;
        const expected = reference
          .filter((r) => Number(r['level']) === 0)
          .map((r) => ({
            parts: ATTRIBUTES.map((_, i) => String(r[`g${i}`])),
            count: Number(r['c']),
            positives: Number(r['p']),
          }));
        expect(counted.intersections).toEqual(expected);
        ATTRIBUTES.forEach((_, i) => {
          const level = all & ~(1 << (ATTRIBUTES.length - 1 - i));
          expect(counted.perAttribute[i]).toEqual(
            reference
              .filter((r) => Number(r['level']) === level)
              .map((r) => ({ parts: [String(r[`g${i}`])], count: Number(r['c']), positives: Number(r['p']) })),
          );
        });
        expect(counted.intersections.length).toBeGreaterThan(50);
      }
    });
  });

  it('every row gets the id of the group its per-row SQL name gives, from streamed key values', async () => {
    await withConnection(async (conn) => {
      for (const seed of [4, 5]) {
        const table = await randomTable(conn, seed, 3000);
        const spec = { attributes: ATTRIBUTES, intersect: true };
        const { intersections } = await countGroups(conn, table, COLUMNS, spec);
        const lookup = await GroupLookup.build(conn, table, COLUMNS, ATTRIBUTES, intersections);
        const exprs = ATTRIBUTES.map((a) => attributeSql(a, COLUMNS));
        const result = await conn.run(
          `SELECT ${exprs.map((e, i) => `${e} AS g${i}`).join(', ')}, ${lookup.keys.join(', ')} FROM ${table} ORDER BY __row`,
        );
        const ids = new Map(intersections.map((g, id) => [groupName(g.parts), id]));
        const keys = new Array<unknown>(lookup.keys.length);
        let rows = 0;
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
          for (let j = 0; j < chunk.rowCount; j++) {
            const name = groupName(exprs.map((_, i) => String(chunk.getColumnVector(i).getItem(j))));
            for (let k = 0; k < keys.length; k++) keys[k] = chunk.getColumnVector(exprs.length + k).getItem(j);
            expect(lookup.id(keys)).toBe(ids.get(name));
            rows++;
          }
        }
        expect(rows).toBe(3000);
        // Five columns (code read once for its two attributes), keyed by value or, for BIGINT and DATE, by text.
        expect(lookup.keys).toEqual(['"code"', '"text"', 'CAST("big" AS VARCHAR)', '"flag"', 'CAST("day" AS VARCHAR)']);
      }
    });
  });

  it('a combination that names no listed group gets -1', async () => {
    await withConnection(async (conn) => {
      const table = await randomTable(conn, 6, 500);
      const attributes: GroupAttribute[] = [{ column: 'flag' }];
      const { intersections } = await countGroups(conn, table, COLUMNS, { attributes, intersect: true });
      const kept = intersections.filter((g) => g.parts[0] !== 'True');
      const lookup = await GroupLookup.build(conn, table, COLUMNS, attributes, kept);
      expect(lookup.id([true])).toBe(-1);
      expect(lookup.id([false])).toBe(kept.findIndex((g) => g.parts[0] === 'False'));
      expect(lookup.id([null])).toBe(kept.findIndex((g) => g.parts[0] === 'Unknown'));
    });
  });
});
