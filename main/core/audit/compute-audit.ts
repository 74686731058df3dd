import {
  SUMMARY_GAP_KEYS,
  type AuditResult,
  type CertificateRow,
  type RunInfo,
  type SplitAudit,
  type SummaryGapKey,
} from '../../../shared/audit.js';
import type { ConstraintSpec } from '../../../shared/config/task-config.js';
import { CONSTRAINT_DESCRIPTIONS } from '../../../shared/fairness.js';
import { estimate, evaluate, pointView, type BootstrapOptions, type Evaluation } from './bootstrap.js';
import { constraintStatistic, SUMMARY_GAPS } from './gaps.js';
import { sortRows, splitRows } from './group-stats.js';
import { certifiedVerdicts, type SpecVerdict } from './certified-verdicts.js';
import { degenerateReason, judgeFourFifths } from '../../../shared/four-fifths.js';
import { buildGroupTable, fourFifthsFields, MIN_SHARE, toEstimate } from './group-table.js';
import {
  identityGrouping,
  isUnknownPart,
  remapRows,
  subsetGrouping,
  type GroupDef,
  type Grouping,
} from './groupings.js';
import { buildLl144 } from './ll144.js';
import { METRIC_INDEX } from './metrics.js';

/** One split's model outputs, aligned row by row with its labels and training-group ids. */
export interface SplitArrays {
  probs: Float32Array;
  labels: Float32Array;
  groups: Int32Array;
}

/** Everything the audit needs, as plain arrays: no files, no tfjs. */
export interface AuditData {
  attributes: { name: string; column: string }[];
  /** The training groups (intersections of all attributes when the task intersects them). */
  groups: (GroupDef & { small: boolean })[];
  minSize: number;
  constraints: ConstraintSpec[];
  train: SplitArrays;
  validation: SplitArrays | null;
  test: SplitArrays;
}

