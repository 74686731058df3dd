import { DEFAULT_VALIDATION_SHARE, paperTaskConfig } from '../../../shared/config/task-config.js';
import type { DatasetSummary } from '../../../shared/ipc/channels/datasets.js';

/**
 * Sensible first drafts of the task, which the data tab then edits: the paper's task for the bundled sample,
 * and for any other file a guess at the label and protected attribute by name and shape.
 */
export function sampleTaskDraft(dataPath: string): Record<string, unknown> {
  return { ...paperTaskConfig(dataPath) };
}

const LABEL_NAMES = /^(label|class|class-label|target|y|outcome|income|pincp|two_year_recid|occupation|credit|default)$/i;
const PROTECTED_NAMES = /^(sex|gender|race|rac1p|ethnicity)$/i;
const POSITIVE_VALUES = ['True', '1', 'yes', '>50K', 'good', 'positive'];

export function suggestTaskDraft(summary: DatasetSummary, dataPath: string): Record<string, unknown> {
  const binary = summary.columns.filter((c) => c.distinct === 2);
  const labelColumn = binary.find((c) => LABEL_NAMES.test(c.name)) ?? binary.at(-1) ?? null;
  const protectedColumn = summary.columns.find((c) => PROTECTED_NAMES.test(c.name) && c !== labelColumn) ?? null;
  const exclude = summary.columns.filter((c) => c !== labelColumn && (c.idLike || c.personal || c.kind === 'temporal' || c.kind === 'other')).map((c) => c.name);
  const data: Record<string, unknown> = { path: dataPath, exclude, protectedAsFeatures: [] };
  if (labelColumn) {
    const values = labelColumn.top.map((t) => t.value);
    // A known positive spelling if present, else the rarer value (positives are usually the minority).
    const positive = values.find((v) => POSITIVE_VALUES.some((p) => p.toLowerCase() === v.toLowerCase())) ?? values.at(-1);
    if (positive !== undefined) data['label'] = { column: labelColumn.name, positive: [positive] };
  }
  // Three-way by default: the app's default task has a constraint, so the iterate and the threshold are chosen on a
  // validation split and the test split only certifies (docs/task-config.md).
  const draft: Record<string, unknown> = { data, split: { test: 0.2, validation: DEFAULT_VALIDATION_SHARE, seed: 42, stratify: true } };
  if (protectedColumn) draft['groups'] = { attributes: [{ column: protectedColumn.name }], intersect: true, minSize: 30 };
  return draft;
}

/** Keeps an existing draft when every column it names still exists (re-importing an updated file). */
export function draftStillFits(task: Record<string, unknown> | null, summary: DatasetSummary): boolean {
  if (!task) return false;
  const names = new Set(summary.columns.map((c) => c.name));
  const data = (task['data'] ?? {}) as { label?: { column?: string }; exclude?: string[]; features?: string[] };
  const groups = (task['groups'] ?? {}) as { attributes?: { column?: string }[] };
  const used = [data.label?.column, ...(data.exclude ?? []), ...(data.features ?? []), ...(groups.attributes ?? []).map((a) => a.column)];
  return used.every((c) => c === undefined || names.has(c));
}
