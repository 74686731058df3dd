import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { queryObjects, withConnection } from '../../../../main/core/data/duckdb.js';
import { openSource } from '../../../../main/core/data/source.js';
import { tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n') + '\n';

/*
 * openSource takes a CSV's columns from sniff_csv's own list instead of a DESCRIBE of the relation (which sniffs the
 * file again), and reads the file through a relation with the sniffed dialect and types pinned (no second sniff).
 * The list must be exactly what DESCRIBE of the sniffing read gives: names, order and types, with or without a
 * header; the pinned read must give exactly its rows.
 */
const FILES: [string, string | Buffer][] = [
  [
    'plain.csv',
    `age,sex,income,label\n${rows(3000, (i) => `${20 + (i % 50)},${'MF'[i % 2]},${(i * 13) % 9999},${i % 2}`)}`,
  ],
  ['headerless.csv', rows(3000, (i) => `${i % 90},${(i * 7) % 13}.5,x${i % 4}`)],
  ['semicolon.csv', `a;b;c\n${rows(500, (i) => `${i};"text; ${i}";${i % 3 === 0 ? 'NA' : i / 4}`)}`],
  [
    'tabs.tsv',
    `id\tscore\twhen\n${rows(800, (i) => `${i}\t${i / 7}\t2020-01-${String(1 + (i % 28)).padStart(2, '0')}`)}`,
  ],
  ['flags.csv', `yes_no,tf,num\n${rows(600, (i) => `${i % 2 ? 'yes' : 'no'},${i % 3 ? 'true' : 'false'},${i}`)}`],
  [
    'missing.csv',
    `x,y,z\n${rows(400, (i) => `${i % 5 === 0 ? '?' : i},${i % 7 === 0 ? '' : 'v' + (i % 3)},${i % 11 === 0 ? 'NULL' : i * 1.5}`)}`,
  ],
  ['dupe-names.csv', `a,a,b,\n${rows(300, (i) => `${i},${i + 1},${i % 2},${i % 3}`)}`],
  ['preamble.csv', `# exported by a tool\n# second note\nk,v\n${rows(300, (i) => `${i},${i * 2}`)}`],
  ['big-int.csv', `id,amount\n${rows(300, (i) => `${9007199254740993n + BigInt(i)},${i}`)}`],
  ['packed.csv.gz', gzipSync(`p,q\n${rows(5000, (i) => `${i},${i % 9}`)}`)],
  ['crlf.csv', `a,b,c\r\n${rows(700, (i) => `${i},${i % 3},x${i % 5}`).replaceAll('\n', '\r\n')}`],
  ['cr-only.csv', `a,b\r${rows(700, (i) => `${i},${i % 3}`).replaceAll('\n', '\r')}`],
  ['crlf-quoted.csv', `id,text\r\n${rows(800, (i) => `${i},"first\nsecond, ${i % 4}"`).replaceAll('"\n', '"\r\n')}`],
  [
    'crlf-flags.csv',
    `f,g,n\r\n${rows(900, (i) => `${i % 2 ? 'yes' : 'no'},${i % 3 ? 'true' : 'false'},${i}`).replaceAll('\n', '\r\n')}`,
  ],
  [
    'dates.csv',
    `d,t,ts\n${rows(900, (i) => `${1 + (i % 28)}/${1 + (i % 12)}/2019,0${i % 10}:1${i % 6}:00,2021-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:00:00`)}`,
  ],
  [
    'flags-mid.csv',
    `f,g\n${rows(30_000, (i) => `${i === 12_000 ? 'no' : i % 2 ? 'True' : 'False'},${i % 4 ? 'TRUE' : 'FALSE'}`)}`,
  ],
  ['escaped.csv', `id,s\n${rows(500, (i) => `${i},"a\\"b${i % 3}"`)}`],
  ['latin1.csv', Buffer.from(`name,n\n${rows(500, (i) => `Jos\xe9${i % 5},${i}`)}`, 'latin1')],
];

describe("openSource's CSV columns are DESCRIBE's, and its pinned read gives the sniffing read's rows", () => {
  for (const [name, content] of FILES)
    it(name, async () => {
      const file = await tmp.write(name, content);
      await withConnection(async (conn) => {
        const source = await openSource(conn, file);
        const sniffing = source.sniffingRelation!;
        const described = await queryObjects(conn, `DESCRIBE SELECT * FROM ${sniffing}`);
        expect(source.columns).toEqual(
          described.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) })),
        );
        expect(source.columns.length).toBeGreaterThan(1);
        expect(source.relation).toContain('auto_detect=false');
        const rowsOf = async (relation: string) =>
          (await conn.runAndReadAll(`SELECT * FROM ${relation}`)).getRowsJson();
        const pinned = await rowsOf(source.relation);
        expect(pinned.length).toBeGreaterThan(0);
        expect(pinned).toEqual(await rowsOf(sniffing));
      });
    });
});
