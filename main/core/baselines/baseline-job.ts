import { createHash } from 'node:crypto';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Results } from '../../../shared/config/results.js';
import {
  taskConfigSchema,
  validationShare,
  type ConstraintSpec,
  type TaskConfig,
} from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import { isBaselineSolver, type BaselineSolverName } from '../../../shared/fairness.js';
import { SOLVERS } from '../../../shared/solvers.js';
import { readResultsFile, type PrepareTask } from '../audit/run-source.js';
import { checkTaskConfig } from '../configs/validate.js';
import { buildConstraintPlan } from '../constraints/constraint-plan.js';
import { JobControl } from '../engine/control.js';
import { runTrainingJob } from '../engine/job.js';
import { ProgressReporter } from '../engine/progress.js';
import { postProcessRun } from './baseline-run.js';

export interface BaselineJobRequest {
  /** The job folder and run the baseline starts from. */
  sourceDir: string;
  runIndex: number;
  method: BaselineSolverName;
  constraint: ConstraintSpec;
  /** The method's settings (SOLVERS[method].params); defaults fill the rest. */
  params: Record<string, number>;
  outDir: string;
  prepare: PrepareTask;
  signal?: AbortSignal;
}

/**
 * The source run's task with the baseline method and its constraint, on the same rows: the validation share is pinned
 * to the source's, because the default depends on whether a task has constraints and the split must not move.
 */
function baselineConfig(source: TaskConfig, request: BaselineJobRequest, seed: number): TaskConfig {
  const info = SOLVERS[request.method];
  const config: TaskConfig = {
    ...source,
    name: `${source.name ?? path.basename(request.sourceDir)} — ${info.title}`,
    split: { ...source.split, validation: validationShare(source) },
    constraints: [request.constraint],
    solver: { name: request.method, batchSize: info.batchSize, params: request.params },
    runs: 1,
    seed,
  };
  const check = checkTaskConfig(config);
  if (!check.ok) throw new FairboundError('invalid-config', check.issues.join('; '), { issues: check.issues });
  return check.config;
}

/**
 * Writes an ordinary job folder (results.json with one run, predictions, model, history: what `fairbound run` writes)
 * for a practitioners' baseline started from run `runIndex` of a finished job. The threshold optimizer post-processes
 * that run's network (its scores, model and history are copied); exponentiated gradient trains on the same task,
 * split and seed. Audit, verdicts and the app read the result like any run (docs/baselines.md).
 */
export async function writeBaselineJob(request: BaselineJobRequest): Promise<Results> {
  const results = await readResultsFile(request.sourceDir);
  const source = results.runs[request.runIndex];
  if (!source)
    throw new FairboundError(
      'not-found',
      `run ${request.runIndex} does not exist in ${request.sourceDir} (it has ${results.runs.length} run(s))`,
    );
  if (isBaselineSolver(source.solver))
    throw new FairboundError(
      'invalid-config',
      `run ${request.runIndex} of ${request.sourceDir} is itself a ${source.solver} run; start from a network's run`,
    );
  if (source.status === 'failed')
    throw new FairboundError('not-found', `run ${request.runIndex} of ${request.sourceDir} failed, so it has no model`);
  const config = baselineConfig(taskConfigSchema.parse(results.config), request, source.seed);
  const task = await request.prepare(config);
  await mkdir(request.outDir, { recursive: true });
  if (request.method === 'exponentiated-gradient') {
    const control = new JobControl();
    request.signal?.addEventListener('abort', () => control.cancel(), { once: true });
    return runTrainingJob(task, request.outDir, () => {}, control);
  }

  const id = 'run-0';
  const from = (rel: string) => path.join(request.sourceDir, rel);
  const to = (rel: string) => path.join(request.outDir, rel);
  await cp(from(path.join('predictions', source.id)), to(path.join('predictions', id)), { recursive: true });
  await cp(from(source.model), to(path.join('models', id)), { recursive: true });
  await mkdir(to('history'), { recursive: true });
  await cp(from(source.history), to(path.join('history', `${id}.jsonl`))).catch(() => undefined);
  const plan = buildConstraintPlan(config.constraints, task.groups);
  const run = await postProcessRun(
    { task, plan, outDir: request.outDir, reporter: new ProgressReporter(1, () => {}, results.backend) },
    { ...source, id, model: path.posix.join('models', id), history: `history/${id}.jsonl` },
  );
  const written: Results = {
    ...results,
    createdAt: new Date().toISOString(),
    config,
    configSha256: createHash('sha256').update(JSON.stringify(config)).digest('hex'),
    constraintNames: plan.measures.map((m) => m.name),
    runs: [run],
  };
  await writeFile(to('results.json'), JSON.stringify(written, null, 2));
  return written;
}
