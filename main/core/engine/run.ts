import { FairboundError } from '../../../shared/errors.js';
import path from 'node:path';
import type { EvaluationPoint, RunResult, RunStatus } from '../../../shared/config/results.js';
import { SOLVERS } from '../../../shared/solvers.js';
import type { PreparedTask } from '../data/prepared-task.js';
import type { SplitMetrics } from '../metrics/split-evaluation.js';
import { Checkpointer } from './checkpointer.js';
import type { ConstraintPlan } from '../constraints/constraint-plan.js';
import type { JobControl } from './control.js';
import { EvaluationSchedule, LogSchedule } from './evaluation-schedule.js';
import {
  estimateEvaluationCost,
  evaluateIterate,
  taskSplits,
  type EvaluatedCandidate,
  type IterateEvaluation,
} from './evaluator.js';
import { finaliseRun } from './finalise-run.js';
import { IterateSelector, resolveSelectionRule } from './iterate-selector.js';
import { restore, snapshot } from './model.js';
import { saveModel } from './model-io.js';
import type { ProgressReporter } from './progress.js';
import { RunClock } from './run-clock.js';
import { RunHistory } from './run-history.js';
import { setUpTraining } from './training-setup.js';

export interface RunOptions {
  task: PreparedTask;
  plan: ConstraintPlan;
  runIndex: number;
  outDir: string;
  control: JobControl;
  reporter: ProgressReporter;
  /** Least seconds of training between full-data evaluations (time budgets; their cost may stretch it). */
  evaluationInterval?: number;
  /** Seconds of training between logged history points. */
  logInterval?: number;
}

/** Wall time of one chunk of steps between progress updates and yields to the event loop. */
const CHUNK_MS = 40;