export interface AuditOptions {
  threshold: number;
  bootstrap: BootstrapOptions;
  /** Reference group per table title; default the largest known group. */
  references?: Record<string, string>;
  /** Called as the bootstrap advances, with the share of the whole audit done (0–1). */
  onProgress?: (fraction: number) => void;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { resamples: 1000, seed: 20260101, confidence: 0.95 };

type SplitName = 'train' | 'validation' | 'test';

interface SplitWork {
  split: SplitName;
  arrays: SplitArrays;
  primary: Evaluation;
  audit: SplitAudit;
}

/** The groupings a report shows: one marginal table per attribute, plus the intersection when there are several. */
function tableGroupings(data: AuditData): { title: string; kind: 'attribute' | 'intersection'; grouping: Grouping }[] {
  const names = data.attributes.map((a) => a.name);
  const partsComplete = data.groups.every((g) => g.parts.length === names.length);
  if (!partsComplete || names.length === 1) {
    return [
      {
        title: names.join(' × '),
        kind: names.length === 1 ? 'attribute' : 'intersection',
        grouping: identityGrouping(names, data.groups),
      },
    ];
  }
  return [
    ...names.map((name, a) => ({
      title: name,
      kind: 'attribute' as const,
      grouping: subsetGrouping(names, data.groups, [a]),
    })),
    { title: names.join(' × '), kind: 'intersection' as const, grouping: identityGrouping(names, data.groups) },
  ];
}

/** Training groups the constraints and summary gaps range over: the named ones, else all that are not small. */
function constraintGroups(data: AuditData, spec?: ConstraintSpec): number[] {
  if (spec?.groups?.length) {
    return spec.groups.map((name) => {
      const g = data.groups.findIndex((d) => d.name === name);
      if (g < 0) throw new Error(`audit: constraint names group "${name}", which the task does not have`);
      return g;
    });
  }
  return data.groups.map((_, g) => g).filter((g) => !data.groups[g]!.small);
}

function auditSplit(
  data: AuditData,
  split: SplitName,
  arrays: SplitArrays,
  options: AuditOptions,
  onResample?: (done: number, total: number) => void,
): SplitWork {
  const n = arrays.probs.length;
  // One O(n) sort by score, one loss per row: shared by every grouping of the split.
  const shared = splitRows(arrays.probs, arrays.labels);
  const overallRows = sortRows(arrays.probs, arrays.labels, new Int32Array(n), 1, shared);
  const conf = options.bootstrap.confidence;
  const groupings = tableGroupings(data);
  const sorted = groupings.map(({ grouping }) =>
    sortRows(arrays.probs, arrays.labels, remapRows(arrays.groups, grouping.map), grouping.groups.length, shared),
  );
  // The last grouping is always the training groups themselves (tableGroupings puts the identity last).
  const strata = sorted[sorted.length - 1]!;
  const evaluations = evaluate(sorted, strata, overallRows, options.threshold, options.bootstrap, onResample);
  const tables = groupings.map(({ title, kind, grouping }, i) =>
    buildGroupTable(evaluations[i]!, grouping, {
      title,
      kind,
      confidence: conf,
      minSize: data.minSize,
      reference: options.references?.[title],
    }),
  );
  const ev = evaluations[evaluations.length - 1]!;
  const gapGroups = constraintGroups(data);
  const summary = Object.fromEntries(
    SUMMARY_GAP_KEYS.map((k: SummaryGapKey) => [
      k,
      toEstimate(estimate(ev, conf, (v) => SUMMARY_GAPS[k](v, gapGroups))),
    ]),
  ) as SplitAudit['summary'];
  const overall = Object.fromEntries(
    Object.entries(METRIC_INDEX).map(([k, m]) => [k, toEstimate(estimate(ev, conf, (v) => v.overall(m)))]),
  ) as SplitAudit['overall'];
  return { split, arrays, primary: ev, audit: { split, n, overall, summary, tables } };
}

/** Which group (or pair) attains the constraint's worst value on the point estimate. */
function worstOf(spec: ConstraintSpec, ev: Evaluation, data: AuditData, gs: number[]): string | null {
  const view = pointView(ev);
  const m =
    spec.kind === 'positive-rate-gap'
      ? METRIC_INDEX.positiveRate
      : spec.kind === 'tpr-gap' || spec.kind === 'equalized-odds'
        ? METRIC_INDEX.tpr
        : spec.kind === 'accuracy-gap'
          ? METRIC_INDEX.accuracy
          : METRIC_INDEX.loss;
  const ranked = gs
    .filter((g) => Number.isFinite(view.group(g, m)))
    .sort((a, b) => view.group(a, m) - view.group(b, m));
  if (ranked.length === 0) return null;
  const name = (g: number) => data.groups[g]!.name;
  if (spec.kind === 'worst-group-loss') return name(ranked[ranked.length - 1]!);
  if (spec.topology === 'pairwise') return `${name(ranked[ranked.length - 1]!)} vs ${name(ranked[0]!)}`;
  const all = view.overall(m);
  const far = ranked.reduce((a, b) => (Math.abs(view.group(b, m) - all) > Math.abs(view.group(a, m) - all) ? b : a));
  return `${name(far)} vs overall`;
}

/** `certified[k]`: the verdicts of split works[k] (certifiedVerdicts). */
function buildCertificate(
  data: AuditData,
  works: SplitWork[],
  confidence: number,
  certified: SpecVerdict[][],
): CertificateRow[] {
  return data.constraints.map((spec, i) => {
    const gs = constraintGroups(data, spec);
    const stat = constraintStatistic(spec);
    const splits = works.map((w, k) => {
      // Value and two-sided interval: bootstrap of the max over pairs (descriptive); upper bound and verdict: the
      // simultaneous analytic bounds every other surface uses.
      const e = estimate(w.primary, confidence, (v) => stat.measure(v, gs));
      const c = certified[k]![i]!;
      return {
        split: w.split,
        value: e.value,
        lo: e.lo,
        hi: e.hi,
        upper: c.upper,
        margin: e.value === null ? null : spec.tolerance - e.value,
        verdict: c.verdict,
        ...(c.reason ? { reason: c.reason } : {}),
      };
    });
    const test = works.find((w) => w.split === 'test')!;
    return {
      name: `C${i + 1} ${CONSTRAINT_DESCRIPTIONS[spec.kind].title}`,
      kind: spec.kind,
      topology: spec.topology,
      tolerance: spec.tolerance,
      formula: stat.formula,
      groups: gs.map((g) => data.groups[g]!.name),
      splits,
      worst: worstOf(spec, test.primary, data, gs),
    };
  });
}

/** The thresholds of the sweep: 0.10, 0.15, …, 0.90. */
const SWEEP_THRESHOLDS = Array.from({ length: 17 }, (_, i) => Math.round((0.1 + 0.05 * i) * 100) / 100);

/**
 * Point estimates across thresholds: how accuracy and the worst impact ratio move with the decision threshold. One
 * pass over the rows counts, per training group and label, the rows by how many sweep thresholds they reach; every
 * threshold's counts are then sums of those (a row is predicted positive at p ≥ t, t compared as float32).
 */
function thresholdSweep(data: AuditData, arrays: SplitArrays): AuditResult['thresholdSweep'] {
  const T = SWEEP_THRESHOLDS.length;
  const cut = SWEEP_THRESHOLDS.map((t) => Math.fround(t));
  const G = data.groups.length;
  const width = T + 1;
  // reached[(2 · g + y) · width + j]: rows of training group g with label y that reach exactly j thresholds.
  const reached = new Float64Array(2 * G * width);
  const total = arrays.probs.length;
  for (let i = 0; i < total; i++) {
    const p = arrays.probs[i]!;
    let j = 0;
    while (j < T && p >= cut[j]!) j++;
    reached[(2 * arrays.groups[i]! + (arrays.labels[i]! >= 0.5 ? 1 : 0)) * width + j]! += 1;
  }
  /** Rows of training group g (label y) predicted positive at threshold i: those reaching more than i thresholds. */
  const predictedAt = (g: number, y: number, i: number) => {
    let sum = 0;
    for (let j = i + 1; j <= T; j++) sum += reached[(2 * g + y) * width + j]!;
    return sum;
  };
  const sizeOf = (g: number, y: number) => {
    let sum = 0;
    for (let j = 0; j <= T; j++) sum += reached[(2 * g + y) * width + j]!;
    return sum;
  };
  const groupings = tableGroupings(data);
  return SWEEP_THRESHOLDS.map((threshold, i) => {
    let predictedPositives = 0;
    let truePositives = 0;
    let negatives = 0;
    for (let g = 0; g < G; g++) {
      const tp = predictedAt(g, 1, i);
      predictedPositives += tp + predictedAt(g, 0, i);
      truePositives += tp;
      negatives += sizeOf(g, 0);
    }
    const falsePositives = predictedPositives - truePositives;
    const minImpactRatio: Record<string, number | null> = {};
    for (const { title, grouping } of groupings) {
      const n = new Float64Array(grouping.groups.length);
      const predicted = new Float64Array(grouping.groups.length);
      for (let g = 0; g < G; g++) {
        const k = grouping.map[g]!;
        n[k]! += sizeOf(g, 0) + sizeOf(g, 1);
        predicted[k]! += predictedAt(g, 0, i) + predictedAt(g, 1, i);
      }
      const rates: number[] = [];
      grouping.groups.forEach((group, k) => {
        if (n[k]! >= data.minSize && n[k]! >= MIN_SHARE * total && !group.parts.some(isUnknownPart))
          rates.push(predicted[k]! / n[k]!);
      });
      const max = Math.max(...rates);
      minImpactRatio[title] = rates.length && max > 0 ? Math.min(...rates) / max : null;
    }
    return {
      threshold,
      accuracy: total > 0 ? (truePositives + negatives - falsePositives) / total : null,
      positiveRate: total > 0 ? predictedPositives / total : null,
      minImpactRatio,
    };
  });
}

/** The whole audit of one run from plain arrays. */
export function computeAudit(data: AuditData, run: RunInfo, options: AuditOptions): AuditResult {
  // Progress weighs each split by its rows: the bootstrap's cost grows with them (through the cells).
  const splits = [data.train, data.validation, data.test].filter((s): s is SplitArrays => s !== null);
  const total = splits.reduce((sum, s) => sum + s.probs.length, 0) || 1;
  let before = 0;
  const progressOf = (arrays: SplitArrays) => {
    const start = before;
    before += arrays.probs.length;
    const { onProgress } = options;
    return onProgress
      ? (done: number, count: number) => onProgress((start + (arrays.probs.length * done) / count) / total)
      : undefined;
  };
  const works: SplitWork[] = [auditSplit(data, 'train', data.train, options, progressOf(data.train))];
  if (data.validation)
    works.push(auditSplit(data, 'validation', data.validation, options, progressOf(data.validation)));
  const test = auditSplit(data, 'test', data.test, options, progressOf(data.test));
  works.push(test);
  const certified = works.map((w) => certifiedVerdicts(data, w.arrays, options.threshold));
  // A degenerate model meets or misses the four-fifths rule by deciding the same for (almost) everyone (nobody
  // selected: ratios of 0 ÷ tiny; everyone: every ratio 1): no evidence either way, so never "pass" or "fail".
  works.forEach((w, k) => {
    const { warnings } = certified[k]!;
    if (warnings.length === 0) return;
    const unusable = degenerateReason(warnings);
    for (const table of w.audit.tables)
      for (const row of table.rows)
        if (row.fourFifths !== 'n/a')
          Object.assign(
            row,
            fourFifthsFields(
              judgeFourFifths({ impactRatio: row.impactRatio, confidence: options.bootstrap.confidence, unusable }),
            ),
          );
  });
  const certificate = buildCertificate(
    data,
    works,
    options.bootstrap.confidence,
    certified.map((c) => c.verdicts),
  );
  const testVerdicts = certificate.map((c) => c.splits.find((s) => s.split === 'test')!.verdict);
  const { warnings } = certified[certified.length - 1]!;
  return {
    version: 1,
    generatedAt: new Date().toISOString(),
    threshold: options.threshold,
    bootstrap: { ...options.bootstrap },
    minSize: data.minSize,
    attributes: data.attributes,
    run,
    splits: {
      train: works[0]!.audit,
      validation: data.validation ? works[1]!.audit : null,
      test: test.audit,
    },
    certificate,
    allSatisfied: certificate.length ? testVerdicts.every((v) => v === 'satisfied') && warnings.length === 0 : null,
    warnings,
    ll144: buildLl144(data, test.primary),
    thresholdSweep: thresholdSweep(data, data.test),
    baseline: null,
  };
}
