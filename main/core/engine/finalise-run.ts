import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult, SplitEvaluation } from '../../../shared/config/results.js';
import type { PreparedTask } from '../data/prepared-task.js';
import type { EvaluatedCandidate, SplitName } from './evaluator.js';
import { littleEndianBytes, saveModel } from './model-io.js';

/** The run's figures the finaliser does not compute itself. */
export type RunRecord = Omit<
  RunResult,
  'selectedIteration' | 'threshold' | 'warnings' | 'train' | 'validation' | 'test' | 'model' | 'history'
>;

/**
 * Makes the chosen iterate the run's model from its evaluation during training (every split at its threshold): writes
 * the predictions (predictions/<id>/<split>.f32) and the model (models/<id>), and completes the run's record. The
 * model's warnings are those of the test split, the split every reported verdict is about.
 */
export async function finaliseRun(
  task: PreparedTask,
  outDir: string,
  chosen: EvaluatedCandidate,
  record: RunRecord,
): Promise<RunResult> {
  const predictionsDir = path.join(outDir, 'predictions', record.id);
  await mkdir(predictionsDir, { recursive: true });
  const evaluations: Partial<Record<SplitName, SplitEvaluation>> = {};
  for (const { name, probs, metrics } of chosen.outcomes) {
    evaluations[name] = metrics.evaluation;
    await writeFile(path.join(predictionsDir, `${name}.f32`), littleEndianBytes(probs));
  }
  await saveModel(
    path.join(outDir, 'models', record.id),
    {
      inputDim: task.featureNames.length,
      hidden: task.config.model.hidden,
      featureNames: task.featureNames,
      weights: chosen.weights,
    },
    task.preprocessing,
  );
  const test = chosen.outcomes.find((o) => o.name === 'test')!;
  return {
    ...record,
    selectedIteration: chosen.iteration,
    threshold: chosen.threshold,
    warnings: test.metrics.warnings,
    train: evaluations.train!,
    validation: evaluations.validation ?? null,
    test: evaluations.test!,
    model: `models/${record.id}`,
    history: `history/${record.id}.jsonl`,
  };
}
