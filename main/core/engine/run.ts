import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvaluationPoint, HistoryPoint, RunResult, RunStatus, SplitEvaluation } from '../../../shared/config/results.js';
import { resolveSolverParams } from '../../../shared/solvers.js';
import { FairboundError } from '../../../shared/errors.js';
import type { PreparedSplit, PreparedTask } from '../data/prepared-task.js';
import { evaluateSplit } from '../metrics/split-evaluation.js';
import { measureValues, type ConstraintPlan } from './constraint-plan.js';
import type { JobControl } from './control.js';
import { createConstraintTensors, disposeConstraintTensors } from './group-stats.js';
import { allFinite, createMlp, initialWeights, predictProbabilities, restore, snapshot } from './model.js';
import { littleEndianBytes, saveModel } from './model-io.js';
import type { ProgressReporter } from './progress.js';
import { Rng } from './rng.js';
import { BatchSampler } from './sampler.js';
import { createSolver, type StepTensors } from './solvers/index.js';
import { tf } from './tf.js';

export interface RunOptions {
  task: PreparedTask;
  plan: ConstraintPlan;
  runIndex: number;
  outDir: string;
  control: JobControl;
  reporter: ProgressReporter;
  /** Seconds of training between full-data evaluations (best-iterate candidates). */
  evaluationInterval?: number;
  /** Seconds of training between logged history points. */
  logInterval?: number;
}

type SplitName = 'train' | 'validation' | 'test';

interface Candidate {
  iteration: number;
  weights: Float32Array[];
  loss: number;
  maxViolation: number;
}

const CHUNK_MS = 40;
/** Seconds of training between checkpoints written to outDir/checkpoints/run-<i>/ (the last good evaluated iterate). */
const CHECKPOINT_SECONDS = 5;

/** Feasible beats infeasible; among feasible the lower loss; among infeasible the smaller violation. */
function better(a: Candidate, b: Candidate | null): boolean {
  if (!b) return true;
  const fa = a.maxViolation <= 0;
  const fb = b.maxViolation <= 0;
  if (fa !== fb) return fa;
  return fa ? a.loss < b.loss : a.maxViolation < b.maxViolation;
}