/** One seeded training run: train under the budget, evaluate on a cost-bounded schedule, select, save. */
export async function trainRun(o: RunOptions): Promise<RunResult> {
  const { task, plan, runIndex, control, reporter } = o;
  const cfg = task.config;
  const seed = cfg.seed + runIndex;
  const id = `run-${runIndex}`;
  const training = await setUpTraining(task, plan, seed);
  const { model, sampler, solver } = training;
  const clock = new RunClock(cfg.budget, task.train.rows, cfg.solver.batchSize, () => sampler.epochs);
  const evaluations = new EvaluationSchedule(clock, o.evaluationInterval ?? 0.5);
  const logs = new LogSchedule(clock, o.logInterval ?? 0.05);
  const selector = new IterateSelector<EvaluatedCandidate>(
    resolveSelectionRule(cfg.selection, SOLVERS[cfg.solver.name].constrained, task.validation !== null),
  );
  const history = await RunHistory.open(o.outDir, id, plan, reporter);
  const checkpointer = new Checkpointer((weights) =>
    saveModel(
      path.join(o.outDir, 'checkpoints', id),
      { inputDim: task.featureNames.length, hidden: cfg.model.hidden, featureNames: task.featureNames, weights },
      task.preprocessing,
    ),
  );

  let evaluationSeconds = 0;
  /** Records an evaluation (null: not finite) in the history and offers it for selection. */
  const record = (evaluated: IterateEvaluation | null, at: { iteration: number; seconds: number }): void => {
    for (const { name, metrics } of evaluated?.outcomes ?? []) history.evaluation(evaluationPoint(at, name, metrics));
    if (evaluated) {
      selector.offer({ ...evaluated.candidate, outcomes: evaluated.outcomes });
      training.dual?.setThreshold(evaluated.candidate.threshold);
    }
  };
  /**
   * Evaluates the model's weights (the current iterate unless `at` says which) on every split and offers them for
   * selection; false when they are no longer finite.
   */
  const evaluate = async (
    at: { iteration: number; seconds: number } = { iteration: clock.iteration, seconds: clock.trainSeconds },
  ): Promise<boolean> => {
    const started = performance.now();
    reporter.update({ phase: 'evaluating' });
    const evaluated = await evaluateIterate(model, task, plan, at.iteration);
    record(evaluated, at);
    const cost = (performance.now() - started) / 1000;
    evaluationSeconds += cost;
    evaluations.done(cost);
    reporter.update({ phase: 'training' });
    return evaluated !== null;
  };

  /** Steps for one chunk; false when a logged estimate was not finite (divergence). */
  const trainChunk = async (): Promise<boolean> => {
    const chunkStart = performance.now();
    let stepStart = chunkStart;
    const startIteration = clock.iteration;
    while (performance.now() - chunkStart < CHUNK_MS && !clock.exhausted() && !evaluations.due()) {
      const out = await solver.step(logs.due());
      const seconds = (performance.now() - stepStart) / 1000;
      clock.step(seconds);
      logs.stepped(seconds, out !== null);
      if (
        out &&
        !(await history.training(out, {
          iteration: clock.iteration,
          seconds: clock.trainSeconds,
          samples: sampler.samplesSeen,
        }))
      )
        return false;
      stepStart = performance.now();
    }
    reporter.update({
      runFraction: clock.fraction(),
      iterationsPerSecond: (clock.iteration - startIteration) / ((performance.now() - chunkStart) / 1000),
    });
    return true;
  };

  /** Solver notes (e.g. failed subproblems) go to the live log as soon as they change. */
  let liveNotes = '';
  const reportNotes = (): void => {
    const notes = solver.notes?.().join('; ') ?? '';
    if (notes !== liveNotes) reporter.tick(true, (liveNotes = notes));
  };

  let status: RunStatus = 'completed';
  let diverged = false;
  const messages: string[] = [...plan.notes];
  reporter.update({ runIndex, runFraction: 0, phase: 'training', iterationsPerSecond: 0 });
  // The untrained start: evaluated now when the budget affords it, else kept as the fallback for a run that ends
  // before any evaluation succeeds.
  const start = await snapshot(model);
  try {
    // Time budgets pace evaluations by their cost (fixed-step ones by iterations), so they need it before the first.
    if (clock.plannedIterations === null) {
      const started = performance.now();
      const estimate = await estimateEvaluationCost(model, task, plan);
      const took = (performance.now() - started) / 1000;
      evaluations.estimate(estimate.seconds, took, estimate.start !== null);
      evaluationSeconds += took;
      if (estimate.start) record(estimate.start, { iteration: 0, seconds: 0 });
    }
    if (!evaluations.current && evaluations.startDue()) await evaluate();
    while (!diverged && !clock.exhausted()) {
      if (control.cancelled) {
        status = 'cancelled';
        break;
      }
      if (control.paused) {
        await waitWhilePaused(control, reporter);
        continue;
      }
      diverged = !(await trainChunk()) || (evaluations.due() && !(await evaluate()));
      await checkpointer.offer(selector.last, clock.trainSeconds);
      reportNotes();
      reporter.tick();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!diverged && !evaluations.current) diverged = !(await evaluate());
  } catch (error) {
    status = 'failed';
    messages.push(
      `training failed at iteration ${clock.iteration}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!selector.last) {
    restore(model, start);
    await evaluate({ iteration: 0, seconds: 0 }).catch(() => false);
  }
  if (diverged) {
    status = 'diverged';
    messages.push(
      `diverged at iteration ${clock.iteration}: the loss, a constraint estimate or a weight became NaN or infinite; ` +
        `the model is the last good evaluated iterate (iteration ${selector.last?.iteration ?? 0})`,
    );
  }
  messages.push(...(solver.notes?.() ?? []));
  reporter.update({ phase: 'saving', runFraction: 1 });
  reporter.tick(true);
  await history.close();
  const chosen = selector.chosen(diverged);
  try {
    if (!chosen)
      throw new FairboundError('training-failed', `${id}: no finite iterate to save (${messages.join('; ')})`);
    return await finaliseRun(task, o.outDir, chosen, {
      id,
      solver: cfg.solver.name,
      params: training.params,
      seed,
      status,
      ...(messages.length ? { message: messages.join('; ') } : {}),
      iterations: clock.iteration,
      samples: sampler.samplesSeen,
      seconds: clock.trainSeconds,
      evaluationSeconds,
      selectionRule: diverged ? 'last' : selector.rule,
      selectionSplit: taskSplits(task).selectionSplit,
      thresholdRule: cfg.thresholdRule.rule,
    });
  } finally {
    training.dispose();
  }
}

async function waitWhilePaused(control: JobControl, reporter: ProgressReporter): Promise<void> {
  reporter.update({ phase: 'paused' });
  reporter.tick(true);
  await control.waitWhilePaused();
  reporter.update({ phase: 'training' });
}

/** The live monitor's and the history file's record of one split's evaluation, with its verdicts and warning codes. */
export function evaluationPoint(
  at: { iteration: number; seconds: number },
  split: EvaluationPoint['split'],
  metrics: SplitMetrics,
): EvaluationPoint {
  const { loss, auc, accuracy, maxViolation, constraints } = metrics.evaluation;
  return {
    iteration: at.iteration,
    seconds: at.seconds,
    split,
    loss,
    auc,
    accuracy,
    constraintValues: metrics.constraintValues,
    maxViolation,
    verdicts: constraints.map((c) => c.verdict),
    warnings: metrics.warnings.map((w) => w.code),
  };
}
