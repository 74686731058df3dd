import type { GroupAttribute, LabelSpec, MissingPolicy } from '../../../../shared/config/task-config.js';
import { booleanKey } from '../../../../shared/boolean-words.js';
import { codeLikeReason } from '../../../../shared/code-like.js';
import type { ColumnSummary } from '../../../../shared/ipc/channels/datasets.js';
import { isProtectedName } from '../../../../shared/protected-names.js';

/** The part of the task draft the data tab edits; everything else in project.task belongs to other tabs. */
export interface DataDraft {
  data: {
    label: LabelSpec | null;
    exclude: string[];
    protectedAsFeatures: string[];
    preprocessing: {
      maxLevels: number;
      missing: MissingPolicy;
      columns: Record<string, { encoding?: 'numeric' | 'onehot' | 'code'; missing?: MissingPolicy }>;
    };
  };
  split: { test: number; validation: number; seed: number; stratify: boolean };
  groups: { attributes: GroupAttribute[]; intersect: boolean; minSize: number } | null;
}

export type Role = 'feature' | 'label' | 'protected' | 'protected-feature' | 'ignored';

export const ROLE_LABELS: Record<Role, string> = {
  feature: 'Feature',
  label: 'Label',
  protected: 'Protected',
  'protected-feature': 'Protected + feature',
  ignored: 'Ignored',
};

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Reads whatever project.task holds (possibly partial) into a complete draft with defaults. */
export function draftFromTask(task: Record<string, unknown> | null): DataDraft {
  const data = record(task?.['data']);
  const pre = record(data['preprocessing']);
  const split = record(task?.['split']);
  const groups = task?.['groups'] ? record(task['groups']) : null;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    data: {
      label: data['label'] ? (data['label'] as LabelSpec) : null,
      exclude: strings(data['exclude']),
      protectedAsFeatures: strings(data['protectedAsFeatures']),
      preprocessing: {
        maxLevels: typeof pre['maxLevels'] === 'number' ? pre['maxLevels'] : 20,
        missing: (pre['missing'] as MissingPolicy | undefined) ?? 'impute',
        columns: record(pre['columns']) as DataDraft['data']['preprocessing']['columns'],
      },
    },
    split: {
      test: typeof split['test'] === 'number' ? split['test'] : 0.2,
      validation: typeof split['validation'] === 'number' ? split['validation'] : 0,
      seed: typeof split['seed'] === 'number' ? split['seed'] : 42,
      stratify: split['stratify'] !== false,
    },
    groups: groups
      ? {
          attributes: Array.isArray(groups['attributes']) ? (groups['attributes'] as GroupAttribute[]) : [],
          intersect: groups['intersect'] !== false,
          minSize: typeof groups['minSize'] === 'number' ? groups['minSize'] : 30,
        }
      : null,
  };
}

/** The draft as saved: data without path (main fills it), groups null when no attribute is chosen. */
export function draftToSave(draft: DataDraft): {
  data: Record<string, unknown>;
  split: Record<string, unknown>;
  groups: Record<string, unknown> | null;
} {
  const data: Record<string, unknown> = {
    exclude: draft.data.exclude,
    protectedAsFeatures: draft.data.protectedAsFeatures,
    preprocessing: draft.data.preprocessing,
  };
  if (draft.data.label) data['label'] = draft.data.label;
  return {
    data,
    split: { ...draft.split },
    groups: draft.groups && draft.groups.attributes.length ? { ...draft.groups } : null,
  };
}

export function roleOf(draft: DataDraft, column: string): Role {
  if (draft.data.label?.column === column) return 'label';
  if (draft.groups?.attributes.some((a) => a.column === column)) {
    return draft.data.protectedAsFeatures.includes(column) ? 'protected-feature' : 'protected';
  }
  if (draft.data.exclude.includes(column)) return 'ignored';
  return 'feature';
}

/** The role a column starts with when nothing else is known: identifiers, personal data and dates are ignored. */
export function startingRole(column: ColumnSummary): Role {
  return column.idLike || column.personal || column.kind === 'temporal' || column.kind === 'other'
    ? 'ignored'
    : 'feature';
}

/**
 * A column's new role, returning a new draft (the old one is not mutated). A column that stops being the label
 * because another one became it goes back to `previousRoleOf` it (the role it had before it was the label), or to
 * its starting role, never silently to "Ignored".
 */
