/**
 * Bigger-than-sample benchmark: a 10,000,000-row ACSIncome Parquet file (bench/data.ts builds it from ../shared/data),
 * one trial, every step in its own process (bench/big-steps.ts) so that each peak RSS is that step's own:
 * - import into the cache (hash, Parquet copy, column summary);
 * - a 5 s training run (the scale benchmark's task: 7 numeric features, 80 intersectional groups, SSL-ALM): seconds
 *   to prepare the task from the cache, to the first step, the job's wall time, peak RSS, and the prepared arrays'
 *   size as memory-budget.ts counts it;
 * - an audit of that run with 1,000 resamples (it prepares the task again);
 * - preparing the same rows with OCCP, POBP and SCHL one-hot (64 encoded features): the wide case;
 * - the training job, its audit and the wide preparation again with the task streamed (--stream: feature rows read in
 *   blocks from the cached Parquet, main/core/data/streamed-features.ts), as a task over the memory budget is.
 * Run: `taskset -c 1 nice npm run bench -- big [--rows=N]` (about 5 min at 10 M rows here).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BIG_ROWS, bigParquet } from './data.js';
import { runStep, type Step } from './step-process.js';

const BUDGET_SECONDS = 5;
const rowsArg = process.argv.find((a) => a.startsWith('--rows='));
const rows = rowsArg ? Number(rowsArg.slice('--rows='.length)) : BIG_ROWS;
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows: expected a positive integer, got ${rowsArg}`);
function step(args: string[], env: NodeJS.ProcessEnv): Step {
  process.stderr.write(`big: ${args[0]}\n`);
  return runStep('big-steps.ts', args, env);
}

function configFor(file: string, onehot: string[]) {
  return {
    name: 'big bench',
    data: {
      path: file,
      label: { column: 'PINCP', positive: ['True'] },
      features: ['AGEP', 'SCHL', 'MAR', 'OCCP', 'POBP', 'RELP', 'WKHP'],
      preprocessing: { columns: Object.fromEntries(onehot.map((c) => [c, { encoding: 'onehot' }])) },
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

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '–' : v.toFixed(digits));
const mib = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en');

const file = await bigParquet(rows);
const work = await mkdtemp(path.join(os.tmpdir(), 'fairbound-big-bench-'));
const env = { FAIRBOUND_CACHE_DIR: path.join(work, 'cache') };
try {
  const numericConfig = path.join(work, 'numeric.json');
  const onehotConfig = path.join(work, 'onehot.json');
  await writeFile(numericConfig, JSON.stringify(configFor(file, [])));
  await writeFile(onehotConfig, JSON.stringify(configFor(file, ['OCCP', 'POBP', 'SCHL'])));
  const out = path.join(work, 'run');
  const imported = step(['import', file], env);
  const trained = step(['train', numericConfig, out], env);
  const audited = step(['audit', out], env);
  const wide = step(['prepare', onehotConfig], env);
  const streamedOut = path.join(work, 'run-streamed');
  const streamedTrained = step(['train', numericConfig, streamedOut, '--stream'], env);
  const streamedAudited = step(['audit', streamedOut, '--stream'], env);
  const streamedWide = step(['prepare', onehotConfig, '--stream'], env);
  console.log(
    `\nBig-data benchmark: ${rows.toLocaleString('en')} rows (${os.cpus().length} CPU cores, ${Math.round(os.totalmem() / 2 ** 30)} GB memory, Node ${process.version}; one trial)\n`,
  );
  console.log('| step | wall s | CPU s (process) | peak RSS MiB | notes |');
  console.log('|---|---|---|---|---|');
  const row = (name: string, wall: number | null | undefined, r: Step, notes = '') =>
    console.log(`| ${name} | ${fmt(wall)} | ${fmt(r['cpuSeconds'])} | ${mib(r['peakMiB'])} | ${notes} |`);
  row('import (hash, Parquet cache, summary)', imported['importSeconds'], imported);
  console.log(
    `| prepare the task from the cache (${trained['width']} features) | ${fmt(trained['prepareSeconds'])} | | | prepared arrays ≈ ${mib(trained['estimatedMiB'])} MiB (memory-budget.ts) |`,
  );
  console.log(`| time to first step | ${fmt(trained['firstStepSeconds'])} | | | from prepareTask's start |`);
  row(
    `training job, ${BUDGET_SECONDS} s budget`,
    trained['wallSeconds'],
    trained,
    `from prepareTask's start to the job's end; ${trained['groups']} groups`,
  );
  row('audit, 1,000 resamples', audited['auditSeconds'], audited, 'prepares the task again');
  row(
    `prepare, OCCP POBP SCHL one-hot (${wide['width']} features)`,
    wide['prepareSeconds'],
    wide,
    `prepared arrays ≈ ${mib(wide['estimatedMiB'])} MiB`,
  );
  console.log(
    `| streamed: prepare the task | ${fmt(streamedTrained['prepareSeconds'])} | | | per-row arrays ≈ ${mib(streamedTrained['estimatedMiB'])} MiB |`,
  );
  console.log(`| streamed: time to first step | ${fmt(streamedTrained['firstStepSeconds'])} | | | |`);
  row(
    `streamed: training job, ${BUDGET_SECONDS} s budget`,
    streamedTrained['wallSeconds'],
    streamedTrained,
    `${streamedTrained['iterations']} iterations (in memory: ${trained['iterations']})`,
  );
  row('streamed: audit, 1,000 resamples', streamedAudited['auditSeconds'], streamedAudited, 'prepares the task again');
  row(
    `streamed: prepare, one-hot (${streamedWide['width']} features)`,
    streamedWide['prepareSeconds'],
    streamedWide,
    `per-row arrays ≈ ${mib(streamedWide['estimatedMiB'])} MiB`,
  );
  console.log(`
(load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')})`);
} finally {
  await rm(work, { recursive: true, force: true });
}
