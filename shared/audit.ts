import { z } from 'zod';
import { runWarningSchema } from './config/results.js';
import { CONSTRAINT_KINDS, CONSTRAINT_TOPOLOGIES } from './fairness.js';
import { constraintVerdictSchema, type ConstraintVerdict } from './verdicts.js';

/**
 * AuditResult: the data behind the audit tab, the PDF and the JSON/CSV exports (one source for all three).
 * Rates are in [0, 1]; null means undefined, with the reason in `reason` ("0 positives"), never 0.
 */

export const estimateSchema = z.object({
  value: z.number().nullable(),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
  /** Why the value is undefined, e.g. "0 positives". */
  reason: z.string().optional(),
});
export type Estimate = z.infer<typeof estimateSchema>;

/** The metrics that are rates, bounded in [0, 1] (ratios between groups make sense for these). */
export const RATE_METRIC_KEYS = ['baseRate', 'positiveRate', 'tpr', 'fpr', 'fnr', 'ppv', 'npv', 'accuracy'] as const;
/** Every per-group metric of the audit, in a fixed order (the main process indexes its metric matrices by it). */
export const AUDIT_METRIC_KEYS = [...RATE_METRIC_KEYS, 'loss', 'auc', 'calibrationError'] as const;
export type AuditMetricKey = (typeof AUDIT_METRIC_KEYS)[number];

export const METRIC_LABELS: Record<AuditMetricKey, { short: string; long: string; formula: string }> = {
  baseRate: { short: 'Base rate', long: 'Share of actual positives', formula: 'P / N' },
  positiveRate: {
    short: 'Selection rate',
    long: 'Share predicted positive (selection rate)',
    formula: '(TP + FP) / N',
  },
  tpr: { short: 'TPR', long: 'True-positive rate (recall)', formula: 'TP / P' },
  fpr: { short: 'FPR', long: 'False-positive rate', formula: 'FP / (N − P)' },
  fnr: { short: 'FNR', long: 'False-negative rate', formula: 'FN / P' },
  ppv: { short: 'PPV', long: 'Positive predictive value (precision)', formula: 'TP / (TP + FP)' },
  npv: { short: 'NPV', long: 'Negative predictive value', formula: 'TN / (TN + FN)' },
  accuracy: { short: 'Accuracy', long: 'Share classified correctly', formula: '(TP + TN) / N' },
  loss: { short: 'Loss', long: 'Mean binary cross-entropy', formula: '−mean(y log p + (1 − y) log(1 − p))' },
  auc: { short: 'AUC', long: 'Area under the ROC curve', formula: 'P(p_pos > p_neg) + ½ P(tie)' },
  calibrationError: {
    short: 'ECE',
    long: 'Expected calibration error (10 equal-width bins)',
    formula: 'Σ_b (n_b / N) · |mean p_b − mean y_b|',
  },
};

const metricsRecord = z.object(
  Object.fromEntries(AUDIT_METRIC_KEYS.map((k) => [k, estimateSchema])) as Record<
    AuditMetricKey,
    typeof estimateSchema
  >,
);

const disparitySchema = z.object({ diff: estimateSchema, ratio: estimateSchema.nullable() });
export type Disparity = z.infer<typeof disparitySchema>;

const disparityRecord = z.object(
  Object.fromEntries(AUDIT_METRIC_KEYS.map((k) => [k, disparitySchema])) as Record<
    AuditMetricKey,
    typeof disparitySchema
  >,
);

export const groupRowSchema = z.object({
  name: z.string(),
  parts: z.array(z.string()),
  n: z.number(),
  /** Share of the split's rows. */
  share: z.number(),
  positives: z.number(),
  predictedPositives: z.number(),
  /** Fewer rows than the minimum size on this split: estimates are unreliable (shown, flagged). */
  small: z.boolean(),
  /** A missing/unknown protected value. */
  unknown: z.boolean(),
  metrics: metricsRecord,
  /** group − reference (diff) and group ÷ reference (ratio, rates only). */
  vsReference: disparityRecord,
  /** group − whole split and group ÷ whole split. */
  vsOverall: disparityRecord,
  /** Selection rate of the group ÷ the highest selection rate among eligible groups (LL144 impact ratio). */
  impactRatio: estimateSchema,
  /** Four-fifths rule on impactRatio: fail below 0.8; `trivial` instead of pass for a degenerate model (docs/verdicts.md). */
  fourFifths: z.enum(['pass', 'fail', 'n/a', 'trivial']),
});
export type GroupRow = z.infer<typeof groupRowSchema>;

export const groupTableSchema = z.object({
  /** "attribute" tables are marginal (one protected attribute); "intersection" is every attribute combined. */
  kind: z.enum(['attribute', 'intersection']),
  title: z.string(),
  attributes: z.array(z.string()),
  reference: z.string(),
  /** The group with the highest selection rate (denominator of the impact ratio). */
  highestSelection: z.string().nullable(),
  rows: z.array(groupRowSchema),
});
export type GroupTable = z.infer<typeof groupTableSchema>;

export const SUMMARY_GAP_KEYS = [
  'independence',
  'separation',
  'sufficiency',
  'lossGap',
  'aucMean',
  'inaccuracy',
] as const;
export type SummaryGapKey = (typeof SUMMARY_GAP_KEYS)[number];

