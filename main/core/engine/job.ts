import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Results, RunResult } from '../../../shared/config/results.js';
import type { TrainingProgress } from '../../../shared/config/progress.js';
import { FairboundError } from '../../../shared/errors.js';
import { SOLVERS, resolveSolverParams } from '../../../shared/solvers.js';
import { DUAL_SOLVERS } from '../../../shared/config/task-config.js';
import type { PreparedTask } from '../data/prepared-task.js';
import { selectBackend, workloadOf } from './backend.js';
import { buildConstraintPlan } from '../constraints/constraint-plan.js';
import { JobControl } from './control.js';
import { ProgressReporter } from './progress.js';
import { trainRun } from './run.js';
import { baselineRun } from '../baselines/baseline-run.js';
import { isBaselineSolver } from '../../../shared/fairness.js';

export interface JobOptions {
  /** Seconds of training between full-data evaluations (default 0.5). */
  evaluationInterval?: number;
  /** Progress updates at most this often (default 200 ms). */
  progressIntervalMs?: number;
}

/**
 * The in-process engine: runs every run of a job on the calling thread and writes results.json, models/,
 * history/ and predictions/ under outDir. The process host runs exactly this in a child process; tests call it directly.
 */
export async function runTrainingJob(
  task: PreparedTask,
  outDir: string,
  onProgress: (p: TrainingProgress) => void,
  control: JobControl = new JobControl(),
  options: JobOptions = {},
): Promise<Results> {
  const cfg = task.config;
  const { unknown, outOfRange } = resolveSolverParams(cfg.solver.name, cfg.solver.params);
  if (unknown.length || outOfRange.length) {
    throw new FairboundError(
      'invalid-config',
      [
        unknown.length ? `solver ${cfg.solver.name} has no parameter(s) ${unknown.join(', ')}` : '',
        outOfRange.length ? `out of range: ${outOfRange.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      { unknown, outOfRange },
    );
  }
  const plan = buildConstraintPlan(cfg.constraints, task.groups);
  if (SOLVERS[cfg.solver.name].constrained && plan.rows.length === 0) {
    throw new FairboundError(
      'invalid-config',
      `solver ${cfg.solver.name} needs at least one constraint, and the config yields none (${plan.notes.join('; ') || 'no constraints given'})`,
    );
  }
  const dual = cfg.solver.dual;
  if (dual && (dual.split !== 'train' || dual.rates !== 'soft')) {
    if (!(DUAL_SOLVERS as readonly string[]).includes(cfg.solver.name)) {
      throw new FairboundError(
        'invalid-config',
        `solver.dual is for ${DUAL_SOLVERS.join(', ')}; ${cfg.solver.name} has no multiplier side to move`,
      );
    }
    if (dual.split === 'validation' && !task.validation) {
      throw new FairboundError(
        'invalid-config',
        'solver.dual.split "validation" needs a validation split (split.validation > 0)',
      );
    }
  }
  if (cfg.classWeights === 'balanced') {
    const positives = task.train.labels.reduce((s, y) => s + y, 0);
    if (positives === 0 || positives === task.train.rows) {
      throw new FairboundError(
        'invalid-config',
        `classWeights "balanced" needs both classes in the training split, which has only ${positives ? 'positive' : 'negative'} labels`,
      );
    }
  }
  const backend = await selectBackend(cfg.backend, workloadOf(cfg.solver));
  const reporter = new ProgressReporter(cfg.runs, onProgress, backend.backend, options.progressIntervalMs);
  await mkdir(outDir, { recursive: true });

  const runs: RunResult[] = [];
  for (let runIndex = 0; runIndex < cfg.runs && !control.cancelled; runIndex++) {
    const run = {
      task,
      plan,
      runIndex,
      outDir,
      control,
      reporter,
      ...(options.evaluationInterval ? { evaluationInterval: options.evaluationInterval } : {}),
    };
    const method = cfg.solver.name;
    runs.push(await (isBaselineSolver(method) ? baselineRun({ ...run, method }) : trainRun(run)));
  }
  const results: Results = {
    version: 2,
    createdAt: new Date().toISOString(),
    app: { name: 'fairbound', version: appVersion() },
    backend: backend.backend,
    device: backend.device,
    backendNotes: backend.notes,
    config: cfg,
    configSha256: createHash('sha256').update(JSON.stringify(cfg)).digest('hex'),
    dataset: { path: task.dataset.path, sha256: task.dataset.sha256, rows: task.dataset.rowsUsed },
    featureNames: task.featureNames,
    groupNames: task.groups.map((g) => g.name),
    constraintNames: plan.measures.map((m) => m.name),
    runs,
  };
  await writeFile(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
  reporter.update({ runIndex: Math.max(0, runs.length - 1), runFraction: 1 });
  reporter.tick(true, control.cancelled ? 'cancelled' : 'done');
  return results;
}

let version: string | null = null;

/** The app version from the repository's package.json (found upwards from this module), for results.json. */
function appVersion(): string {
  if (version) return version;
  let dir = path.dirname(new URL(import.meta.url).pathname);
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'fairbound' && pkg.version) return (version = pkg.version);
    } catch {
      // not here; keep walking up
    }
    dir = path.dirname(dir);
  }
  return (version = 'unknown');
}
