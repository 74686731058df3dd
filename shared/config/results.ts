import { z } from 'zod';
import { BACKENDS, SOLVER_NAMES } from '../fairness.js';

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

export const constraintEvaluationSchema = z.object({
  name: z.string(),
  kind: z.string(),
  /** Measured quantity on that split (e.g. |L_a − L_b|). */
  value: z.number().nullable(),
  tolerance: z.number(),
  /** value <= tolerance; null when undefined on this split (e.g. a group has no positives). */
  satisfied: z.boolean().nullable(),
});
export type ConstraintEvaluation = z.infer<typeof constraintEvaluationSchema>;

export const splitEvaluationSchema = z.object({
  n: z.number().int(),
  loss: z.number(),
  auc: z.number().nullable(),
  accuracy: z.number(),
  /** The summary metrics of arXiv 2507.04033 (docs/results.md), generalised to the max over group pairs. */
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
});
export type EvaluationPoint = z.infer<typeof evaluationPointSchema>;

export const runStatusSchema = z.enum(['completed', 'cancelled', 'diverged', 'failed']);
export type RunStatus = z.infer<typeof runStatusSchema>;

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
  /** Which iterate became the model and why. */
  selected: z.object({ rule: z.enum(['best-feasible', 'last']), iteration: z.number().int(), feasible: z.boolean() }),
  train: splitEvaluationSchema,
  validation: splitEvaluationSchema.nullable(),
  test: splitEvaluationSchema,
  /** Relative path of the saved tfjs model directory. */
  model: z.string(),
  /** Relative path of the history file (JSON lines of HistoryPoint and EvaluationPoint). */
  history: z.string(),
});
export type RunResult = z.infer<typeof runResultSchema>;

export const resultsSchema = z.object({
  version: z.literal(1),
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
export type Results = z.infer<typeof resultsSchema>;
