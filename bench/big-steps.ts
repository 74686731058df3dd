/**
 * One measurement of the 10 M-row benchmark, in its own process so that its peak RSS is its own (bench/big.ts runs it):
 *   tsx bench/big-steps.ts import FILE           importIntoCache into the user cache (FAIRBOUND_CACHE_DIR)
 *   tsx bench/big-steps.ts prepare CONFIG        prepareTask alone (from the cached Parquet)
 *   tsx bench/big-steps.ts train CONFIG OUT      prepareTask + one training job, no audit
 *   tsx bench/big-steps.ts audit OUT             buildAudit of run 0 in OUT with 1,000 resamples (re-prepares the task)
 * With --stream, prepare, train and audit prepare a streamed task (feature rows read in blocks, streamed-features.ts).
 * Prints one JSON line: wall seconds per phase, the step's CPU seconds, the prepared size, and peak RSS in MiB
 * (getrusage's maxrss).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { taskConfigSchema, type TaskConfig } from '../shared/config/task-config.js';
import type { TrainingProgress } from '../shared/config/progress.js';
import { minimumRawBytesPerRow, preparedBytes, STREAMED_BYTES_PER_ROW } from '../main/core/data/memory-budget.js';
import type { PreparedTask } from '../main/core/data/prepared-task.js';
import { fittedPreprocessingSchema } from '../main/core/data/preprocess.js';

const peakMiB = () => process.resourceUsage().maxRSS / 1024;
/** CPU seconds of this process so far (user + system): steadier than wall time on a shared machine. */
const cpuSeconds = () => {
  const u = process.resourceUsage();
  return (u.userCPUTime + u.systemCPUTime) / 1e6;
};
const seconds = (from: number) => (performance.now() - from) / 1000;
const [mode, a, b] = process.argv.slice(2).filter((arg) => arg !== '--stream');
const prepareOptions = { stream: process.argv.includes('--stream') ? true : undefined };

async function readConfig(file: string): Promise<TaskConfig> {
  return taskConfigSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

/**
 * memory-budget.ts's size of this task's prepared arrays with every raw number as float32 (exact for ACS's whole
 * numbers), or of a streamed task's per-row arrays, beside the measured peak.
 */
function estimatedMiB(task: PreparedTask): number {
  if (task.stream) return (task.dataset.rowsUsed * STREAMED_BYTES_PER_ROW) / 2 ** 20;
  const fitted = fittedPreprocessingSchema.parse(task.preprocessing);
  const splits = [task.train, task.validation, task.test].filter((s) => s !== null);
  const bytes = preparedBytes({
    rows: task.dataset.rowsUsed,
    largestSplitRows: Math.max(...splits.map((s) => s.rows)),
    width: task.featureNames.length,
    rawBytesPerRow: minimumRawBytesPerRow(fitted.columns.length),
  });
  return bytes / 2 ** 20;
}

async function importFile(file: string) {
  const { importIntoCache } = await import('../main/core/data/import.js');
  const { userCacheDir } = await import('../main/core/data/cache.js');
  const start = performance.now();
  await importIntoCache(userCacheDir(), file);
  return { importSeconds: seconds(start), cpuSeconds: cpuSeconds(), peakMiB: peakMiB() };
}

async function prepare(configFile: string) {
  const { prepareTask } = await import('../main/core/data/prepare.js');
  const start = performance.now();
  const task = await prepareTask(await readConfig(configFile), prepareOptions);
  return {
    rows: task.dataset.rowsUsed,
    width: task.featureNames.length,
    prepareSeconds: seconds(start),
    cpuSeconds: cpuSeconds(),
    estimatedMiB: estimatedMiB(task),
    peakMiB: peakMiB(),
  };
}

async function train(configFile: string, outDir: string) {
  const { prepareTask } = await import('../main/core/data/prepare.js');
  const { runTrainingJob } = await import('../main/core/engine/job.js');
  const start = performance.now();
  const task = await prepareTask(await readConfig(configFile), prepareOptions);
  const prepareSeconds = seconds(start);
  let firstStep: number | null = null;
  const results = await runTrainingJob(task, outDir, (p: TrainingProgress) => {
    if (firstStep === null && p.points.length > 0) firstStep = seconds(start);
  });
  return {
    rows: task.dataset.rowsUsed,
    groups: task.groups.length,
    width: task.featureNames.length,
    prepareSeconds,
    firstStepSeconds: firstStep,
    iterations: results.runs[0]?.iterations ?? 0,
    wallSeconds: seconds(start),
    cpuSeconds: cpuSeconds(),
    estimatedMiB: estimatedMiB(task),
    peakMiB: peakMiB(),
  };
}

async function audit(outDir: string) {
  const { prepareTask } = await import('../main/core/data/prepare.js');
  const { buildAudit } = await import('../main/core/audit/build-audit.js');
  const start = performance.now();
  await buildAudit(path.resolve(outDir), 0, {
    prepare: (c) => prepareTask(c, prepareOptions),
    bootstrap: { resamples: 1000 },
  });
  return { auditSeconds: seconds(start), cpuSeconds: cpuSeconds(), peakMiB: peakMiB() };
}

const out =
  mode === 'import'
    ? await importFile(a!)
    : mode === 'prepare'
      ? await prepare(a!)
      : mode === 'train'
        ? await train(a!, b!)
        : mode === 'audit'
          ? await audit(a!)
          : null;
if (!out) {
  process.stderr.write('usage: big-steps.ts import FILE | prepare CONFIG | train CONFIG OUT | audit OUT\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
