import { z } from 'zod';
import { boundedJsonObject } from '../json-limits.js';
import { groupsSpecSchema, labelSpecSchema } from '../../config/task-config.js';
import { errorPayloadSchema } from '../../errors.js';
import { datasetRefSchema } from '../../project.js';
import { channel } from '../define.js';
import { fileSourceSchema } from '../file-source.js';
import { projectIdSchema } from './projects.js';

/** How a column is treated by default: DuckDB's type reduced to what preprocessing cares about. */
export const columnKindSchema = z.enum(['numeric', 'boolean', 'text', 'temporal', 'other']);
export type ColumnKind = z.infer<typeof columnKindSchema>;

/** A cell as it crosses the boundary: numbers and booleans stay typed, dates and big integers become text. */
export const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const columnSummarySchema = z.object({
  name: z.string(),
  /** DuckDB type as detected by the sniffer, e.g. DOUBLE, BIGINT, VARCHAR, BOOLEAN, DATE. */
  type: z.string(),
  kind: columnKindSchema,
  distinct: z.number().int(),
  missing: z.number().int(),
  missingShare: z.number(),
  /** Numeric/temporal columns: range as text for temporal ones. */
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: z.number().nullable(),
  /** Most frequent values (canonical text, so 1.0 reads "1"), at most 10. */
  top: z.array(z.object({ value: z.string(), count: z.number().int() })),
  /** Every value distinct (or nearly): an identifier, not a feature. */
  idLike: z.boolean(),
  /** Names a person directly (shared/personal-data.ts): values hidden, top values not collected. */
  personal: z.boolean().default(false),
});
export type ColumnSummary = z.infer<typeof columnSummarySchema>;