/** One seeded training run: train under the budget, evaluate periodically, select, save model and predictions. */
export async function trainRun(o: RunOptions): Promise<RunResult> {
  const { task, plan, runIndex, control, reporter } = o;
  const cfg = task.config;
  const seed = cfg.seed + runIndex;
  const rng = new Rng(seed);
  const featureCount = task.featureNames.length;
  const { params } = resolveSolverParams(cfg.solver.name, cfg.solver.params);
  const batchSize = cfg.solver.batchSize;
  const constraintBatchSize = cfg.solver.constraintBatchSize ?? batchSize;
  const evaluationInterval = o.evaluationInterval ?? 0.5;
  const logInterval = o.logInterval ?? 0.05;
  const budget = cfg.budget;
  const id = `run-${runIndex}`;

  const model = createMlp(featureCount, cfg.model.hidden, initialWeights(featureCount, cfg.model.hidden, rng));
  const sampler = new BatchSampler(task.train, featureCount, plan.slots, rng);
  const logSampler = new BatchSampler(task.train, featureCount, plan.slots, new Rng(seed ^ 0x5bd1e995));
  const constraints = createConstraintTensors(plan);
  const solver = await createSolver(cfg.solver.name, { model, sampler, logSampler, plan, constraints, params, batchSize, constraintBatchSize, rng });
  // Without a time budget the run is a fixed number of steps: evaluate and log on an iteration schedule, so the history
  // and the selected iterate are reproducible; with a time budget they follow training time.
  const plannedIterations =
    budget.seconds === undefined
      ? Math.min(budget.iterations ?? Infinity, budget.epochs !== undefined ? Math.ceil((budget.epochs * task.train.rows) / batchSize) : Infinity)
      : null;
  const evaluateEvery = plannedIterations !== null ? Math.max(1, Math.ceil(plannedIterations / 50)) : null;
  const logEvery = plannedIterations !== null ? Math.max(1, Math.floor(plannedIterations / 1000)) : null;

  await mkdir(path.join(o.outDir, 'history'), { recursive: true });
  const history = createWriteStream(path.join(o.outDir, 'history', `${id}.jsonl`));
  const splits: [SplitName, PreparedSplit][] = [['train', task.train]];
  if (task.validation) splits.push(['validation', task.validation]);
  splits.push(['test', task.test]);
  const selectionSplit: SplitName = task.validation ? 'validation' : 'train';

  let iteration = 0;
  let trainSeconds = 0;
  let status: RunStatus = 'completed';
  const messages: string[] = [...plan.notes];
  // The untrained starting point is evaluated (for the charts and as a fallback) but is never "best": random weights
  // can satisfy a loss-gap bound while predicting nothing.
  const kept: { best: Candidate | null; last: Candidate | null } = { best: null, last: null };
  let lastEvaluatedIteration = -1;

  const runFraction = (): number => {
    const parts: number[] = [];
    if (budget.seconds !== undefined) parts.push(trainSeconds / budget.seconds);
    if (budget.iterations !== undefined) parts.push(iteration / budget.iterations);
    if (budget.epochs !== undefined) parts.push(sampler.epochs / budget.epochs);
    return Math.max(...parts);
  };

  /** Full-data evaluation of the current iterate; returns false if the model is no longer finite. */
  const evaluate = async (): Promise<boolean> => {
    lastEvaluatedIteration = iteration;
    const weights = await snapshot(model);
    if (!allFinite(weights)) return false;
    let candidate: Candidate | null = null;
    for (const [name, split] of splits) {
      const probs = await predictProbabilities(model, split.features, split.rows);
      const { evaluation, constraintValues } = evaluateSplit(probs, split, task.groups, plan, cfg.threshold);
      if (!Number.isFinite(evaluation.loss)) return false;
      const point: EvaluationPoint = {
        iteration,
        seconds: trainSeconds,
        split: name,
        loss: evaluation.loss,
        auc: evaluation.auc,
        accuracy: evaluation.accuracy,
        constraintValues,
        maxViolation: evaluation.maxViolation,
      };
      history.write(`${JSON.stringify({ type: 'evaluation', ...point })}\n`);
      reporter.evaluation(point);
      if (name === selectionSplit) candidate = { iteration, weights, loss: evaluation.loss, maxViolation: evaluation.maxViolation };
    }
    kept.last = candidate;
    if (candidate && iteration > 0 && better(candidate, kept.best)) kept.best = candidate;
    return true;
  };

  const readLog = async (out: StepTensors): Promise<boolean> => {
    const [loss, rows, multipliers] = await Promise.all([out.loss.data(), out.rows?.data(), out.multipliers?.data()]);
    tf.dispose([out.loss, out.rows ?? [], out.multipliers ?? []]);
    const lossValue = loss[0]!;
    const rowValues = rows ? Array.from(rows) : [];
    const point: HistoryPoint = {
      iteration,
      seconds: trainSeconds,
      samples: sampler.samplesSeen,
      loss: lossValue,
      constraints: measureValues(plan, rowValues),
      multipliers: multipliers ? plan.measures.map((m) => Math.max(...m.rows.map((r) => multipliers[r]!))) : [],
    };
    if (!Number.isFinite(lossValue) || rowValues.some((v) => !Number.isFinite(v))) return false;
    history.write(`${JSON.stringify({ type: 'history', ...point })}\n`);
    reporter.point(point);
    return true;
  };

  const exhausted = (): boolean =>
    (budget.iterations !== undefined && iteration >= budget.iterations) ||
    (budget.seconds !== undefined && trainSeconds >= budget.seconds) ||
    (budget.epochs !== undefined && sampler.epochs >= budget.epochs);

  reporter.update({ runIndex, runFraction: 0, phase: 'training', iterationsPerSecond: 0 });
  let divergedAt: number | null = null;
  let lastCheckpoint = 0;
  let checkpointIteration = -1;
  try {
    await evaluate();
    let sinceEvaluation = 0;
    let sinceLog = Infinity;
    while (!exhausted() && divergedAt === null) {
      if (control.cancelled) {
        status = 'cancelled';
        break;
      }
      if (control.paused) {
        reporter.update({ phase: 'paused' });
        reporter.tick(true);
        await control.waitWhilePaused();
        reporter.update({ phase: 'training' });
        continue;
      }
      const chunkStart = performance.now();
      let chunkIterations = 0;
      let stepStart = chunkStart;
      while (performance.now() - chunkStart < CHUNK_MS && !exhausted() && !(evaluateEvery !== null && iteration - lastEvaluatedIteration >= evaluateEvery)) {
        const log = logEvery !== null ? iteration % logEvery === 0 : sinceLog >= logInterval;
        const out = await solver.step(log);
        iteration++;
        chunkIterations++;
        const now = performance.now();
        const dt = (now - stepStart) / 1000;
        stepStart = now;
        trainSeconds += dt;
        sinceLog += dt;
        sinceEvaluation += dt;
        if (out) {
          sinceLog = 0;
          if (!(await readLog(out))) {
            divergedAt = iteration;
            break;
          }
          stepStart = performance.now();
        }
      }
      if (divergedAt !== null) break;
      const rate = chunkIterations / ((performance.now() - chunkStart) / 1000);
      if (evaluateEvery !== null ? iteration - lastEvaluatedIteration >= evaluateEvery : sinceEvaluation >= evaluationInterval) {
        sinceEvaluation = 0;
        reporter.update({ phase: 'evaluating' });
        if (!(await evaluate())) divergedAt = iteration;
        reporter.update({ phase: 'training' });
      }
      if (kept.last && trainSeconds - lastCheckpoint >= CHECKPOINT_SECONDS && kept.last.iteration !== checkpointIteration) {
        lastCheckpoint = trainSeconds;
        checkpointIteration = kept.last.iteration;
        await saveModel(
          path.join(o.outDir, 'checkpoints', id),
          { inputDim: featureCount, hidden: cfg.model.hidden, featureNames: task.featureNames, weights: kept.last.weights },
          task.preprocessing,
        );
      }
      reporter.update({ runFraction: runFraction(), iterationsPerSecond: rate });
      reporter.tick();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (divergedAt === null && lastEvaluatedIteration !== iteration && !(await evaluate())) divergedAt = iteration;
  } catch (error) {
    status = 'failed';
    messages.push(`training failed at iteration ${iteration}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (divergedAt !== null) {
    status = 'diverged';
    messages.push(
      `diverged at iteration ${divergedAt}: the loss, a constraint estimate or a weight became NaN or infinite; ` +
        `the model is the last good checkpoint (iteration ${kept.last?.iteration ?? 0})`,
    );
  }
  messages.push(...(solver.notes?.() ?? []));
  solver.dispose();
  disposeConstraintTensors(constraints);

  reporter.update({ phase: 'saving', runFraction: 1 });
  reporter.tick(true);
  const rule = cfg.selection;
  const chosen = rule === 'last' || status === 'diverged' ? kept.last : (kept.best ?? kept.last);
  if (!chosen) {
    tf.dispose(model.variables);
    history.end();
    throw new FairboundError('training-failed', `${id}: no finite iterate to save (${messages.join('; ')})`);
  }
  restore(model, chosen.weights);
  const evaluations: Partial<Record<SplitName, SplitEvaluation>> = {};
  const predictionsDir = path.join(o.outDir, 'predictions', id);
  await mkdir(predictionsDir, { recursive: true });
  for (const [name, split] of splits) {
    const probs = await predictProbabilities(model, split.features, split.rows);
    evaluations[name] = evaluateSplit(probs, split, task.groups, plan, cfg.threshold).evaluation;
    await writeFile(path.join(predictionsDir, `${name}.f32`), littleEndianBytes(probs));
  }
  tf.dispose(model.variables);
  await saveModel(
    path.join(o.outDir, 'models', id),
    { inputDim: featureCount, hidden: cfg.model.hidden, featureNames: task.featureNames, weights: chosen.weights },
    task.preprocessing,
  );
  await new Promise<void>((resolve) => history.end(resolve));

  return {
    id,
    solver: cfg.solver.name,
    params,
    seed,
    status,
    ...(messages.length ? { message: messages.join('; ') } : {}),
    iterations: iteration,
    samples: sampler.samplesSeen,
    seconds: trainSeconds,
    selected: { rule, iteration: chosen.iteration, feasible: chosen.maxViolation <= 0 },
    train: evaluations.train!,
    validation: evaluations.validation ?? null,
    test: evaluations.test!,
    model: `models/${id}`,
    history: `history/${id}.jsonl`,
  };
}