export function withRole(
  draft: DataDraft,
  column: ColumnSummary,
  role: Role,
  previousRoleOf: (name: string) => Role | undefined = () => undefined,
  columns: readonly ColumnSummary[] = [],
): DataDraft {
  const next: DataDraft = structuredClone(draft);
  const name = column.name;
  next.data.exclude = next.data.exclude.filter((c) => c !== name);
  next.data.protectedAsFeatures = next.data.protectedAsFeatures.filter((c) => c !== name);
  if (next.data.label?.column === name && role !== 'label') next.data.label = null;
  if (next.groups && role !== 'protected' && role !== 'protected-feature') {
    next.groups.attributes = next.groups.attributes.filter((a) => a.column !== name);
  }
  if (role === 'ignored') next.data.exclude.push(name);
  if (role === 'label') {
    const old = next.data.label?.column;
    next.data.label = defaultLabel(column);
    if (next.groups) next.groups.attributes = next.groups.attributes.filter((a) => a.column !== name);
    const oldColumn = columns.find((c) => c.name === old);
    if (old !== undefined && old !== name) {
      const back = previousRoleOf(old) ?? (oldColumn ? startingRole(oldColumn) : 'feature');
      const restored = oldColumn ? withRole(next, oldColumn, back === 'label' ? 'feature' : back) : next;
      if (!oldColumn && back === 'ignored') restored.data.exclude.push(old);
      return restored;
    }
  }
  if (role === 'protected' || role === 'protected-feature') {
    next.groups ??= { attributes: [], intersect: true, minSize: 30 };
    if (!next.groups.attributes.some((a) => a.column === name)) {
      // A many-valued number (age in years) would make one group per value: start with two bins instead.
      const bins = column.kind === 'numeric' && column.distinct > MAX_VALUE_GROUPS ? suggestedBins(column) : null;
      next.groups.attributes.push(bins ? { column: name, bins } : { column: name });
    }
    if (role === 'protected-feature') next.data.protectedAsFeatures.push(name);
  }
  return next;
}

/** A protected number with more distinct values than this starts binned rather than one group per value. */
export const MAX_VALUE_GROUPS = 12;

/**
 * First bin edges for a numeric column: its minimum and its mean rounded to two significant digits, i.e. two groups,
 * below and above the mean (German credit's age: [19, 36) and [36, ∞)). The midpoint of the range would put almost
 * everyone in one bin when a few values are extreme (a capital-gain column up to 99,999). Null without a usable mean.
 */
export function suggestedBins(column: Pick<ColumnSummary, 'min' | 'max' | 'mean'>): number[] | null {
  if (typeof column.min !== 'number' || column.mean === null) return null;
  const mean = Number(column.mean.toPrecision(2));
  return mean > column.min ? [column.min, mean] : [column.min];
}

const POSITIVE = ['true', '1', 'yes', '>50k', 'good', 'positive'];

/** A first label: "> mean" for many-valued numbers, else a known positive spelling, else the rarer value. */
export function defaultLabel(column: ColumnSummary): LabelSpec {
  if (column.kind === 'numeric' && column.distinct > 2 && column.mean !== null) {
    return { column: column.name, rule: `> ${Number(column.mean.toPrecision(3))}` };
  }
  const values = column.top.map((t) => t.value);
  const known = values.find((v) => POSITIVE.includes(v.toLowerCase()));
  if (known) return { column: column.name, positive: [known] };
  return { column: column.name, positive: [values.at(-1) ?? values[0] ?? ''] };
}

/** Warnings per column for the roles table. */
export function columnWarnings(draft: DataDraft, column: ColumnSummary, rows: number): string[] {
  const role = roleOf(draft, column.name);
  const out: string[] = [];
  if (column.idLike && (role === 'feature' || role === 'protected-feature'))
    out.push('Looks like an identifier: every value is distinct.');
  if (column.personal && role !== 'ignored')
    out.push('Identifies a person directly (name, birth date, contact): a model should not use it.');
  if (role === 'feature' && isProtectedName(column.name))
    out.push('Named like a protected attribute, and the model reads it: make it Protected to audit groups by it.');
  if (role === 'protected-feature')
    out.push('Protected attribute also used as a feature (allowed; the paper keeps SEX).');
  if (column.distinct === 0 && role !== 'ignored') out.push('Every value is missing: carries no information.');
  if (column.distinct === 1 && role !== 'ignored') out.push('A single value: carries no information.');
  if (column.kind === 'temporal' && role === 'feature') out.push('Dates become numbers (seconds since 1970).');
  if (column.missing > 0 && role !== 'ignored') out.push(`${(column.missingShare * 100).toFixed(1)}% missing.`);
  const encoding = draft.data.preprocessing.columns[column.name]?.encoding;
  const code = codeLikeReason(column, rows);
  if (
    code &&
    (role === 'feature' || role === 'protected-feature') &&
    (encoding === undefined || encoding === 'numeric')
  ) {
    out.push(`Looks like codes (${code}): standardising treats a larger code as "more"; consider one-hot.`);
  }
  return out;
}

/** Bin edges typed as "0, 25, 45, 65": numbers, strictly increasing, or null when not. */
export function parseEdges(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  if (!parts.length || parts.some((x) => !Number.isFinite(x))) return null;
  return parts.every((x, i) => i === 0 || x > parts[i - 1]!) ? parts : null;
}

/**
 * The positive values (as the config spells them) that stand for one shown value: on a BOOLEAN column "yes" stands
 * for "True", elsewhere only the value itself (compared as typed).
 */
export function positivesFor(
  column: Pick<ColumnSummary, 'type'>,
  positives: readonly string[],
  value: string,
): string[] {
  if (column.type !== 'BOOLEAN') return positives.filter((p) => p === value);
  return positives.filter((p) => (booleanKey(p) ?? p) === value);
}