/** What `fairbound inspect` prints and the data tab shows first. */
export const datasetSummarySchema = z.object({
  path: z.string(),
  format: z.enum(['csv', 'tsv', 'parquet']),
  compression: z.enum(['none', 'gzip']),
  /** Sniffed CSV dialect (null for Parquet). */
  dialect: z
    .object({
      delimiter: z.string(),
      quote: z.string(),
      header: z.boolean(),
      skipRows: z.number().int(),
      encoding: z.string(),
    })
    .nullable(),
  bytes: z.number().int(),
  rows: z.number().int(),
  columns: z.array(columnSummarySchema),
  /** Things a practitioner should know before choosing roles (ID-like columns, headerless file…). */
  notes: z.array(z.string()),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const labelStatsSchema = z.object({
  column: z.string(),
  positives: z.number().int(),
  negatives: z.number().int(),
  /** Rows whose label cell is missing: they are dropped from the task. */
  missing: z.number().int(),
  baseRate: z.number(),
});
export type LabelStats = z.infer<typeof labelStatsSchema>;

/**
 * A column that may leak the label: measured as a near-perfect or unusually strong one-column predictor (warnings),
 * or named like a value recorded after the outcome and predicting it well (a question to the user).
 */
export const leakageSuspectSchema = z.object({
  column: z.string(),
  kind: z.enum(['near-perfect', 'strong-predictor', 'recorded-after']),
  reason: z.string(),
});
export type LeakageSuspect = z.infer<typeof leakageSuspectSchema>;

export const groupRowSchema = z.object({
  name: z.string(),
  /** Value name per attribute, in attribute order. */
  parts: z.array(z.string()),
  count: z.number().int(),
  share: z.number(),
  /** Positive rate of the label in the group (null without a label). */
  baseRate: z.number().nullable(),
  /** Count below groups.minSize. */
  small: z.boolean(),
  /** Any part is the explicit "Unknown" (missing protected value). */
  unknown: z.boolean(),
});
export type GroupRow = z.infer<typeof groupRowSchema>;

export const groupTableSchema = z.object({
  attributes: z.array(z.string()),
  /** Groups of the intersection (or, with intersect=false, each attribute's groups one after another). */
  groups: z.array(groupRowSchema),
  total: z.number().int(),
  minSize: z.number().int(),
  warnings: z.array(z.string()),
});
export type GroupTable = z.infer<typeof groupTableSchema>;

export const splitTableSchema = z.object({
  splits: z.array(z.enum(['train', 'validation', 'test'])),
  totals: z.record(z.string(), z.number().int()),
  groups: z.array(z.object({ name: z.string(), counts: z.record(z.string(), z.number().int()) })),
});
export type SplitTable = z.infer<typeof splitTableSchema>;

export const previewSchema = z.object({
  columns: z.array(z.string()),
  /** Personal columns whose values were replaced by HIDDEN_VALUE (empty when the request revealed them). */
  hidden: z.array(z.string()),
  offset: z.number().int(),
  rows: z.array(z.array(cellSchema)),
  total: z.number().int(),
});
export type Preview = z.infer<typeof previewSchema>;

/**
 * The imported file compared with the one at its original path now. The project always works from its cached copy
 * (identified by the SHA-256 recorded at import); this only tells the user whether the original moved on.
 */
export const sourceCheckSchema = z.object({
  /**
   * unchanged: size and modification time match (or, when they moved, the SHA-256 does); changed: the content
   * differs; missing: no file at the path; unreadable: the file is there but cannot be read; uploaded: imported
   * through the browser, so the user's original is out of sight (the uploaded copy never changes).
   */
  status: z.enum(['unchanged', 'changed', 'missing', 'unreadable', 'uploaded']),
  path: z.string(),
  imported: z.object({
    bytes: z.number().int(),
    /** Modification time at import (ms since epoch); null when the cache entry was recorded for another path. */
    mtimeMs: z.number().nullable(),
    sha256: z.string(),
    importedAt: z.string(),
  }),
  /** The file now; null unless it could be read. sha256 is null when not computed (the size already differs). */
  current: z.object({ bytes: z.number().int(), mtimeMs: z.number(), sha256: z.string().nullable() }).nullable(),
  /** Recorded facts the file no longer matches. */
  mismatches: z.array(z.enum(['size', 'mtime', 'sha256'])),
  /** Why the file could not be read (status unreadable). */
  reason: z.string().optional(),
});
export type SourceCheck = z.infer<typeof sourceCheckSchema>;

export const importSourceSchema = z.union([fileSourceSchema, z.strictObject({ kind: z.literal('sample') })]);
export type ImportSource = z.infer<typeof importSourceSchema>;

export const importPhaseSchema = z.enum(['hash', 'parse', 'summary', 'done']);

/** Channels of the datasets domain ("datasets:verb"). */
export const datasetsChannels = {
  /** Starts ingestion off the event loop; progress and the outcome arrive as events carrying jobId. */
  'datasets:import': channel(
    z.strictObject({ projectId: projectIdSchema, source: importSourceSchema }),
    z.object({ jobId: z.string() }),
  ),
  /** Compares the project's original file with the imported version (hashes it only when size and mtime allow). */
  'datasets:source-status': channel(z.strictObject({ projectId: projectIdSchema }), sourceCheckSchema),
  /**
   * Imports the project's original file again, through the same path and validation as datasets:import (same events);
   * if the file cannot be imported, the project keeps its current dataset.
   */
  'datasets:reimport': channel(z.strictObject({ projectId: projectIdSchema }), z.object({ jobId: z.string() })),
  'datasets:cancel': channel(z.strictObject({ jobId: z.string() }), z.object({ cancelled: z.boolean() })),
  'datasets:summary': channel(z.strictObject({ projectId: projectIdSchema }), datasetSummarySchema),
  'datasets:preview': channel(
    z.strictObject({
      projectId: projectIdSchema,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
      /** Show personal columns' values (the user asked to). */
      revealPersonal: z.boolean().default(false),
    }),
    previewSchema,
  ),
  'datasets:groups': channel(
    z.strictObject({ projectId: projectIdSchema, groups: groupsSpecSchema, label: labelSpecSchema.optional() }),
    groupTableSchema,
  ),
  'datasets:label-stats': channel(
    z.strictObject({ projectId: projectIdSchema, label: labelSpecSchema }),
    labelStatsSchema,
  ),
  /** Columns (not Ignored) that may leak the label, with the reason in words; one scan per column, so asked apart. */
  'datasets:leakage': channel(
    z.strictObject({ projectId: projectIdSchema, label: labelSpecSchema }),
    z.array(leakageSuspectSchema),
  ),
  /**
   * Saves the data part of the task draft (data without path, split, groups) into project.json under the project's
   * lock, keeping whatever other tabs saved (solver, budget…). Drafts may be incomplete; they are validated when used.
   */
  'datasets:save-draft': channel(
    z.strictObject({
      projectId: projectIdSchema,
      data: boundedJsonObject(),
      split: boundedJsonObject(),
      groups: boundedJsonObject().nullable(),
    }),
    z.object({ task: z.record(z.string(), z.unknown()) }),
  ),
  /** Split sizes per group for the project's task draft (the same split prepareTask makes). */
  'datasets:split-stats': channel(z.strictObject({ projectId: projectIdSchema }), splitTableSchema),
};

/** Events of the datasets domain pushed from main to the renderer. */
export const datasetsEvents = {
  'datasets:progress': z.object({
    jobId: z.string(),
    seq: z.number().int(),
    projectId: z.string(),
    fraction: z.number().min(0).max(1),
    phase: importPhaseSchema,
  }),
  /** The import ended: the dataset ref now in project.json, or the error (code 'cancelled' after datasets:cancel). */
  'datasets:finished': z.object({
    jobId: z.string(),
    seq: z.number().int(),
    projectId: z.string(),
    ok: z.boolean(),
    dataset: datasetRefSchema.optional(),
    error: errorPayloadSchema.optional(),
  }),
};
