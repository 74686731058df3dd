/**
 * Scale benchmark: the bundled sample and a 1.7 M-row ACSIncome file (bench/data.ts builds it from ../shared/data),
 * each measured three times (median and range; `--quick`: once), every step in its own process (bench/scale-steps.ts):
 * - import ÷ raw DuckDB: importDataset (hash, Parquet cache, column summary) over DuckDB's own CREATE TABLE … read_csv,
 *   inspect likewise, each a ratio per round of the three back to back in one process (bench/scale-steps.ts `rounds`):
 *   median and range of the rounds; import's peak RSS over DuckDB's, each in its own process, once per trial;
 * - a 3 s training run (SSL-ALM, 80 intersectional groups RAC1P × SEX × COW, positive-rate gap to overall) on the
 *   already-imported file: time from prepareTask's start to the first step, wall time over budget, the share of it
 *   spent in full evaluations, peak RSS; then an audit of the run with 1,000 resamples;
 * - `inspect` of a 10,000-column × 5-row CSV: seconds and peak RSS (bounded memory for wide files);
 * - CLI start-up: `fairbound --help`, bundled and from source.
 * Run: `taskset -c 1 nice npm run bench -- scale [--quick]` (one core, as docs/benchmarks/scale.md reports).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeCsv, wideCsv } from './data.js';
import { runStep, type Step } from './step-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const TRIALS = quick ? 1 : 3;
/** Rounds of raw DuckDB / import / inspect back to back for the import ratios. */
const ROUNDS = quick ? 3 : 7;
const BUDGET_SECONDS = 3;
const step = (args: string[], env: NodeJS.ProcessEnv = {}): Step => runStep('scale-steps.ts', args, env);

function wallOf(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - start) / 1000;
}

/** "median (min–max)" of the trials, or "–" when none measured. */
function summary(values: (number | null)[], digits = 2): string {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((x, y) => x - y);
  if (v.length === 0) return '–';
  const median = v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  return v.length === 1
    ? median.toFixed(digits)
    : `${median.toFixed(digits)} (${v[0]!.toFixed(digits)}–${v.at(-1)!.toFixed(digits)})`;
}

function configFor(file: string) {
  return {
    name: 'scale bench',
    data: {
      path: file,
      label: { column: 'PINCP', positive: ['True'] },
      features: ['AGEP', 'SCHL', 'MAR', 'OCCP', 'POBP', 'RELP', 'WKHP'],
    },
    split: { test: 0.2, validation: 0.1, seed: 1 },
    groups: { attributes: [{ column: 'RAC1P' }, { column: 'SEX' }, { column: 'COW' }], intersect: true },
    constraints: [{ kind: 'positive-rate-gap', topology: 'each-vs-overall', tolerance: 0.05 }],
    model: { hidden: [16] },
    solver: { name: 'ssl-alm', batchSize: 256 },
    budget: { seconds: BUDGET_SECONDS },
    backend: 'wasm',
  };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'fairbound-scale-bench-'));
