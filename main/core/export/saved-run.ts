import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Results, RunResult } from '../../../shared/config/results.js';
import { taskConfigSchema, type TaskConfig } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import { readResultsFile } from '../audit/run-source.js';
import { fittedPreprocessingSchema, type FittedPreprocessing } from '../data/preprocess.js';
import { loadModel, type SavedModel } from '../engine/model-io.js';
import { BASELINE_MODEL_FILE } from '../../../shared/config/baseline.js';
import { isBaselineSolver, type BaselineSolverName } from '../../../shared/fairness.js';

/** Why a baseline method's run has no single network to export or score with (docs/baselines.md). */
const NOT_ONE_NETWORK: Record<BaselineSolverName, string> = {
  'threshold-optimizer':
    "its decisions come from group-specific, randomised thresholds on the network's scores, so they need each row's protected attribute and a random draw, which an exported network or its scores cannot carry",
  'exponentiated-gradient':
    'its model is a randomised mixture of logistic regressions, not one network, so no single scoring pipeline reproduces its decisions',
};

/** One run of a finished job folder with what scoring needs: the network, its preprocessing and the task config. */
export interface SavedRun {
  dir: string;
  runIndex: number;
  results: Results;
  run: RunResult;
  config: TaskConfig;
  model: SavedModel;
  preprocessing: FittedPreprocessing;
}

export async function loadSavedRun(dir: string, runIndex: number): Promise<SavedRun> {
  const results = await readResultsFile(dir);
  const run = results.runs[runIndex];
  if (!run)
    throw new FairboundError(
      'not-found',
      `run ${runIndex} does not exist in ${dir} (it has ${results.runs.length} run(s))`,
    );
  if (run.status === 'failed')
    throw new FairboundError(
      'not-found',
      `run ${runIndex} of ${dir} failed, so it has no model${run.message ? `: ${run.message}` : ''}`,
    );
  const modelDir = path.resolve(dir, run.model);
  if (isBaselineSolver(run.solver))
    throw new FairboundError(
      'conflict',
      `run ${runIndex} of ${dir} was made by ${run.solver}: ${NOT_ONE_NETWORK[run.solver]}. It cannot be exported or used by predict; the fitted predictor is described in ${path.join(modelDir, BASELINE_MODEL_FILE)}.`,
    );
  let model: SavedModel;
  let rawPreprocessing: unknown;
  try {
    model = await loadModel(modelDir);
    rawPreprocessing = JSON.parse(await readFile(path.join(modelDir, 'preprocessing.json'), 'utf8'));
  } catch (error) {
    throw new FairboundError(
      'not-found',
      `the model of run ${runIndex} cannot be read from ${modelDir}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const preprocessing = fittedPreprocessingSchema.safeParse(rawPreprocessing);
  if (!preprocessing.success)
    throw new FairboundError(
      'invalid-payload',
      `${path.join(modelDir, 'preprocessing.json')} is not a valid saved preprocessing`,
    );
  const config = taskConfigSchema.parse(results.config);
  return { dir, runIndex, results, run, config, model, preprocessing: preprocessing.data };
}
