import type {
  BaselineEvaluation,
  BaselineMethod,
  BaselineResult,
  ParityConstraint,
} from '../../../shared/config/baseline.js';
import { FairboundError } from '../../../shared/errors.js';
import { loadRun, type PrepareTask } from '../audit/run-source.js';
import { loadSolver } from '../engine/ghost-subproblems.js';
import {
  classify,
  fitExponentiatedGradient,
  mixtureProbability,
  type ExponentiatedGradientOptions,
} from './exponentiated-gradient.js';
import type { FeatureMatrix } from './logistic-regression.js';
import { evaluateDecisions, type LabelledGroups, type ParityEvaluation } from './parity.js';
import { applyThresholdOptimizer, fitThresholdOptimizer } from './threshold-optimizer.js';

export interface BaselineOptions {
  prepare: PrepareTask;
  signal?: AbortSignal;
  /** Threshold optimizer: allowed difference between groups' rates (default 0, as Fairlearn). */
  tolerance?: number;
  /** Exponentiated gradient: Fairlearn's settings. */
  reductions?: Pick<ExponentiatedGradientOptions, 'eps' | 'bound' | 'maxIterations' | 'nu' | 'eta0'>;
}

const POSTPROCESSING_REQUIREMENT =
  'the protected attribute of every scored row: the thresholds differ by group (Hardt et al. 2016), so `fairbound predict` scores alone are not enough';
const RANDOMISED_REQUIREMENT =
  'a random draw per decision: the predictor is randomised, and the reported rates are its expected rates';

function toEvaluation(evaluation: ParityEvaluation, names: string[]): BaselineEvaluation {
  const pair = (d: ParityEvaluation['demographicParity']) =>
    d ? { value: d.value, se: d.se, groups: [names[d.groups[0]]!, names[d.groups[1]]!] as [string, string] } : null;
  return {
    n: evaluation.n,
    accuracy: evaluation.accuracy,
    selectionRate: evaluation.selectionRate,
    groups: Object.fromEntries(evaluation.groups.map((g, i) => [names[i]!, g])),
    demographicParity: pair(evaluation.demographicParity),
    equalizedOdds: pair(evaluation.equalizedOdds),
    degenerate: evaluation.selectionRate <= 0 || evaluation.selectionRate >= 1,
  };
}

function matrix(split: { rows: number; features: Float32Array }, cols: number): FeatureMatrix {
  return { rows: split.rows, cols, values: split.features };
}

/**
 * Fits a practitioners' baseline to one run of a job folder and evaluates it on that run's test split: the threshold
 * optimizer post-processes the run's own scores (fitted on validation, else train); exponentiated gradient trains
 * its own logistic regressions on the run's training split and features.
 */
export async function fitBaseline(
  dir: string,
  runIndex: number,
  method: BaselineMethod,
  constraint: ParityConstraint,
  options: BaselineOptions,
): Promise<BaselineResult> {
  const loaded = await loadRun(dir, runIndex, options.prepare);
  const { task, data, config, run, results } = loaded;
  const names = task.groups.map((g) => g.name);
  const groupCount = names.length;
  const compared = (g: number) => !data.groups[g]!.small;
  const evaluate = (positive: ArrayLike<number>, rows: LabelledGroups) =>
    toEvaluation(evaluateDecisions(positive, rows, groupCount, compared), names);
  const sourceDecisions = Float64Array.from(data.test.probs, (p) => (p >= config.threshold ? 1 : 0));
  const highs = await loadSolver();
  const notes: string[] = [];
  const smallGroups = names.filter((_, g) => !compared(g));
  if (smallGroups.length)
    notes.push(`small groups left out of the constraint and the differences: ${smallGroups.join(', ')}`);
  const fittedOn = data.validation ? 'validation' : 'train';
  const source = { dir, run: runIndex, solver: run.solver, datasetSha256: results.dataset.sha256 };
  const createdAt = new Date().toISOString();

  if (method === 'threshold-optimizer') {
    const fitRows = data.validation ?? data.train;
    const tolerance = options.tolerance ?? 0;
    const optimizer = fitThresholdOptimizer(
      highs,
      { scores: fitRows.probs, labels: fitRows.labels, groups: fitRows.groups },
      groupCount,
      constraint,
      { tolerance, constrained: compared },
    );
    const missing = names.filter((_, g) => optimizer.groups[g] === null && data.test.groups.includes(g));
    if (missing.length)
      throw new FairboundError(
        'group-empty',
        `no thresholds for ${missing.join(', ')}: these groups have test rows but no ${fittedOn} rows to fit them on`,
      );
    const testRows = { scores: data.test.probs, labels: data.test.labels, groups: data.test.groups };
    const positive = applyThresholdOptimizer(optimizer, testRows);
    return {
      version: 1,
      createdAt,
      method,
      constraint,
      params: { tolerance },
      source,
      fittedOn,
      requirements: [POSTPROCESSING_REQUIREMENT, RANDOMISED_REQUIREMENT],
      test: evaluate(positive, testRows),
      deterministicTest: null,
      sourceTest: evaluate(sourceDecisions, testRows),
      model: {
        fitError: optimizer.fitError,
        groups: optimizer.groups.map((g, i) =>
          g
            ? {
                group: names[i],
                mixture: g.mixture.map((m) => ({
                  threshold: Number.isFinite(m.threshold) ? m.threshold : 'none',
                  weight: m.weight,
                })),
              }
            : { group: names[i], mixture: null },
        ),
      },
      notes: [
        ...notes,
        ...optimizer.notes.map((n) => n.replace(/group (\d+)/, (_, g: string) => `group ${names[Number(g)]}`)),
      ],
    };
  }

  const cols = task.featureNames.length;
  const train = matrix(task.train, cols);
  const test = matrix(task.test, cols);
  const game = fitExponentiatedGradient(
    highs,
    train,
    { labels: task.train.labels, groups: task.train.groups },
    groupCount,
    constraint,
    {
      ...options.reductions,
      constrained: compared,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const testRows = { labels: task.test.labels, groups: task.test.groups };
  const member = game.classifiers[game.bestDeterministic]!;
  const memberDecisions = Float64Array.from({ length: test.rows }, (_, i) => classify(member, test, i));
  if (game.bestGap > game.params.nu)
    notes.push(
      `the game stopped after ${game.iterations.length} iterations with duality gap ${game.bestGap.toPrecision(3)} above nu = ${game.params.nu.toPrecision(3)}`,
    );
  return {
    version: 1,
    createdAt,
    method,
    constraint,
    params: { ...game.params },
    source,
    fittedOn: 'train',
    requirements: [RANDOMISED_REQUIREMENT],
    test: evaluate(mixtureProbability(game, test), testRows),
    deterministicTest: evaluate(memberDecisions, testRows),
    sourceTest: evaluate(sourceDecisions, testRows),
    model: {
      learner: 'logistic regression (L2, C = 1), thresholded at 0.5',
      members: game.classifiers.length,
      weights: game.weights,
      trainErrors: game.errors,
      trainViolations: game.violations,
      bestDeterministic: game.bestDeterministic,
      bestIteration: game.bestIteration,
      bestGap: game.bestGap,
      oracleCalls: game.oracleCalls,
      iterations: game.iterations,
    },
    notes,
  };
}
