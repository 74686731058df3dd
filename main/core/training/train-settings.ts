import { z } from 'zod';
import { taskConfigSchema, describeConfigIssues } from '../../../shared/config/task-config.js';
import { trainSettingsSchema, type TrainSettings } from '../../../shared/ipc/channels/training.js';

/** Settings a new project starts from: the paper's set-up (SSL-ALM, loss gap ≤ 0.005) with a short budget. */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = trainSettingsSchema.parse({
  constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.005 }],
  model: { hidden: [64, 32] },
  solver: { name: 'ssl-alm', batchSize: 8, params: {} },
  budget: { seconds: 30 },
  runs: 1,
  seed: 0,
  backend: 'auto',
  selection: 'auto',
});

const SETTINGS_KEYS = Object.keys(trainSettingsSchema.shape) as (keyof TrainSettings)[];

/**
 * The train settings held in a task draft, each field falling back to its default when absent or invalid (a draft
 * edited by hand or by an older version must still open; saving writes a valid one back).
 */
export function settingsFromDraft(task: Record<string, unknown> | null): TrainSettings {
  const out: Record<string, unknown> = { ...DEFAULT_TRAIN_SETTINGS };
  for (const key of SETTINGS_KEYS) {
    if (task?.[key] === undefined) continue;
    const field = trainSettingsSchema.shape[key].safeParse(task[key]);
    if (field.success) out[key] = field.data;
  }
  return trainSettingsSchema.parse(out);
}

/** Problems of the Data tab's part of the draft (everything but the train settings), each naming its field. */
export function dataIssues(draft: Record<string, unknown>): string[] {
  const parsed = taskConfigSchema.safeParse(draft);
  if (parsed.success) return [];
  const mine = new Set<PropertyKey>(SETTINGS_KEYS);
  return describeConfigIssues(new z.ZodError(parsed.error.issues.filter((i) => !mine.has(i.path[0] ?? ''))));
}
