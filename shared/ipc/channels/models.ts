import { z } from 'zod';
import { fileSourceSchema } from '../file-source.js';
import { channel } from '../define.js';
import { runRefSchema } from './audit.js';
import { projectIdSchema } from './projects.js';

/** What scoring a file produced: the CSV written, and what a person should know about the input. */
export const scoreSummarySchema = z.object({
  outPath: z.string(),
  rows: z.number().int(),
  predictedPositive: z.number().int(),
  /** Whether the output has a group column (the file has every protected attribute). */
  groups: z.boolean(),
  /** Columns holding categories never seen in training (only columns that kept every training level can tell). */
  unseen: z.array(
    z.object({
      column: z.string(),
      rows: z.number().int(),
      examples: z.array(z.string()),
      treatedAs: z.enum(['no level', 'unknown code']),
    }),
  ),
  notes: z.array(z.string()),
});
export type ScoreSummary = z.infer<typeof scoreSummarySchema>;

const runRequest = z.strictObject({ projectId: projectIdSchema, runRef: runRefSchema });

/** Channels of trained models used outside training ("models:verb"). */
export const modelsChannels = {
  /** Writes <project>/exports/model-<job>-run<i>-<time>.onnx and its .model-card.json. */
  'models:export': channel(
    runRequest,
    z.object({
      onnxPath: z.string(),
      onnxBytes: z.number().int(),
      cardPath: z.string().nullable(),
      warnings: z.array(z.string()),
    }),
  ),
  /** Scores a CSV/Parquet file with a run: <project>/exports/scores-<job>-run<i>-<time>.csv (score, prediction, group). */
  'models:score': channel(runRequest.extend({ data: fileSourceSchema }), scoreSummarySchema),
  /** One file models:export or models:score wrote (by its file name), as base64 for the browser's download. */
  'models:export-file': channel(
    z.strictObject({ projectId: projectIdSchema, name: z.string().min(1).max(260) }),
    z.object({ name: z.string(), base64: z.string() }),
  ),
};
