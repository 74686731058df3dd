/**
 * Ingestion benchmark: `tsx bench/ingest.ts`.
 * Times import (hash + parse to the Parquet cache + summary), a cached re-open, the group table with hundreds of
 * groups, and prepareTask, on the largest real file and on a synthetic 1.6 M-row, 11-column ACS-like CSV that is
 * generated into a temp folder here (never committed). Peak memory is sampled every 20 ms (RSS and JS heap).
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { paperTaskConfig, taskConfigSchema } from '../shared/config/task-config.js';
import { withConnection } from '../main/core/data/duckdb.js';
import { groupTable } from '../main/core/data/groups.js';
import { importDataset } from '../main/core/data/import.js';
import { labelSql } from '../main/core/data/label.js';
import { prepareTask } from '../main/core/data/prepare.js';
import { mulberry32 } from '../shared/random.js';
import { openCachedTable } from '../main/core/data/table.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedData = path.resolve(root, '../shared/data');
const SYNTHETIC_ROWS = Number(process.env['BENCH_ROWS'] ?? 1_600_000);

interface Row {
  step: string;
  seconds: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  note: string;
}
const rows: Row[] = [];

async function measure<T>(step: string, fn: () => Promise<T>, note: (r: T) => string = () => ''): Promise<T> {
  global.gc?.();
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const start = performance.now();
  try {
    const result = await fn();
    const m = process.memoryUsage();
    rows.push({
      step,
      seconds: (performance.now() - start) / 1000,
      peakRssMiB: Math.max(peakRss, m.rss) / 2 ** 20,
      peakHeapMiB: Math.max(peakHeap, m.heapUsed) / 2 ** 20,
      note: note(result),
    });
    return result;
  } finally {
    clearInterval(timer);
  }
}

async function largestRealFile(): Promise<string | null> {
  if (!existsSync(sharedData)) return null;
  const files: string[] = [];
  for (const dir of await readdir(sharedData, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const folder = path.join(sharedData, dir.name);
    const walk = async (d: string) => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) await walk(p);
        else if (/\.(csv|csv\.gz|data|test)$/.test(e.name)) files.push(p);
      }
    };
    await walk(folder);
  }
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? null;
}

/** ACS-like rows: float-written codes, 300 occupations, 5 races, a True/False label; streamed to disk. */
async function writeSynthetic(file: string, n: number): Promise<void> {
  const random = mulberry32(1);
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('AGEP,COW,SCHL,MAR,OCCP,POBP,RELP,WKHP,SEX,RAC1P,PINCP\n');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const age = 17 + Math.floor(random() * 70);
    const schl = 1 + Math.floor(random() * 24);
    const wkhp = 1 + Math.floor(random() * 80);
    const label = random() < 0.15 + schl / 60 ? 'True' : 'False';
    chunk += `${age}.0,${1 + Math.floor(random() * 8)}.0,${schl}.0,${1 + Math.floor(random() * 2)}.0,${10 + Math.floor(random() * 300) * 30}.0,${1 + Math.floor(random() * 500)}.0,${Math.floor(random() * 18)}.0,${wkhp}.0,${1 + Math.floor(random() * 2)}.0,${1 + Math.floor(random() * 5)}.0,${label}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

async function groupBench(
  project: string,
  cacheFile: string,
  label: string,
  attributes: { column: string; map?: Record<string, string> }[],
  step: string,
) {
  return measure(
    step,
    () =>
      withConnection(async (conn) => {
        const table = await openCachedTable(conn, path.join(project, cacheFile));
        return groupTable(
          conn,
          table.sql,
          table.columns,
          { attributes, intersect: true, minSize: 30 },
          labelSql({ column: label, positive: ['True'] }, table.columns),
        );
      }),
    (t) => `${t.groups.length} groups over ${t.total.toLocaleString('en')} rows`,
  );
}

const work = await mkdtemp(path.join(os.tmpdir(), 'fairbound-bench-'));
try {
  const real = await largestRealFile();
  if (real) {
    const project = path.join(work, 'real');
    const name = path.relative(sharedData, real);
    const ref = await measure(
      `import ${name} (${(statSync(real).size / 2 ** 20).toFixed(1)} MiB)`,
      () => importDataset(project, real),
      (r) => `${r.rows.toLocaleString('en')} rows × ${r.columns}`,
    );
    await measure(
      `re-open ${name} (cached)`,
      () => importDataset(project, real),
      () => 'size+mtime match: no hash, no parse',
    );
    void ref;
  } else {
    console.log('shared/data not found beside the repository: real-file rows skipped');
  }

  const synthetic = path.join(work, 'synthetic.csv');
  await measure(
    `generate synthetic CSV`,
    () => writeSynthetic(synthetic, SYNTHETIC_ROWS),
    () => `${SYNTHETIC_ROWS.toLocaleString('en')} rows, ${(statSync(synthetic).size / 2 ** 20).toFixed(0)} MiB`,
  );
  const project = path.join(work, 'synthetic');
  const ref = await measure(
    `import synthetic (${(statSync(synthetic).size / 2 ** 20).toFixed(0)} MiB)`,
    () => importDataset(project, synthetic),
    (r) => `${r.rows.toLocaleString('en')} rows × ${r.columns}`,
  );
  await measure(
    're-open synthetic (cached)',
    () => importDataset(project, synthetic),
    () => 'size+mtime match',
  );
  await groupBench(
    project,
    ref.cacheFile,
    'PINCP',
    [{ column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } }],
    'group table RAC1P (2 groups)',
  );
  await groupBench(
    project,
    ref.cacheFile,
    'PINCP',
    [{ column: 'RAC1P' }, { column: 'SEX' }, { column: 'MAR' }],
    'group table RAC1P × SEX × MAR',
  );
  await groupBench(project, ref.cacheFile, 'PINCP', [{ column: 'OCCP' }, { column: 'SEX' }], 'group table OCCP × SEX');
  await groupBench(
    project,
    ref.cacheFile,
    'PINCP',
    [{ column: 'OCCP' }, { column: 'RAC1P' }, { column: 'SEX' }],
    'group table OCCP × RAC1P × SEX',
  );
  const paper = paperTaskConfig(path.join(project, ref.cacheFile));
  const config = taskConfigSchema.parse({ ...paper, data: { ...paper.data, format: 'parquet' } });
  await measure(
    'prepareTask (paper config, 9 features)',
    () => prepareTask(config, {}),
    (p) => `train ${p.train.rows.toLocaleString('en')} / test ${p.test.rows.toLocaleString('en')}`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\nIngestion benchmark (${os.cpus().length} CPU cores, Node ${process.version})\n`);
console.log(`${pad('step', 46)} ${pad('seconds', 8)} ${pad('peak RSS MiB', 13)} ${pad('peak heap MiB', 14)} note`);
for (const r of rows) {
  console.log(
    `${pad(r.step, 46)} ${pad(r.seconds.toFixed(2), 8)} ${pad(r.peakRssMiB.toFixed(0), 13)} ${pad(r.peakHeapMiB.toFixed(0), 14)} ${r.note}`,
  );
}
