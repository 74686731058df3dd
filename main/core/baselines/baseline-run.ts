import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BASELINE_MODEL_FILE, baselineConstraintOf, type ParityConstraint } from '../../../shared/config/baseline.js';
import type { RunResult, SplitEvaluation } from '../../../shared/config/results.js';
import type { ConstraintSpec } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { BaselineSolverName } from '../../../shared/fairness.js';
import { SOLVERS, resolveSolverParams } from '../../../shared/solvers.js';
import type { ConstraintPlan } from '../constraints/constraint-plan.js';
import type { PreparedSplit, PreparedTask } from '../data/prepared-task.js';
import { evaluateSplit } from '../metrics/split-evaluation.js';
import { taskSplits, type SplitName } from '../engine/evaluator.js';
import { loadSolver } from '../engine/ghost-subproblems.js';
import { littleEndianBytes } from '../engine/model-io.js';
import { Rng } from '../engine/rng.js';
import { RunHistory } from '../engine/run-history.js';
import { evaluationPoint, trainRun, type RunOptions } from '../engine/run.js';
import { fitExponentiatedGradient, mixtureProbability } from './exponentiated-gradient.js';
import type { FeatureMatrix } from './logistic-regression.js';
import { applyThresholdOptimizer, fitThresholdOptimizer } from './threshold-optimizer.js';

/**
 * The practitioners' baselines as ordinary runs of a job (docs/baselines.md): each writes the same results.json entry,
 * predictions and history as a solver's run, so the results table, Pareto view, audit and PDF read them unchanged.
 * Both methods' predictors are randomised; a run records one draw of their decisions (seeded by the run's seed), stored
 * as 0/1 "probabilities" with threshold 0.5, so every verdict, interval and warning is that of decisions people get.
 */

/** A gradient run's options (the history of a baseline is not logged between evaluations) and the method. */
export type BaselineRunOptions = Omit<RunOptions, 'logInterval'> & { method: BaselineSolverName };

/** One Bernoulli draw per row of P(decision = 1); rows at 0 or 1 need no randomness and consume none. */
export function drawDecisions(positive: ArrayLike<number>, rng: Rng): Float32Array {
  return Float32Array.from({ length: positive.length }, (_, i) => {
    const p = positive[i]!;
    if (p <= 0) return 0;
    if (p >= 1) return 1;
    return rng.float() < p ? 1 : 0;
  });
}

/** Where a baseline run's files go and whom its evaluations are reported to. */
export type RunOutput = Pick<BaselineRunOptions, 'task' | 'plan' | 'outDir' | 'reporter'>;

/** The constraint a baseline run enforces, or the reason the task cannot be given to it. */
function baselineConstraint(
  method: BaselineSolverName,
  constraints: readonly ConstraintSpec[],
): { constraint: ParityConstraint; spec: ConstraintSpec } {
  const choice = baselineConstraintOf(method, constraints);
  if (!choice.ok) throw new FairboundError('invalid-config', choice.issue);
  return choice;
}

function matrix(split: PreparedSplit, cols: number): FeatureMatrix {
  // The baselines fit on every row at once; a streamed task (main/core/data/streamed-features.ts) has no such matrix.
  if (!split.features)
    throw new FairboundError(
      'dataset-unsupported',
      'The baseline methods need every row in memory, and this dataset is too large for that: train a gradient solver, or a baseline on a sample of the rows.',
    );
  return { rows: split.rows, cols, values: split.features };
}

/** Mixed into the run's seed so the decision draw is independent of the training run's own random stream. */
const DRAW_SEED = 0x7f4a7c15;

const DECISIONS_NOTE =
  'decisions are one seeded draw of the randomised predictor, so loss and AUC are those of 0/1 decisions';

/** A baseline run's result fields for its drawn 0/1 decisions: a fixed 0.5 threshold and each split's evaluation. */
function decisionsEvaluated(
  evaluations: Partial<Record<SplitName, SplitEvaluation>>,
  warnings: RunResult['warnings'],
): Pick<RunResult, 'threshold' | 'thresholdRule' | 'warnings' | 'train' | 'validation' | 'test'> {
  return {
    threshold: 0.5,
    thresholdRule: 'fixed',
    warnings,
    train: evaluations.train!,
    validation: evaluations.validation ?? null,
    test: evaluations.test!,
  };
}

/**
 * Evaluates each split's drawn decisions exactly as a solver's model is evaluated, and writes them as predictions. The
 * evaluation goes to the live monitor, and to the run's history file when `history` is given.
 */
