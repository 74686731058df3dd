/**
 * Large benchmark inputs, built from the real ACSIncome states in ../shared/data (never committed; written under
 * bench/.data/, which git ignores):
 * - acs-income-x3.csv: every state's rows, header once, the whole set three times (1,734,996 rows, ~91 MB);
 * - acs-income-10m.parquet: the states repeated until 10,000,000 rows (zstd Parquet, written by DuckDB);
 * - wide-10000x5.csv: 10,000 columns × 5 rows (the wide-file case of the column summary).
 * Run directly: `tsx bench/data.ts [--10m]`; both files are reused once built.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { withConnection } from '../main/core/data/duckdb.js';
import { literal } from '../main/core/data/sql.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DATA_DIR = path.join(root, 'bench', '.data');
export const STATES_DIR = path.resolve(root, '../shared/data/acs_income_2018/states');
export const COPIES = 3;
export const BIG_ROWS = 10_000_000;

export async function stateFiles(): Promise<string[]> {
  if (!existsSync(STATES_DIR))
    throw new Error(
      `${STATES_DIR} not found: the scale benchmark needs the shared ACSIncome states beside the repository`,
    );
  return (await readdir(STATES_DIR))
    .filter((f) => /\.csv(\.gz)?$/.test(f))
    .sort()
    .map((f) => path.join(STATES_DIR, f));
}

/** Streams one state's lines (gunzipped when needed) into `out`, skipping the header unless asked for it. */
async function appendState(file: string, out: NodeJS.WritableStream, withHeader: boolean): Promise<void> {
  const input = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  let headerDone = withHeader;
  let tail = '';
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let text = tail + chunk.toString('utf8');
    if (!headerDone) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        tail = text;
        continue;
      }
      text = text.slice(nl + 1);
      headerDone = true;
    }
    const cut = text.lastIndexOf('\n') + 1;
    tail = text.slice(cut);
    if (cut > 0 && !out.write(text.slice(0, cut))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  if (tail) out.write(tail.endsWith('\n') ? tail : `${tail}\n`);
}

/** The 1.7 M-row CSV (built once). */
export async function largeCsv(): Promise<string> {
  const target = path.join(BENCH_DATA_DIR, `acs-income-x${COPIES}.csv`);
  if (existsSync(target)) return target;
  await mkdir(BENCH_DATA_DIR, { recursive: true });
  const files = await stateFiles();
  const tmp = `${target}.tmp`;
  const out = createWriteStream(tmp);
  for (let copy = 0; copy < COPIES; copy++)
    for (const [i, f] of files.entries()) await appendState(f, out, copy === 0 && i === 0);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  await rename(tmp, target);
  return target;
}

/** The 10 M-row Parquet file, or one of `rows` rows (built once, by DuckDB straight from the gzipped states). */
export async function bigParquet(rows = BIG_ROWS): Promise<string> {
  const target = path.join(
    BENCH_DATA_DIR,
    rows === BIG_ROWS ? 'acs-income-10m.parquet' : `acs-income-${rows}-rows.parquet`,
  );
  if (existsSync(target)) return target;
  await mkdir(BENCH_DATA_DIR, { recursive: true });
  const files = await stateFiles();
  const tmp = `${target}.tmp`;
  await withConnection(async (conn) => {
    const states = `read_csv([${files.map(literal).join(', ')}], header = true)`;
    const total = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${states}`)).getRowsJS()[0]![0]);
    const copies = Math.ceil(rows / total);
    await conn.run(
      `COPY (SELECT s.* FROM range(${copies}) r, ${states} s LIMIT ${rows}) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  });
  await rename(tmp, target);
  return target;
}

/** A wide, short CSV (10,000 columns × 5 rows of small integers): the column summary's memory case (issue #14). */
export async function wideCsv(columns = 10_000, rows = 5): Promise<string> {
  const target = path.join(BENCH_DATA_DIR, `wide-${columns}x${rows}.csv`);
  if (existsSync(target)) return target;
  await mkdir(BENCH_DATA_DIR, { recursive: true });
  const lines = [Array.from({ length: columns }, (_, i) => `c${i}`).join(',')];
  for (let r = 0; r < rows; r++)
    lines.push(Array.from({ length: columns }, (_, i) => String((i * 7 + r * 13) % 10)).join(','));
  await writeFile(target, `${lines.join('\n')}\n`);
  return target;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await largeCsv());
  if (process.argv.includes('--10m')) console.log(await bigParquet());
}