export const splitAuditSchema = z.object({
  split: z.enum(['train', 'validation', 'test']),
  n: z.number(),
  overall: metricsRecord,
  /** The paper's summary gaps (docs/science/problem.md#metrics), generalised to the max over pairs of the training groups. */
  summary: z.object(
    Object.fromEntries(SUMMARY_GAP_KEYS.map((k) => [k, estimateSchema])) as Record<
      SummaryGapKey,
      typeof estimateSchema
    >,
  ),
  tables: z.array(groupTableSchema),
});
export type SplitAudit = z.infer<typeof splitAuditSchema>;

/** The verdicts of results.json and every other surface (shared/verdicts.ts, docs/verdicts.md). */
export const verdictSchema = constraintVerdictSchema;
export type Verdict = ConstraintVerdict;

export const certificateRowSchema = z.object({
  name: z.string(),
  kind: z.enum(CONSTRAINT_KINDS),
  topology: z.enum(CONSTRAINT_TOPOLOGIES),
  tolerance: z.number(),
  /** The measured quantity in words and symbols, e.g. "max over pairs |L_a − L_b|". */
  formula: z.string(),
  groups: z.array(z.string()),
  /**
   * Per split: value and two-sided bootstrap interval of the max over pairs; `upper` is the largest simultaneous
   * one-sided 95 % upper bound over the constraint's pairs (Wilson/Newcombe or delta method, Holm), behind `verdict`.
   */
  splits: z.array(
    z.object({
      split: z.enum(['train', 'validation', 'test']),
      value: z.number().nullable(),
      lo: z.number().nullable(),
      hi: z.number().nullable(),
      upper: z.number().nullable(),
      margin: z.number().nullable(),
      verdict: verdictSchema,
      /** Why the verdict is trivial or inconclusive without an estimate. */
      reason: z.string().optional(),
    }),
  ),
  /** Groups (or pair) attaining the worst value on test. */
  worst: z.string().nullable(),
});
export type CertificateRow = z.infer<typeof certificateRowSchema>;

/**
 * One LL144 table (6 RCNY §5-301) with both variants side by side: the selection rate (binary output: p ≥ threshold)
 * and the scoring rate (score output: share of a category scoring strictly above the median score of the whole
 * audited split). Each impact ratio divides by the highest rate of the same variant among included categories.
 */
export const ll144TableSchema = z.object({
  title: z.string(),
  attributes: z.array(z.string()),
  /** Median probability over every row of the audited split (unknown categories included); null for an empty split. */
  medianScore: z.number().nullable(),
  rows: z.array(
    z.object({
      category: z.string(),
      n: z.number(),
      share: z.number(),
      selectionRate: z.number().nullable(),
      impactRatio: z.number().nullable(),
      /** Rows of the category whose score is strictly above medianScore (a score equal to it does not count). */
      aboveMedian: z.number(),
      scoringRate: z.number().nullable(),
      scoringImpactRatio: z.number().nullable(),
      /** 'included' | 'excluded (<2 %)' | 'unknown' */
      status: z.enum(['included', 'excluded-small', 'unknown']),
    }),
  ),
  unknownCount: z.number(),
});
export type Ll144Table = z.infer<typeof ll144TableSchema>;
export type Ll144Status = Ll144Table['rows'][number]['status'];

/** Why a category has no LL144 impact ratio, as the report and the audit tab print it after "n/a". */
export const LL144_NO_RATIO_REASON: Record<Ll144Status, string | null> = {
  included: null,
  'excluded-small': 'excluded, < 2 %',
  unknown: 'unknown category',
};

export const thresholdPointSchema = z.object({
  threshold: z.number(),
  accuracy: z.number().nullable(),
  positiveRate: z.number().nullable(),
  /** Lowest impact ratio per marginal / intersection table (by title). */
  minImpactRatio: z.record(z.string(), z.number().nullable()),
});

export const runInfoSchema = z.object({
  ref: z.string(),
  label: z.string(),
  solver: z.string(),
  params: z.record(z.string(), z.number()),
  seed: z.number(),
  status: z.string(),
  iterations: z.number(),
  seconds: z.number(),
  /** The iterate that became the model: `selectedIteration` of `iterations`, chosen by `selectionRule` on `selectionSplit`. */
  selectedIteration: z.number(),
  selectionRule: z.string(),
  selectionSplit: z.string(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

export const baselineSummarySchema = z.object({
  run: runInfoSchema,
  test: z.object({ overall: metricsRecord, summary: splitAuditSchema.shape.summary }),
  certificate: z.array(certificateRowSchema),
});

export const auditResultSchema = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  threshold: z.number(),
  bootstrap: z.object({ resamples: z.number(), seed: z.number(), confidence: z.number() }),
  minSize: z.number(),
  attributes: z.array(z.object({ name: z.string(), column: z.string() })),
  run: runInfoSchema,
  splits: z.object({ train: splitAuditSchema, validation: splitAuditSchema.nullable(), test: splitAuditSchema }),
  certificate: z.array(certificateRowSchema),
  /** Every constraint `satisfied` on test and the model not degenerate (null when there are no constraints). */
  allSatisfied: z.boolean().nullable(),
  /** Degenerate-model warnings at the audit's threshold on the test split (e.g. `single-class-predictions`). */
  warnings: z.array(runWarningSchema),
  ll144: z.array(ll144TableSchema),
  thresholdSweep: z.array(thresholdPointSchema),
  baseline: baselineSummarySchema.nullable(),
});
export type AuditResult = z.infer<typeof auditResultSchema>;
