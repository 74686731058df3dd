/**
 * One measurement of the scale benchmark, in its own process so that its peak RSS is its own (bench/scale.ts runs it):
 *   tsx bench/scale-steps.ts raw FILE              DuckDB alone: CREATE TABLE … AS SELECT * FROM read_csv(FILE)
 *   tsx bench/scale-steps.ts import FILE           importDataset into a fresh project (hash, Parquet cache, summary)
 *   tsx bench/scale-steps.ts inspect FILE          inspectDataset (what `fairbound inspect` does)
 *   tsx bench/scale-steps.ts cache CONFIG          prepareTask once, so that the file is in the cache for `train`
 *   tsx bench/scale-steps.ts train CONFIG OUT      prepareTask (cached) + one training run + an audit of it
 * Prints one JSON line: seconds per phase and peak RSS in MiB (getrusage's maxrss).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { taskConfigSchema } from '../shared/config/task-config.js';
import type { TrainingProgress } from '../shared/config/progress.js';

const peakMiB = () => process.resourceUsage().maxRSS / 1024;
const seconds = (from: number) => (performance.now() - from) / 1000;
const [mode, a, b] = process.argv.slice(2);

async function raw(file: string) {
  const { withConnection } = await import('../main/core/data/duckdb.js');
  const { literal } = await import('../main/core/data/sql.js');
  const start = performance.now();
  await withConnection((conn) => conn.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(file)})`));
  return { seconds: seconds(start), peakMiB: peakMiB() };
}

async function importFile(file: string) {
  const { importDataset } = await import('../main/core/data/import.js');
  const project = await mkdtemp(path.join(os.tmpdir(), 'fairbound-scale-'));
  try {
    const start = performance.now();
    await importDataset(project, file);
    return { seconds: seconds(start), peakMiB: peakMiB() };
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}

async function inspectFile(file: string) {
  const { inspectDataset } = await import('../main/core/data/inspect.js');
  const start = performance.now();
  await inspectDataset(file);
  return { seconds: seconds(start), peakMiB: peakMiB() };
}

async function cache(configFile: string) {
  const config = taskConfigSchema.parse(JSON.parse(await readFile(configFile, 'utf8')));
  const { prepareTask } = await import('../main/core/data/prepare.js');
  const start = performance.now();
  await prepareTask(config, { baseDir: path.dirname(configFile) });
  return { seconds: seconds(start), peakMiB: peakMiB() };
}

async function train(configFile: string, outDir: string) {
  const config = taskConfigSchema.parse(JSON.parse(await readFile(configFile, 'utf8')));
  const { prepareTask } = await import('../main/core/data/prepare.js');
  const { runTrainingJob } = await import('../main/core/engine/job.js');
  const { buildAudit } = await import('../main/core/audit/build-audit.js');
  const { readHistoryFile } = await import('../main/core/training/history-store.js');
  const start = performance.now();
  const task = await prepareTask(config, { baseDir: path.dirname(configFile) });
  const prepareSeconds = seconds(start);
  let firstStep: number | null = null;
  const results = await runTrainingJob(task, outDir, (p: TrainingProgress) => {
    if (firstStep === null && p.points.length > 0) firstStep = seconds(start);
  });
  const wall = seconds(start);
  const trainPeak = peakMiB();
  // Evaluation share: the run's own measured time in full evaluations (and the estimate of their cost) over its wall.
  const run = results.runs[0]!;
  const history = await readHistoryFile(path.resolve(outDir, run.history));
  const evaluations = new Set(history.evaluations.map((e) => e.iteration)).size;
  const evaluationSeconds = run.evaluationSeconds ?? 0;
  const auditStart = performance.now();
  await buildAudit(outDir, 0, {
    prepare: (c) => prepareTask(c, { baseDir: path.dirname(configFile) }),
    bootstrap: { resamples: 1000 },
  });
  const auditSeconds = seconds(auditStart);
  return {
    rows: task.dataset.rowsUsed,
    groups: task.groups.length,
    prepareSeconds,
    firstStepSeconds: firstStep,
    wallSeconds: wall,
    budgetSeconds: config.budget.seconds ?? null,
    evaluations,
    evaluationSeconds,
    evaluationShare: evaluationSeconds / wall,
    auditSeconds,
    peakMiB: trainPeak,
  };
}

const out =
  mode === 'raw'
    ? await raw(a!)
    : mode === 'import'
      ? await importFile(a!)
      : mode === 'inspect'
        ? await inspectFile(a!)
        : mode === 'cache'
          ? await cache(a!)
          : mode === 'train'
            ? await train(a!, b!)
            : null;
if (!out) {
  process.stderr.write('usage: scale-steps.ts raw|import|inspect FILE | cache CONFIG | train CONFIG OUT\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
