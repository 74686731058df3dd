import { z } from 'zod';

/** project.json: one per project folder, versioned. Migrations live in main/core/projects/migrations.ts. */
export const PROJECT_SCHEMA_VERSION = 2;

export const datasetRefSchema = z.object({
  /** File name as the user gave it. */
  sourceName: z.string(),
  /** Absolute path of the original (may disappear; the cache keeps working). */
  sourcePath: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  format: z.enum(['csv', 'tsv', 'parquet']),
  /** Cache file relative to the project folder (a DuckDB/Parquet table keyed by sha256). */
  cacheFile: z.string(),
  rows: z.number().int(),
  columns: z.number().int(),
  importedAt: z.string(),
});
export type DatasetRef = z.infer<typeof datasetRefSchema>;

/** One training job: a task config trained with one or more seeds (each seeded run is a RunResult in results.json). */
export const jobRecordSchema = z.object({
  /** Job id; the job's folder is runs/<id>/ with results.json inside. */
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  status: z.enum(['queued', 'running', 'paused', 'completed', 'cancelled', 'diverged', 'failed']),
  message: z.string().optional(),
  /** The task config the job ran with (validated by taskConfigSchema when the job started). */
  config: z.unknown(),
  /** Short figures for the list and comparison table; null until finished. */
  summary: z.record(z.string(), z.unknown()).nullable(),
  /** Names of the constraint rows, recorded once the job is prepared, so a job that never finishes keeps them. */
  constraintNames: z.array(z.string()).optional(),
});
export type JobRecord = z.infer<typeof jobRecordSchema>;

/**
 * Auditor and intended-use fields of the project's audit reports, as the user typed them in the Audit tab; anything
 * left out prints as a placeholder to fill. Not strict here: a field a newer version adds must not make the
 * project unreadable (the IPC request is strict).
 */
export const reportContextSchema = z.object({
  systemName: z.string().max(200).optional(),
  systemVersion: z.string().max(100).optional(),
  author: z.string().max(200).optional(),
  authorRole: z.string().max(200).optional(),
  independence: z.string().max(2000).optional(),
  decision: z.string().max(2000).optional(),
  affected: z.string().max(2000).optional(),
  outOfScope: z.string().max(2000).optional(),
  intervention: z.string().max(2000).optional(),
  rationale: z.string().max(4000).optional(),
  distributionDate: z.string().max(100).optional(),
});
export type ReportContextFields = z.infer<typeof reportContextSchema>;

export const projectSchema = z.object({
  schemaVersion: z.literal(PROJECT_SCHEMA_VERSION),
  id: z.string(),
  name: z.string().min(1).max(200),
  createdAt: z.string(),
  modifiedAt: z.string(),
  dataset: datasetRefSchema.nullable(),
  /** Task being edited in the app: a TaskConfig draft (data.path filled from the dataset); validated when a job starts. */
  task: z.record(z.string(), z.unknown()).nullable(),
  jobs: z.array(jobRecordSchema),
  /** The run chosen as the project's model: "<jobId>/<runIndex>". */
  modelRun: z.string().nullable(),
  /** Report details saved from the Audit tab (absent until first saved; older project files have none). */
  reportContext: reportContextSchema.optional(),
  /** Decision threshold last used in the Audit tab (absent: the task's threshold). */
  auditThreshold: z.number().gt(0).lt(1).optional(),
});
export type Project = z.infer<typeof projectSchema>;

/** What the home screen lists: a readable project, or a damaged one with its error. */
export const projectSummarySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    id: z.string(),
    name: z.string(),
    datasetName: z.string().nullable(),
    modifiedAt: z.string(),
    lastJobStatus: z.string().nullable(),
  }),
  z.object({ status: z.literal('damaged'), id: z.string(), name: z.string().nullable(), error: z.string() }),
]);
export type ProjectSummary = z.infer<typeof projectSummarySchema>;
