import { z } from 'zod';
import { certifiabilitySchema } from '../../certifiability.js';
import { trainingProgressSchema } from '../../config/progress.js';
import { evaluationPointSchema, historyPointSchema, runWarningSchema } from '../../config/results.js';
import { taskConfigSchema } from '../../config/task-config.js';
import { BACKENDS, CONSTRAINT_KINDS, CONSTRAINT_TOPOLOGIES, SOLVER_NAMES } from '../../fairness.js';
import { jobRecordSchema } from '../../project.js';
import { CONSTRAINT_VERDICTS, constraintVerdictSchema, type ConstraintVerdict } from '../../verdicts.js';
import { channel } from '../define.js';
import { projectIdSchema } from './projects.js';

/**
 * The train-settings part of a project's task draft: the TaskConfig fields the Train tab owns, with the same
 * names and rules (picked from taskConfigSchema, so the two can never drift apart).
 */
export const trainSettingsSchema = taskConfigSchema.pick({
  constraints: true,
  model: true,
  solver: true,
  budget: true,
  runs: true,
  seed: true,
  backend: true,
  selection: true,
});
export type TrainSettings = z.output<typeof trainSettingsSchema>;

/** A sweep expands the saved settings into the cross product of these variations, one queued job each. */
export const sweepSpecSchema = z.strictObject({
  solvers: z.array(z.enum(SOLVER_NAMES)).min(1).max(16).optional(),
  /** Tolerances applied to every constraint of the settings (one job per value). */
  tolerances: z.array(z.number().min(0).max(10)).min(1).max(32).optional(),
});
export type SweepSpec = z.infer<typeof sweepSpecSchema>;

const projectRef = z.strictObject({ projectId: projectIdSchema });
const jobIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'not a valid job id');
const jobRef = z.strictObject({ projectId: projectIdSchema, jobId: jobIdSchema });

const verdictCountsSchema = z.object(
  Object.fromEntries(CONSTRAINT_VERDICTS.map((v) => [v, z.number().int()])) as Record<ConstraintVerdict, z.ZodNumber>,
);

/** Figures of one split of one run, as the comparison table shows them. */
const currentSplitFiguresSchema = z.object({
  loss: z.number(),
  auc: z.number().nullable(),
  accuracy: z.number(),
  maxViolation: z.number(),
  constraintCount: z.number().int(),
  /** Constraints whose verdict is `satisfied` (95 % upper bound below the tolerance), not the point estimate. */
  satisfiedCount: z.number().int(),
  /** Every constraint's verdict, counted (docs/verdicts.md). */
  verdicts: verdictCountsSchema,
  /** All constraints when few; otherwise the worst ones (largest value − tolerance). */
  constraints: z.array(
    z.object({
      name: z.string(),
      value: z.number().nullable(),
      tolerance: z.number(),
      satisfied: z.boolean().nullable(),
      upper: z.number().nullable(),
      verdict: constraintVerdictSchema,
      reason: z.string().optional(),
    }),
  ),
});

/** Summaries saved before verdicts existed: nothing about them was certified, so every constraint reads inconclusive. */
export const splitFiguresSchema = z.preprocess((raw) => {
  if (typeof raw !== 'object' || raw === null || 'verdicts' in raw) return raw;
  const old = raw as { constraintCount?: number; constraints?: unknown[] };
  const reason = 'recorded before uncertainty was measured';
  return {
    ...old,
    satisfiedCount: 0,
    verdicts: { satisfied: 0, violated: 0, inconclusive: old.constraintCount ?? 0, trivial: 0 },
    constraints: (old.constraints ?? []).map((c) => ({
      upper: null,
      verdict: 'inconclusive',
      reason,
      ...(c as object),
    })),
  };
}, currentSplitFiguresSchema);
export type SplitFigures = z.infer<typeof currentSplitFiguresSchema>;

export const runFiguresSchema = z.object({
  index: z.number().int(),
  id: z.string(),
  solver: z.enum(SOLVER_NAMES),
  seed: z.number().int(),
  status: z.enum(['completed', 'cancelled', 'diverged', 'failed']),
  message: z.string().optional(),
  seconds: z.number(),
  iterations: z.number().int(),
  /** The iterate that became the model (absent in summaries saved before it was recorded). */
  selectedIteration: z.number().int().optional(),
  /** Degenerate-model warnings (e.g. `single-class-predictions`). */
  warnings: z.array(runWarningSchema).default([]),
  train: splitFiguresSchema,
  test: splitFiguresSchema,
});
export type RunFigures = z.infer<typeof runFiguresSchema>;

const spreadSchema = z.object({ median: z.number(), min: z.number(), max: z.number() });
export type Spread = z.infer<typeof spreadSchema>;