const cacheDir = path.join(work, 'cache');
const rows: string[][] = [];
const importNotes: string[] = [];
try {
  const datasets = [
    { name: 'sample (OK)', file: path.join(root, 'resources', 'sample', 'ACSIncome-OK-2018.csv') },
    { name: 'ACSIncome × 3', file: await largeCsv() },
  ];
  for (const { name, file } of datasets) {
    const config = path.join(work, `${path.basename(file)}.config.json`);
    await writeFile(config, JSON.stringify(configFor(file)));
    // Every trial trains on an already-imported file: the first one must not pay for the import.
    step(['cache', config], { FAIRBOUND_CACHE_DIR: cacheDir });
    const t: Record<string, (number | null)[]> = {};
    const push = (k: string, v: number | null | undefined) => (t[k] ??= []).push(v ?? null);
    // Back to back in one process: processes seconds apart on a shared machine measure its load more than the code.
    process.stderr.write(`${name}: ${ROUNDS} rounds of raw / import / inspect\n`);
    const rounds = step(['rounds', file, String(ROUNDS)]);
    for (let round = 0; round < ROUNDS; round++)
      for (const k of ['import', 'inspect', 'importCpu', 'inspectCpu', 'rawSeconds']) push(k, rounds[`${k}${round}`]);
    for (let trial = 0; trial < TRIALS; trial++) {
      process.stderr.write(`${name}: trial ${trial + 1}/${TRIALS}\n`);
      // Each in its own process, so that each peak RSS is its own; their wall-clock ratio is reported beside.
      const raw = step(['raw', file]);
      const imported = step(['import', file]);
      push('importMemory', imported['peakMiB']! / raw['peakMiB']!);
      push('importProcess', imported['seconds']! / raw['seconds']!);
      const out = path.join(work, `run-${trial}`);
      const trained = step(['train', config, out], { FAIRBOUND_CACHE_DIR: cacheDir });
      await rm(out, { recursive: true, force: true });
      push('rows', trained['rows']);
      push('groups', trained['groups']);
      push('firstStep', trained['firstStepSeconds']);
      push('overhead', (trained['wallSeconds']! - BUDGET_SECONDS) / BUDGET_SECONDS);
      push('evaluationShare', trained['evaluationShare']);
      push('audit', trained['auditSeconds']);
      push('peak', trained['peakMiB']);
    }
    rows.push([
      name,
      (t['rows']![0] ?? 0).toLocaleString('en'),
      String(t['groups']![0] ?? 0),
      summary(t['import']!),
      summary(t['inspect']!),
      summary(t['importMemory']!),
      summary(t['firstStep']!),
      summary(t['overhead']!),
      summary(t['evaluationShare']!),
      summary(t['audit']!, 1),
      summary(t['peak']!, 0),
    ]);
    importNotes.push(
      `${name}: raw DuckDB read ${summary(t['rawSeconds']!, 3)} s; by process CPU time import ÷ raw ${summary(t['importCpu']!)}, ` +
        `inspect ÷ raw ${summary(t['inspectCpu']!)}; import ÷ raw in separate processes (the RSS trials) ${summary(t['importProcess']!)}`,
    );
  }
  // Wide file: memory must stay bounded however many columns (10,000 × 5: the shape that once took inspect past 6 GB).
  const wide = { seconds: [] as number[], peak: [] as number[] };
  const wideFile = await wideCsv();
  for (let trial = 0; trial < TRIALS; trial++) {
    const r = step(['inspect', wideFile]);
    wide.seconds.push(r['seconds']!);
    wide.peak.push(r['peakMiB']!);
  }
  // The bundle must be fresh, else bin/fairbound.js would (rightly) run the sources.
  if (
    spawnSync(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' })
      .status !== 0
  )
    throw new Error('scripts/build-cli.mjs failed');
  const bin = path.join(root, 'bin', 'fairbound.js');
  const startup = { bundled: [] as number[], source: [] as number[] };
  for (let trial = 0; trial < TRIALS; trial++) {
    startup.bundled.push(wallOf([bin, '--help']));
    startup.source.push(wallOf([bin, '--help'], { FAIRBOUND_FROM_SOURCE: '1' }));
  }
  console.log(
    `\nScale benchmark (${os.cpus().length} CPU cores, Node ${process.version}; ${TRIALS === 1 ? 'one trial' : `median (range) of ${TRIALS} trials`})\n`,
  );
  console.log(
    '| data | rows used | groups | import ÷ raw DuckDB | inspect ÷ raw | import RSS ÷ raw | first step s | run overhead ÷ budget | evaluation share | audit s (1,000 resamples) | peak RSS MiB (training) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(
    `\nimport and inspect ÷ raw: median (range) of ${ROUNDS} rounds back to back in one process (wall clock); RSS: ${TRIALS === 1 ? 'one trial' : `${TRIALS} trials`}, each step its own process`,
  );
  for (const note of importNotes) console.log(`- ${note}`);
  console.log(
    `\ninspect of 10,000 columns × 5 rows: ${summary(wide.seconds, 1)} s, peak RSS ${summary(wide.peak, 0)} MiB`,
  );
  console.log(
    `\n\`fairbound --help\` wall time: bundled ${summary(startup.bundled)} s, from source (tsx) ${summary(startup.source)} s`,
  );
  console.log(
    `(run budget ${BUDGET_SECONDS} s; "overhead" is wall time from prepareTask's start to the job's end, minus the budget, over the budget)`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
