import { z } from 'zod';
import { auditResultSchema } from '../../audit.js';
import { SOLVER_NAMES } from '../../fairness.js';
import { reportContextSchema } from '../../project.js';
import { channel } from '../define.js';
import { projectIdSchema } from './projects.js';

/** "<jobId>/<runIndex>": one run of one training job of the project (runs/<jobId>/results.json, runs[runIndex]). */
export const runRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}\/\d{1,4}$/, 'not a run reference ("<jobId>/<runIndex>")');

export const auditableRunSchema = z.object({
  ref: runRefSchema,
  jobId: z.string(),
  runIndex: z.number().int(),
  label: z.string(),
  solver: z.enum(SOLVER_NAMES),
  seed: z.number().int(),
  /** Trained with at least one fairness constraint (else a candidate baseline). */
  constrained: z.boolean(),
  createdAt: z.string(),
  testAccuracy: z.number().nullable(),
  testMaxViolation: z.number().nullable(),
});
export type AuditableRun = z.infer<typeof auditableRunSchema>;

/** One exported report of the project (reports/<name>.pdf, with .json and .csv beside it). */
export const reportFileSchema = z.object({
  name: z.string(),
  bytes: z.number().int(),
  createdAt: z.string(),
  /** The audited run's name, from the report's JSON record (null when unreadable). */
  run: z.string().nullable(),
});
export type ReportFile = z.infer<typeof reportFileSchema>;

/** What an audit request does: compute the audit for the tab, or export it as a PDF. */
export const auditTaskSchema = z.enum(['compute', 'export']);
export type AuditTask = z.infer<typeof auditTaskSchema>;

const reportRef = z.strictObject({ projectId: projectIdSchema, name: z.string().min(1).max(260) });

/** Auditor and intended-use fields printed in the report (the fields project.json keeps, nothing else). */
const reportContextRequestSchema = z.strictObject(reportContextSchema.shape);

const auditRequest = z.strictObject({
  projectId: projectIdSchema,
  runRef: runRefSchema,
  baselineRef: runRefSchema.optional(),
  threshold: z.number().gt(0).lt(1).optional(),
  /** Reference group per table title (e.g. {"Race": "White"}); default the largest known group. */
  references: z.record(z.string().max(500), z.string().max(500)).optional(),
  /** Bootstrap resamples (0 = point estimates only); default 1000. */
  resamples: z.number().int().min(0).max(20_000).optional(),
});

/** Channels of the audit domain ("audit:verb"). */
export const auditChannels = {
  /** Finished runs of the project that can be audited, newest job first. */
  'audit:runs': channel(z.strictObject({ projectId: projectIdSchema }), z.array(auditableRunSchema)),
  'audit:compute': channel(auditRequest, auditResultSchema),
  /** The report details saved in the project ({} until first saved). */
  'audit:context': channel(z.strictObject({ projectId: projectIdSchema }), reportContextSchema),
  /** The project's exported reports, newest first. */
  'audit:reports': channel(z.strictObject({ projectId: projectIdSchema }), z.array(reportFileSchema)),
  /** One report's PDF as base64, so the browser can download or show it wherever the app runs. */
  'audit:report-file': channel(reportRef, z.object({ name: z.string(), base64: z.string() })),
  /** Deletes one report (its PDF, JSON and CSV). */
  'audit:delete-report': channel(reportRef, z.object({ name: z.string() })),
  /** Saves the Audit tab's decision threshold in the project, so it is the one shown next time. */
  'audit:save-threshold': channel(
    z.strictObject({ projectId: projectIdSchema, threshold: z.number().gt(0).lt(1) }),
    z.object({ threshold: z.number() }),
  ),
  /** Saves the report details into the project, replacing those saved before; answers with them as saved. */
  'audit:save-context': channel(
    z.strictObject({ projectId: projectIdSchema, context: reportContextRequestSchema }),
    reportContextSchema,
  ),
  /**
   * Writes <project>/reports/audit-<job>-<run>-<time>.{pdf,json,csv}, with the given report details or, when none
   * are given, those saved in the project.
   */
  'audit:export': channel(
    auditRequest.extend({ context: reportContextRequestSchema.optional() }),
    z.object({ pdfPath: z.string(), jsonPath: z.string(), csvPath: z.string() }),
  ),
  /**
   * Stops the audit work of this run in progress (`task` only, else compute and export alike), which then fails with
   * 'cancelled' and leaves no file behind; answers whether any was running.
   */
  'audit:cancel': channel(
    z.strictObject({ projectId: projectIdSchema, runRef: runRefSchema, task: auditTaskSchema.optional() }),
    z.object({ cancelled: z.boolean() }),
  ),
};

/** Events of the audit domain pushed from main to the renderer. */
export const auditEvents = {
  /**
   * How far one audit task of a run is, a few times a second: the bootstrap's share done (it runs in its own process;
   * with a baseline, both runs' bootstraps make up the whole), then, for an export, the start of printing (fraction 1
   * of the bootstrap: Chromium gives no progress of its own).
   */
  'audit:progress': z.object({
    projectId: z.string(),
    runRef: z.string(),
    task: auditTaskSchema,
    stage: z.enum(['bootstrap', 'printing']),
    fraction: z.number().min(0).max(1),
  }),
};