/** JobRecord.summary of a finished job (project.json keeps it as unknown; this is its shape). */
export const jobSummarySchema = z.object({
  backend: z.string(),
  device: z.string(),
  groupNames: z.array(z.string()),
  constraintNames: z.array(z.string()),
  runs: z.array(runFiguresSchema),
  /** Median and range over the job's runs (test split), of the runs that produced a model. */
  aggregate: z
    .object({
      loss: spreadSchema,
      auc: spreadSchema.nullable(),
      accuracy: spreadSchema,
      maxViolation: spreadSchema,
      seconds: spreadSchema,
      iterations: spreadSchema,
    })
    .nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const liveStateSchema = z.object({
  phase: trainingProgressSchema.shape.phase,
  runIndex: z.number().int(),
  runs: z.number().int(),
  fraction: z.number(),
  etaSeconds: z.number().nullable(),
  iterationsPerSecond: z.number(),
  backend: z.string().optional(),
  seq: z.number().int(),
  /**
   * The job's constraint names, as results.json will name them and index-aligned with each point's constraints and
   * multipliers; known once the task is prepared (empty before), so live charts are labelled from the first point.
   */
  constraintNames: z.array(z.string()),
  /** The newest solver note of the running job (e.g. Ghost's count of failed subproblems); kept until replaced. */
  message: z.string().optional(),
});
export type LiveState = z.infer<typeof liveStateSchema>;

/** A job as the Train tab lists it: the persisted record, its parsed summary, and live state while it runs. */
export const jobViewSchema = jobRecordSchema.extend({
  summary: jobSummarySchema.nullable(),
  live: liveStateSchema.nullable(),
});
export type JobView = z.infer<typeof jobViewSchema>;

/** Current gap of one constraint kind/topology for a reference model (or the labels), on the test split. */
export const gapEstimateSchema = z.object({
  kind: z.enum(CONSTRAINT_KINDS),
  topology: z.enum(CONSTRAINT_TOPOLOGIES),
  value: z.number().nullable(),
});
export type GapEstimate = z.infer<typeof gapEstimateSchema>;

/** Gaps of the latest finished unconstrained job (its first completed run), for "how far are we now". */
export const referenceGapsSchema = z.object({
  jobId: z.string(),
  label: z.string(),
  gaps: z.array(gapEstimateSchema),
});
export type ReferenceGaps = z.infer<typeof referenceGapsSchema>;

export const backendStatusSchema = z.object({
  name: z.enum(BACKENDS).exclude(['auto']),
  available: z.boolean(),
  /** Device name when available (e.g. the GPU adapter), reason when not. */
  detail: z.string(),
});
export type BackendStatus = z.infer<typeof backendStatusSchema>;

const historyRunSchema = z.object({
  runIndex: z.number().int(),
  points: z.array(historyPointSchema),
  evaluations: z.array(evaluationPointSchema),
});
export type HistoryRun = z.infer<typeof historyRunSchema>;

/** Channels of the training domain ("training:verb"). */
export const trainingChannels = {
  /** What the Train tab needs to draw the setup: saved settings (defaults filled in), readiness, a reference gap. */
  'training:setup': channel(
    projectRef,
    z.object({
      settings: trainSettingsSchema,
      /** Problems with the Data tab's part of the draft (data, label, split, groups), each naming its field. */
      dataIssues: z.array(z.string()),
      reference: referenceGapsSchema.nullable(),
      modelRun: z.string().nullable(),
    }),
  ),
  /**
   * What the test split can certify for these (unsaved) settings' constraints, before training: the smallest
   * tolerance per constraint (shown next to the tolerance field). Prepares the data, so call it when constraints change.
   */
  'training:certifiability': channel(
    z.strictObject({ projectId: projectIdSchema, settings: trainSettingsSchema }),
    certifiabilitySchema,
  ),
  'training:save-settings': channel(
    z.strictObject({ projectId: projectIdSchema, settings: trainSettingsSchema }),
    z.object({ settings: trainSettingsSchema }),
  ),
  'training:backends': channel(
    z.strictObject({}),
    z.object({ backends: z.array(backendStatusSchema), auto: z.string(), notes: z.array(z.string()) }),
  ),
  /** Queues one job from the saved settings, or one per sweep variation; returns at once. */
  'training:start': channel(
    z.strictObject({ projectId: projectIdSchema, sweep: sweepSpecSchema.optional() }),
    z.object({ jobIds: z.array(z.string()) }),
  ),
  'training:cancel': channel(jobRef, z.object({})),
  'training:pause': channel(jobRef, z.object({})),
  'training:resume': channel(jobRef, z.object({})),
  'training:list': channel(projectRef, z.object({ jobs: z.array(jobViewSchema) })),
  /** Stored (or, while running, accumulated) history, decimated to at most maxPoints per run and series. */
  'training:history': channel(
    z.strictObject({
      projectId: projectIdSchema,
      jobId: jobIdSchema,
      maxPoints: z.number().int().min(10).max(20_000).default(1000),
    }),
    z.object({ runs: z.array(historyRunSchema), seq: z.number().int() }),
  ),
  /** run: "<jobId>/<runIndex>", or null to clear. */
  'training:set-model': channel(
    z.strictObject({
      projectId: projectIdSchema,
      run: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}\/\d+$/, 'run must look like "<jobId>/<runIndex>"')
        .nullable(),
    }),
    z.object({ modelRun: z.string().nullable() }),
  ),
};

export const trainingProgressEventSchema = trainingProgressSchema.extend({
  projectId: z.string(),
  jobId: z.string(),
  seq: z.number().int(),
  /** On a job's first event only (LiveState.constraintNames carries them for a renderer that joins later). */
  constraintNames: liveStateSchema.shape.constraintNames.optional(),
});
export type TrainingProgressEvent = z.infer<typeof trainingProgressEventSchema>;

/** Events of the training domain pushed from main to the renderer. */
export const trainingEvents = {
  /** Batched progress of a running job (at most 20 per second per job). */
  'training:progress': trainingProgressEventSchema,
  /** A job changed status (queued, running, paused, finished); carries the record as project.json now holds it. */
  'training:job': z.object({ projectId: z.string(), job: jobViewSchema }),
};
