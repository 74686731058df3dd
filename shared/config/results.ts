import { z } from 'zod';
import { BACKENDS, SOLVER_NAMES } from '../fairness.js';
import { THRESHOLD_RULES } from './task-config.js';
import { constraintVerdictSchema } from '../verdicts.js';

/** results.json: what `fairbound run` writes and the app stores per run. Documented in README. */

const nullableRate = z.number().nullable();

export const groupEvaluationSchema = z.object({
  n: z.number().int(),
  positives: z.number().int(),
  loss: z.number().nullable(),
  baseRate: nullableRate,
  positiveRate: nullableRate,
  tpr: nullableRate,
  fpr: nullableRate,
  accuracy: nullableRate,
  auc: nullableRate,
});
export type GroupEvaluation = z.infer<typeof groupEvaluationSchema>;

const currentConstraintEvaluationSchema = z.object({
  name: z.string(),
  kind: z.string(),
  /** Measured quantity on that split (e.g. |L_a − L_b|). */
  value: z.number().nullable(),
  tolerance: z.number(),
  /** Point estimate only: value <= tolerance; null when undefined on this split (e.g. a group has no positives). */
  satisfied: z.boolean().nullable(),
  /** Standard error of value (delta method for loss gaps, binomial for rate gaps); null when undefined. */
  se: z.number().nullable(),
  /** One-sided 95 % lower and upper bounds of value, simultaneous over the split's constraints (Holm). */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  /** What the data supports at 95 % (docs/verdicts.md); `satisfied` means upper < tolerance. */
  verdict: constraintVerdictSchema,
  /** Why the verdict is trivial or inconclusive without an estimate, in words. */
  reason: z.string().optional(),
  /** Smallest tolerance this split could certify for a true gap of 0 at these group sizes and variances. */
  minCertifiableTolerance: z.number().nullable(),
});
/** Version-1 files recorded the point estimate only: their rows read as `inconclusive`, never as certified. */
export const constraintEvaluationSchema = z.preprocess(
  (raw) =>
    typeof raw === 'object' && raw !== null && !('verdict' in raw)
      ? {
          se: null,
          lower: null,
          upper: null,
          verdict: 'inconclusive',
          reason: 'recorded before uncertainty was measured',
          minCertifiableTolerance: null,
          ...raw,
        }
      : raw,
  currentConstraintEvaluationSchema,
);
export type ConstraintEvaluation = z.infer<typeof currentConstraintEvaluationSchema>;

export const splitEvaluationSchema = z.object({
  n: z.number().int(),
  loss: z.number(),
  auc: z.number().nullable(),
  accuracy: z.number(),
  /** The paper's summary metrics (docs/science/problem.md#metrics), generalised to the max over group pairs. */
  summary: z.object({
    aucMean: z.number().nullable(),
    independence: z.number().nullable(),
    separation: z.number().nullable(),
    inaccuracy: z.number(),
    sufficiency: z.number().nullable(),
    wasserstein: z.number().nullable(),
    lossGap: z.number().nullable(),
  }),
  groups: z.record(z.string(), groupEvaluationSchema),
  constraints: z.array(constraintEvaluationSchema),
  maxViolation: z.number(),
});
export type SplitEvaluation = z.infer<typeof splitEvaluationSchema>;

export const historyPointSchema = z.object({
  iteration: z.number().int(),
  seconds: z.number(),
  samples: z.number(),
  /** Minibatch (stochastic) objective estimate. */
  loss: z.number(),
  /** Stochastic constraint estimates c_i(x) (value − tolerance ≤ 0 means satisfied), one per constraint row. */
  constraints: z.array(z.number()),
  multipliers: z.array(z.number()),
});
export type HistoryPoint = z.infer<typeof historyPointSchema>;

export const evaluationPointSchema = z.object({
  iteration: z.number().int(),
  seconds: z.number(),
  split: z.enum(['train', 'validation', 'test']),
  loss: z.number(),
  auc: z.number().nullable(),
  accuracy: z.number(),
  constraintValues: z.array(z.number().nullable()),
  maxViolation: z.number(),
  /** Verdict per constraint measure on this split (docs/verdicts.md); absent in histories written before verdicts. */
  verdicts: z.array(constraintVerdictSchema).optional(),
  /** Degenerate-model warning codes of this iterate on this split (e.g. `single-class-predictions`). */
  warnings: z.array(z.string()).optional(),
});
export type EvaluationPoint = z.infer<typeof evaluationPointSchema>;