async function recordDecisions(
  o: RunOutput,
  id: string,
  positiveBySplit: Map<SplitName, ArrayLike<number>>,
  rng: Rng,
  at: { iteration: number; seconds: number },
  history: RunHistory | null,
): Promise<{ evaluations: Partial<Record<SplitName, SplitEvaluation>>; warnings: RunResult['warnings'] }> {
  const { splits } = taskSplits(o.task);
  const evaluations: Partial<Record<SplitName, SplitEvaluation>> = {};
  let warnings: RunResult['warnings'] = [];
  await mkdir(path.join(o.outDir, 'predictions', id), { recursive: true });
  try {
    for (const [name, split] of splits) {
      const decisions = drawDecisions(positiveBySplit.get(name)!, rng);
      const metrics = evaluateSplit(decisions, split, o.task.groups, o.plan, 0.5);
      evaluations[name] = metrics.evaluation;
      if (name === 'test') warnings = metrics.warnings;
      await writeFile(path.join(o.outDir, 'predictions', id, `${name}.f32`), littleEndianBytes(decisions));
      const point = evaluationPoint(at, name, metrics);
      if (history) history.evaluation(point);
      else o.reporter.evaluation(point);
    }
  } finally {
    await history?.close();
  }
  return { evaluations, warnings };
}

async function readScores(outDir: string, id: string, split: SplitName, rows: number): Promise<Float32Array> {
  const bytes = await readFile(path.join(outDir, 'predictions', id, `${split}.f32`));
  const scores = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(scores.buffer).set(bytes.subarray(0, scores.byteLength));
  if (scores.length !== rows)
    throw new FairboundError('internal', `${split} scores of ${id}: ${scores.length} values for ${rows} rows`);
  return scores;
}

/** Groups the task's constraint compares (the plan leaves small ones and those without training rows out). */
function constrainedGroups(plan: ConstraintPlan): (group: number) => boolean {
  const groups = new Set(plan.slots.filter((g) => g >= 0));
  return (g) => groups.has(g);
}

/**
 * Hardt et al.'s post-processing: trains the unconstrained network with Adam (the same budget, selection and
 * threshold rules as an Adam run), then fits group thresholds to its scores on the validation split (train without
 * one) and replaces the run's predictions with the post-processed decisions.
 */
async function thresholdOptimizerRun(o: BaselineRunOptions): Promise<RunResult> {
  const { task, plan, runIndex, outDir } = o;
  baselineConstraint('threshold-optimizer', task.config.constraints);
  const { params } = resolveSolverParams('threshold-optimizer', task.config.solver.params);
  const adamTask: PreparedTask = {
    ...task,
    config: { ...task.config, solver: { ...task.config.solver, name: 'adam', params } },
  };
  const source = await trainRun({
    task: adamTask,
    plan,
    runIndex,
    outDir,
    control: o.control,
    reporter: o.reporter,
    ...(o.evaluationInterval ? { evaluationInterval: o.evaluationInterval } : {}),
  });
  return postProcessRun(o, source);
}

/**
 * Fits group thresholds to a finished network run's scores (its predictions under outDir) on the validation split
 * (train without one) for the task's constraint, and replaces the predictions with the post-processed decisions.
 * The run keeps its network, history and seed; its record becomes a threshold-optimizer run.
 */
export async function postProcessRun(o: RunOutput, source: RunResult): Promise<RunResult> {
  const { task, plan, outDir } = o;
  const { constraint, spec } = baselineConstraint('threshold-optimizer', task.config.constraints);
  const id = source.id;
  const { splits, selectionSplit } = taskSplits(task);
  const scores = new Map<SplitName, Float32Array>();
  for (const [name, split] of splits) scores.set(name, await readScores(outDir, id, name, split.rows));
  const fitSplit = selectionSplit === 'validation' ? task.validation! : task.train;
  const optimizer = fitThresholdOptimizer(
    await loadSolver(),
    { scores: scores.get(selectionSplit)!, labels: fitSplit.labels, groups: fitSplit.groups },
    task.groups.length,
    constraint,
    { tolerance: spec.tolerance, constrained: constrainedGroups(plan) },
  );
  const names = task.groups.map((g) => g.name);
  const unfitted = names.filter(
    (_, g) => optimizer.groups[g] === null && splits.some(([, split]) => split.groups.includes(g)),
  );
  if (unfitted.length)
    throw new FairboundError(
      'group-empty',
      `no thresholds for ${unfitted.join(', ')}: these groups have rows but none in the ${selectionSplit} split to fit them on`,
    );
  const positive = new Map<SplitName, Float64Array>();
  for (const [name, split] of splits)
    positive.set(name, applyThresholdOptimizer(optimizer, { scores: scores.get(name)!, groups: split.groups }));
  // The history file keeps the Adam network's training; the post-processed decisions are the run's figures.
  const { evaluations, warnings } = await recordDecisions(
    o,
    id,
    positive,
    new Rng(source.seed ^ DRAW_SEED),
    { iteration: source.iterations, seconds: source.seconds },
    null,
  );
  await writeFile(
    path.join(outDir, source.model, BASELINE_MODEL_FILE),
    JSON.stringify(
      {
        method: 'threshold-optimizer',
        constraint,
        tolerance: spec.tolerance,
        fittedOn: selectionSplit,
        requirement: SOLVERS['threshold-optimizer'].requirement,
        groups: optimizer.groups.map((g, i) => ({
          group: names[i],
          mixture: g?.mixture.map((m) => ({
            threshold: Number.isFinite(m.threshold) ? m.threshold : 'none',
            weight: m.weight,
          })),
        })),
      },
      null,
      2,
    ),
  );
  const notes = optimizer.notes.map((n) => n.replace(/group (\d+)/, (_, g: string) => `group ${names[Number(g)]}`));
  return {
    ...source,
    solver: 'threshold-optimizer',
    message: [
      source.message,
      `group thresholds (${constraint}, tolerance ${spec.tolerance}) fitted on the ${selectionSplit} split to the ${source.solver} network's scores`,
      DECISIONS_NOTE,
      ...notes,
    ]
      .filter(Boolean)
      .join('; '),
    ...decisionsEvaluated(evaluations, warnings),
  };
}

