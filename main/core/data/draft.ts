import { codeLikeReason } from '../../../shared/code-like.js';
import { DEFAULT_VALIDATION_SHARE, paperTaskConfig } from '../../../shared/config/task-config.js';
import { isProtectedName } from '../../../shared/protected-names.js';
import type { ColumnSummary, DatasetSummary } from '../../../shared/ipc/channels/datasets.js';

/**
 * Sensible first drafts of the task, which the data tab then edits: the paper's task (shorter) for the bundled sample,
 * and for any other file a guess at the label and protected attribute by name and shape.
 */
export function sampleTaskDraft(dataPath: string): Record<string, unknown> {
  // The paper's task with a first-click budget (3 runs × 12 s, under a minute with preparation and evaluation);
  // its protocol, 10 runs × 30 s, is two fields away in the Train tab, which says so.
  return { ...paperTaskConfig(dataPath), ...SAMPLE_BUDGET };
}

/** Runs and time budget the sample project starts with. */
export const SAMPLE_BUDGET = { runs: 3, budget: { seconds: 12 } } as const;

/** Names that usually mean "the outcome" (bank marketing's y, COMPAS's two_year_recid, German credit's class-label…). */
const OUTCOME_NAMES =
  /^(y|label|labels|class|class[-_ ]?label|target|outcome|result|two_year_recid|pincp|income|approved|admitted|passed|pass_bar|hired|churn|survived|response)$/i;
/** Names that are sometimes the outcome and often a feature (a loan's "default" flag in a marketing file). */
const MAYBE_OUTCOME_NAMES = /^(default|credit|occupation|risk|recid|decision)$/i;
const POSITIVE_VALUES = ['True', '1', 'yes', '>50K', 'good', 'positive'];

/** Share of the rarer of a binary column's two values (0 when unknown). */
function minorityShare(column: ColumnSummary): number {
  const counts = column.top.map((t) => t.count);
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.length === 2 && total > 0 ? Math.min(...counts) / total : 0;
}

/**
 * Binary columns that could be the label, best first: a name that means "outcome" counts most, then being the last
 * column (where most public datasets put it), then balance (a 1.8 % flag is rarely what one wants to predict).
 * Protected attributes are never proposed.
 */
export function rankLabelCandidates(columns: readonly ColumnSummary[]): ColumnSummary[] {
  const last = columns.at(-1);
  const score = (c: ColumnSummary): number => {
    const share = minorityShare(c);
    return (
      (OUTCOME_NAMES.test(c.name) ? 4 : MAYBE_OUTCOME_NAMES.test(c.name) ? 1 : 0) +
      (c === last ? 1.5 : 0) +
      (share >= 0.1 ? 1 : share >= 0.05 ? 0.5 : share < 0.03 ? -1 : 0)
    );
  };
  return columns
    .filter((c) => c.distinct === 2 && !isProtectedName(c.name) && !c.personal)
    .map((c, i) => ({ c, i, s: score(c) }))
    .sort((a, b) => b.s - a.s || b.i - a.i)
    .map(({ c }) => c);
}

/** A column with one value, or none at all (every row missing), cannot tell people apart. */
function carriesNothing(column: ColumnSummary): boolean {
  return column.distinct <= 1;
}

export function suggestTaskDraft(summary: DatasetSummary, dataPath: string): Record<string, unknown> {
  const labelColumn = rankLabelCandidates(summary.columns)[0] ?? null;
  const protectedColumn = summary.columns.find((c) => isProtectedName(c.name) && c !== labelColumn) ?? null;
  const exclude = summary.columns
    .filter(
      (c) =>
        c !== labelColumn &&
        (c.idLike || c.personal || c.kind === 'temporal' || c.kind === 'other' || carriesNothing(c)),
    )
    .map((c) => c.name);
  // Code-like whole numbers (occupation, place of birth…) start one-hot; the Data tab says why and lets the user switch.
  const codes = summary.columns.filter(
    (c) => c !== labelColumn && !exclude.includes(c.name) && codeLikeReason(c, summary.rows) !== null,
  );
  const preprocessing = { columns: Object.fromEntries(codes.map((c) => [c.name, { encoding: 'onehot' }])) };
  const data: Record<string, unknown> = {
    path: dataPath,
    exclude,
    protectedAsFeatures: [],
    ...(codes.length ? { preprocessing } : {}),
  };
  if (labelColumn) {
    const values = labelColumn.top.map((t) => t.value);
    // A known positive spelling if present, else the rarer value (positives are usually the minority).
    const positive =
      values.find((v) => POSITIVE_VALUES.some((p) => p.toLowerCase() === v.toLowerCase())) ?? values.at(-1);
    if (positive !== undefined) data['label'] = { column: labelColumn.name, positive: [positive] };
  }
  // Three-way by default: the app's default task has a constraint, so the iterate and the threshold are chosen on a
  // validation split and the test split only certifies (docs/task-config.md).
  const draft: Record<string, unknown> = {
    data,
    split: { test: 0.2, validation: DEFAULT_VALIDATION_SHARE, seed: 42, stratify: true },
  };
  if (protectedColumn)
    draft['groups'] = { attributes: [{ column: protectedColumn.name }], intersect: true, minSize: 30 };
  return draft;
}

/** Keeps an existing draft when every column it names still exists (re-importing an updated file). */
export function draftStillFits(task: Record<string, unknown> | null, summary: DatasetSummary): boolean {
  if (!task) return false;
  const names = new Set(summary.columns.map((c) => c.name));
  const data = (task['data'] ?? {}) as { label?: { column?: string }; exclude?: string[]; features?: string[] };
  const groups = (task['groups'] ?? {}) as { attributes?: { column?: string }[] };
  const used = [
    data.label?.column,
    ...(data.exclude ?? []),
    ...(data.features ?? []),
    ...(groups.attributes ?? []).map((a) => a.column),
  ];
  return used.every((c) => c === undefined || names.has(c));
}
