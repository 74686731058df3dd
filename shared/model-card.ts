import { z } from 'zod';
import { estimateSchema, verdictSchema } from './audit.js';

/**
 * The model card written beside an exported model (`fairbound export`, the app's Export action) and printed in the
 * audit PDF: what the model is for, what it was trained on, and how it measured up — every figure taken from the
 * audit (bootstrap intervals, constraint verdicts on the test split), so the card and the PDF never disagree.
 * Fields a person fills in (intended use) are null until given.
 */
export const MODEL_CARD_FORMAT = 'fairbound-model-card';

const cardMetricsSchema = z.object({
  accuracy: estimateSchema,
  auc: estimateSchema,
  loss: estimateSchema,
  positiveRate: estimateSchema,
  tpr: estimateSchema,
  fpr: estimateSchema,
});
export type CardMetrics = z.infer<typeof cardMetricsSchema>;
export const CARD_METRIC_KEYS = [
  'accuracy',
  'auc',
  'loss',
  'positiveRate',
  'tpr',
  'fpr',
] as const satisfies readonly (keyof CardMetrics)[];

export const modelCardSchema = z.object({
  format: z.literal(MODEL_CARD_FORMAT),
  version: z.literal(1),
  generatedAt: z.string(),
  model: z.object({
    name: z.string(),
    run: z.string(),
    solver: z.string(),
    params: z.record(z.string(), z.number()),
    seed: z.number(),
    hidden: z.array(z.number()),
    featureNames: z.array(z.string()),
    /** Decision rule: positive when the predicted probability is at least this. */
    threshold: z.number(),
    /** SHA-256 over the saved model files (as in the audit's provenance). */
    modelSha256: z.string(),
  }),
  intendedUse: z.object({
    decision: z.string().nullable(),
    affected: z.string().nullable(),
    outOfScope: z.string().nullable(),
    intervention: z.string().nullable(),
    rationale: z.string().nullable(),
  }),
  protectedAttributes: z.object({
    names: z.array(z.string()),
    /** Protected columns the model reads as inputs (then it needs them at prediction time). */
    usedAsInputs: z.array(z.string()),
  }),
  data: z.object({
    file: z.string(),
    sha256: z.string(),
    label: z.string(),
    rowsRead: z.number(),
    rowsUsed: z.number(),
    split: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
  }),
  groups: z.array(z.object({ name: z.string(), trainCount: z.number(), small: z.boolean() })),
  constraints: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      tolerance: z.number(),
      /** On the test split: value, two-sided interval, one-sided upper bound and the audit's verdict. */
      test: z.object({
        value: z.number().nullable(),
        lo: z.number().nullable(),
        hi: z.number().nullable(),
        upper: z.number().nullable(),
        verdict: verdictSchema,
      }),
    }),
  ),
  /** Every constraint satisfied on test with the stated confidence (null without constraints). */
  allSatisfied: z.boolean().nullable(),
  metrics: z.object({
    split: z.literal('test'),
    confidence: z.number(),
    resamples: z.number(),
    overall: cardMetricsSchema,
    groups: z.array(z.object({ name: z.string(), n: z.number(), metrics: cardMetricsSchema })),
  }),
  /** What a reader must know before relying on the figures above (e.g. a model that predicts one class). */
  warnings: z.array(z.string()),
});
export type ModelCard = z.infer<typeof modelCardSchema>;
