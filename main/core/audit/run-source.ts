import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runLabel } from '../../../shared/run-label.js';
import {
  resultsSchema,
  type EvaluationPoint,
  type HistoryPoint,
  type Results,
  type RunResult,
} from '../../../shared/config/results.js';
import { taskConfigSchema, type TaskConfig } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { RunInfo } from '../../../shared/audit.js';
import type { PreparedSplit, PreparedTask } from '../data/prepared-task.js';
import { readHistoryFile } from '../training/history-store.js';
import type { AuditData, SplitArrays } from './compute-audit.js';

/** Re-prepares the task a run was trained on (deterministic: same split, labels and group ids). */
export type PrepareTask = (config: TaskConfig) => Promise<PreparedTask>;

/** One finished run of a job folder with everything the audit reads from disk. */
export interface LoadedRun {
  runDir: string;
  runIndex: number;
  results: Results;
  run: RunResult;
  config: TaskConfig;
  task: PreparedTask;
  data: AuditData;
  info: RunInfo;
  history: { points: HistoryPoint[]; evaluations: EvaluationPoint[] };
  /** SHA-256 of the saved model files, by relative path, and one digest over all of them. */
  modelHashes: { files: Record<string, string>; combined: string };
}

async function readPredictions(
  runDir: string,
  runIndex: number,
  split: string,
  expected: PreparedSplit,
): Promise<Float32Array> {
  const file = path.join(runDir, 'predictions', `run-${runIndex}`, `${split}.f32`);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new FairboundError('not-found', `no ${split} predictions for run ${runIndex}: ${file} is missing`, { file });
  }
  // Copy into a fresh, aligned buffer (a Node Buffer may sit at any offset of a shared pool).
  const probs = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(probs.buffer).set(bytes.subarray(0, probs.byteLength));
  if (probs.length !== expected.rows) {
    throw new FairboundError(
      'dataset-changed',
      `${file} holds ${probs.length} predictions but the re-prepared ${split} split has ${expected.rows} rows; the data or config changed since training`,
      { file, predictions: probs.length, rows: expected.rows },
    );
  }
  return probs;
}

async function hashModel(dir: string): Promise<LoadedRun['modelHashes']> {
  const files: Record<string, string> = {};
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = path.posix.join(sub, e.name);
      if (e.isDirectory()) await walk(rel);
      else
        files[rel] = createHash('sha256')
          .update(await readFile(path.join(dir, rel)))
          .digest('hex');
    }
  };
  await walk('');
  const combined = createHash('sha256');
  for (const [rel, digest] of Object.entries(files)) combined.update(`${digest}  ${rel}\n`);
  return { files, combined: combined.digest('hex') };
}

export async function readResultsFile(runDir: string): Promise<Results> {
  const file = path.join(runDir, 'results.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new FairboundError('not-found', `no results.json in ${runDir}: the job has not finished a run`, { file });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FairboundError(
      'report-failed',
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      { file },
    );
  }
  const parsed = resultsSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first === undefined ? '' : `: ${first.path.map(String).join('.') || '(top level)'}: ${first.message}`;
    throw new FairboundError('report-failed', `${file} is not a valid results file${where}`, {
      file,
      issues: parsed.error.issues.length,
    });
  }
  return parsed.data;
}

function arrays(split: PreparedSplit, probs: Float32Array): SplitArrays {
  return { probs, labels: split.labels, groups: split.groups };
}

export async function loadRun(
  runDir: string,
  runIndex: number,
  prepare: PrepareTask,
  ref?: string,
  jobLabel?: string,
): Promise<LoadedRun> {
  const results = await readResultsFile(runDir);
  const run = results.runs[runIndex];
  if (!run) {
    throw new FairboundError(
      'not-found',
      `run ${runIndex} does not exist in ${runDir} (it has ${results.runs.length} run(s))`,
    );
  }
  const config = taskConfigSchema.parse(results.config);
  const task = await prepare(config);
  // The audit reads labels, groups and the saved predictions, never feature rows: a streamed task's reader is not needed.
  task.stream?.close();
  const [train, validation, test] = await Promise.all([
    readPredictions(runDir, runIndex, 'train', task.train),
    task.validation ? readPredictions(runDir, runIndex, 'validation', task.validation) : Promise.resolve(null),
    readPredictions(runDir, runIndex, 'test', task.test),
  ]);
  const data: AuditData = {
    attributes: task.groupAttributes.map((name, i) => ({ name, column: config.groups.attributes[i]?.column ?? name })),
    // Groups without training rows cannot be constrained, like small ones (the engine's plan does the same).
    groups: task.groups.map((g) => ({ name: g.name, parts: g.parts, small: g.small || g.trainCount === 0 })),
    minSize: config.groups.minSize,
    constraints: config.constraints,
    train: arrays(task.train, train),
    validation: task.validation && validation ? arrays(task.validation, validation) : null,
    test: arrays(task.test, test),
  };
  const info: RunInfo = {
    ref: ref ?? `${path.basename(runDir)}/${runIndex}`,
    label: runLabel(jobLabel ?? config.name ?? path.basename(runDir), run.seed),
    solver: run.solver,
    params: run.params,
    seed: run.seed,
    status: run.status,
    iterations: run.iterations,
    seconds: run.seconds,
    selectedIteration: run.selectedIteration,
    selectionRule: run.selectionRule,
    selectionSplit: run.selectionSplit,
  };
  const history = await readHistoryFile(path.resolve(runDir, run.history));
  const modelHashes = await hashModel(path.resolve(runDir, run.model));
  return { runDir, runIndex, results, run, config, task, data, info, history, modelHashes };
}
