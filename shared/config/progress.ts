import { z } from 'zod';
import { evaluationPointSchema, historyPointSchema } from './results.js';

/** One throttled progress update of a training job (≥ 4/s while training, ≤ 20/s). */
export const trainingProgressSchema = z.object({
  runIndex: z.number().int(),
  runs: z.number().int(),
  phase: z.enum(['preparing', 'training', 'evaluating', 'saving', 'paused']),
  /** Stochastic estimates since the last update (already thinned), for live charts. */
  points: z.array(historyPointSchema),
  /** Full-data evaluations finished since the last update. */
  evaluations: z.array(evaluationPointSchema),
  iterationsPerSecond: z.number(),
  /** Seconds left in this job (all runs), when the budget allows an estimate. */
  etaSeconds: z.number().nullable(),
  /** Fraction of the whole job done, 0..1. */
  fraction: z.number().min(0).max(1),
  backend: z.string().optional(),
  message: z.string().optional(),
});
export type TrainingProgress = z.infer<typeof trainingProgressSchema>;