export const runStatusSchema = z.enum(['completed', 'cancelled', 'diverged', 'failed']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/**
 * Which iterate became a run's model. `last`: the final iterate. `best-objective`: the lowest objective on the
 * selection split (unconstrained solvers). `best-not-violated`: the lowest objective among iterates whose constraint
 * verdicts on the selection split are not `violated`, non-degenerate iterates first (constrained solvers).
 * `best-feasible` is the version-1 rule (point-estimate feasibility, applied to every solver), kept for old files.
 * `min-duality-gap`: the exponentiated-gradient baseline's mixture with the smallest duality gap (Agarwal et al. 2018).
 */
export const SELECTION_RULES = [
  'last',
  'best-objective',
  'best-not-violated',
  'best-feasible',
  'min-duality-gap',
] as const;
export type SelectionRule = (typeof SELECTION_RULES)[number];

/** A property of a run's model the reader must see next to its numbers (e.g. `single-class-predictions`). */
export const runWarningSchema = z.object({ code: z.string().min(1), message: z.string() });
export type RunWarning = z.infer<typeof runWarningSchema>;

export const runResultSchema = z.object({
  id: z.string(),
  solver: z.enum(SOLVER_NAMES),
  params: z.record(z.string(), z.number()),
  seed: z.number().int(),
  status: runStatusSchema,
  message: z.string().optional(),
  iterations: z.number().int(),
  samples: z.number(),
  seconds: z.number(),
  /** Wall-clock seconds spent in full-split evaluations during training (not in `seconds`); absent before version 2. */
  evaluationSeconds: z.number().optional(),
  /** The iteration whose weights became the model, and the rule that chose it. */
  selectedIteration: z.number().int(),
  selectionRule: z.enum(SELECTION_RULES),
  /** The split the rule judged iterates on. */
  selectionSplit: z.enum(['train', 'validation']),
  /** Decision threshold every thresholded metric, constraint verdict and the audit use: positive when p ≥ threshold. */
  threshold: z.number(),
  /** How `threshold` was set (the config's thresholdRule). */
  thresholdRule: z.enum(THRESHOLD_RULES),
  warnings: z.array(runWarningSchema),
  train: splitEvaluationSchema,
  validation: splitEvaluationSchema.nullable(),
  test: splitEvaluationSchema,
  /** Relative path of the saved tfjs model directory. */
  model: z.string(),
  /** Relative path of the history file (JSON lines of HistoryPoint and EvaluationPoint). */
  history: z.string(),
});
export type RunResult = z.infer<typeof runResultSchema>;

const currentResultsSchema = z.object({
  version: z.literal(2),
  createdAt: z.string(),
  app: z.object({ name: z.literal('fairbound'), version: z.string() }),
  backend: z.enum(BACKENDS).exclude(['auto']),
  device: z.string(),
  /** Why faster backends were not used, for the record and the audit. */
  backendNotes: z.array(z.string()),
  config: z.unknown(),
  configSha256: z.string(),
  dataset: z.object({ path: z.string(), sha256: z.string(), rows: z.number().int() }),
  featureNames: z.array(z.string()),
  groupNames: z.array(z.string()),
  constraintNames: z.array(z.string()),
  runs: z.array(runResultSchema),
});
export type Results = z.infer<typeof currentResultsSchema>;

/**
 * results.json of any version, migrated to the current one on read. Version 1 recorded `selected: {rule, iteration,
 * feasible}` and thresholded at the config's fixed `threshold`; it had no warnings.
 */
export const resultsSchema = z.preprocess(migrateResults, currentResultsSchema);

function migrateResults(raw: unknown): unknown {
  if (!isRecord(raw) || raw.version !== 1 || !Array.isArray(raw.runs)) return raw;
  const config = isRecord(raw.config) ? raw.config : {};
  const threshold = typeof config.threshold === 'number' ? config.threshold : 0.5;
  const selectionSplit = raw.runs.some((r) => isRecord(r) && r.validation !== null && r.validation !== undefined)
    ? 'validation'
    : 'train';
  const runs = raw.runs.map((run) => {
    if (!isRecord(run) || !isRecord(run.selected)) return run;
    const { selected, ...rest } = run;
    return {
      ...rest,
      selectedIteration: selected.iteration,
      selectionRule: selected.rule,
      selectionSplit,
      threshold,
      thresholdRule: 'fixed',
      warnings: [],
    };
  });
  return { ...raw, version: 2, runs };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
