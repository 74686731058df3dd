import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult, SplitEvaluation } from '../../../shared/config/results.js';
import type { PreparedTask } from '../data/prepared-task.js';
import type { ConstraintPlan } from './constraint-plan.js';
import { evaluateIterate, type SplitName } from './evaluator.js';
import type { Candidate } from './iterate-selector.js';
import { restore, type Mlp } from './model.js';
import { littleEndianBytes, saveModel } from './model-io.js';

/** The run's figures the finaliser does not compute itself. */
export type RunRecord = Omit<RunResult, 'selectedIteration' | 'threshold' | 'warnings' | 'train' | 'validation' | 'test' | 'model' | 'history'>;

/**
 * Makes the chosen iterate the run's model: restores its weights, evaluates every split at its threshold, writes the
 * predictions (predictions/<id>/<split>.f32) and the model (models/<id>), and completes the run's record. The model's
 * warnings are those of the test split, the split every reported verdict is about.
 */
export async function finaliseRun(model: Mlp, task: PreparedTask, plan: ConstraintPlan, outDir: string, chosen: Candidate, record: RunRecord): Promise<RunResult> {
  restore(model, chosen.weights);
  const evaluated = await evaluateIterate(model, task, plan, chosen.iteration);
  if (!evaluated) throw new Error(`${record.id}: the chosen iterate ${chosen.iteration} no longer evaluates to finite values`);
  const predictionsDir = path.join(outDir, 'predictions', record.id);
  await mkdir(predictionsDir, { recursive: true });
  const evaluations: Partial<Record<SplitName, SplitEvaluation>> = {};
  for (const { name, probs, metrics } of evaluated.outcomes) {
    evaluations[name] = metrics.evaluation;
    await writeFile(path.join(predictionsDir, `${name}.f32`), littleEndianBytes(probs));
  }
  await saveModel(
    path.join(outDir, 'models', record.id),
    { inputDim: task.featureNames.length, hidden: task.config.model.hidden, featureNames: task.featureNames, weights: chosen.weights },
    task.preprocessing,
  );
  const test = evaluated.outcomes.find((o) => o.name === 'test')!;
  return {
    ...record,
    selectedIteration: chosen.iteration,
    threshold: evaluated.candidate.threshold,
    warnings: test.metrics.warnings,
    train: evaluations.train!,
    validation: evaluations.validation ?? null,
    test: evaluations.test!,
    model: `models/${record.id}`,
    history: `history/${record.id}.jsonl`,
  };
}