/**
 * Agarwal et al.'s reductions with Fairlearn's settings, on the task's own (preprocessed) training rows. The bound on
 * each group's distance to the overall rate is the constraint's tolerance (each-vs-overall) or half of it (pairwise:
 * two groups within t/2 of the overall rate are within t of each other).
 */
async function exponentiatedGradientRun(o: BaselineRunOptions): Promise<RunResult> {
  const { task, plan, runIndex, outDir, reporter } = o;
  const { constraint, spec } = baselineConstraint('exponentiated-gradient', task.config.constraints);
  const id = `run-${runIndex}`;
  const seed = task.config.seed + runIndex;
  const { params } = resolveSolverParams('exponentiated-gradient', task.config.solver.params);
  const bound = spec.topology === 'pairwise' ? spec.tolerance / 2 : spec.tolerance;
  reporter.update({ runIndex, runFraction: 0, phase: 'training', iterationsPerSecond: 0 });
  reporter.tick(true);
  const started = performance.now();
  const elapsed = () => Math.max(1e-3, (performance.now() - started) / 1000);
  const cols = task.featureNames.length;
  const maxIterations = params.maxIterations!;
  const game = await fitExponentiatedGradient(
    await loadSolver(),
    matrix(task.train, cols),
    { labels: task.train.labels, groups: task.train.groups },
    task.groups.length,
    constraint,
    {
      eps: params.eps!,
      bound,
      maxIterations,
      eta0: params.eta0!,
      c: params.c!,
      constrained: constrainedGroups(plan),
      beforeIteration: async (t) => {
        reporter.update({ runFraction: t / maxIterations, iterationsPerSecond: t / elapsed() });
        reporter.tick();
        if (o.control.paused) {
          reporter.update({ phase: 'paused' });
          reporter.tick(true);
          await o.control.waitWhilePaused();
          reporter.update({ phase: 'training' });
        }
        // The first iteration always runs, so a cancelled run still has a model to record.
        return t === 0 || !o.control.cancelled;
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  reporter.update({ phase: 'saving', runFraction: 1 });
  reporter.tick(true);
  const { splits } = taskSplits(task);
  const positive = new Map<SplitName, Float64Array>();
  for (const [name, split] of splits) positive.set(name, mixtureProbability(game, matrix(split, cols)));
  const { evaluations, warnings } = await recordDecisions(
    o,
    id,
    positive,
    new Rng(seed ^ DRAW_SEED),
    { iteration: game.iterations.length, seconds },
    await RunHistory.open(outDir, id, plan, reporter),
  );
  const modelDir = path.join('models', id);
  await mkdir(path.join(outDir, modelDir), { recursive: true });
  await writeFile(
    path.join(outDir, modelDir, BASELINE_MODEL_FILE),
    JSON.stringify(
      {
        method: 'exponentiated-gradient',
        constraint,
        bound,
        featureNames: task.featureNames,
        learner: 'logistic regression (L2), predicting 1 when the linear score is > 0',
        members: game.classifiers.map((h, j) => ({
          weight: game.weights[j],
          ...(h.kind === 'constant'
            ? { constant: h.value }
            : { coefficients: Array.from(h.model.weights), intercept: h.model.bias }),
        })),
        params: game.params,
        bestGap: game.bestGap,
        // The member with the least training error + B·(violation)₊: what derandomising by picking one would give.
        bestDeterministicMember: game.bestDeterministic,
      },
      null,
      2,
    ),
  );
  const messages = [...plan.notes, DECISIONS_NOTE];
  if (game.stoppedEarly)
    messages.push(`cancelled after ${game.iterations.length} iterations: the model is the best mixture found so far`);
  if (game.bestGap > game.params.nu)
    messages.push(
      `the game stopped after ${game.iterations.length} iterations with duality gap ${game.bestGap.toPrecision(3)} above nu = ${game.params.nu.toPrecision(3)}`,
    );
  return {
    id,
    solver: 'exponentiated-gradient',
    params,
    seed,
    status: game.stoppedEarly ? 'cancelled' : 'completed',
    message: messages.join('; '),
    iterations: game.iterations.length,
    samples: game.oracleCalls * task.train.rows,
    seconds,
    selectedIteration: game.bestIteration,
    selectionRule: 'min-duality-gap',
    selectionSplit: 'train',
    ...decisionsEvaluated(evaluations, warnings),
    model: modelDir,
    history: `history/${id}.jsonl`,
  };
}

export function baselineRun(o: BaselineRunOptions): Promise<RunResult> {
  return o.method === 'threshold-optimizer' ? thresholdOptimizerRun(o) : exponentiatedGradientRun(o);
}
