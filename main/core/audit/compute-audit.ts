import { SUMMARY_GAP_KEYS, type AuditResult, type CertificateRow, type RunInfo, type SplitAudit, type SummaryGapKey } from '../../../shared/audit.js';
import type { ConstraintSpec } from '../../../shared/config/task-config.js';
import { CONSTRAINT_DESCRIPTIONS } from '../../../shared/fairness.js';
import { estimate, evaluate, pointView, type BootstrapOptions, type Evaluation } from './bootstrap.js';
import { constraintStatistic, SUMMARY_GAPS } from './gaps.js';
import { accumulate, sortRows, STATS_WIDTH } from './group-stats.js';
import { certifiedVerdicts, type SpecVerdict } from './certified-verdicts.js';
import { buildGroupTable, MIN_SHARE, toEstimate } from './group-table.js';
import { identityGrouping, isUnknownPart, remapRows, subsetGrouping, type GroupDef, type Grouping } from './groupings.js';
import { buildLl144 } from './ll144.js';
import { METRIC_COUNT, METRIC_INDEX, metricsFromStats } from './metrics.js';

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
    return [{ title: names.join(' × '), kind: names.length === 1 ? 'attribute' : 'intersection', grouping: identityGrouping(names, data.groups) }];
  }
  return [
    ...names.map((name, a) => ({ title: name, kind: 'attribute' as const, grouping: subsetGrouping(names, data.groups, [a]) })),
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

function auditSplit(data: AuditData, split: SplitName, arrays: SplitArrays, options: AuditOptions): SplitWork {
  const n = arrays.probs.length;
  const overallRows = sortRows(arrays.probs, arrays.labels, new Int32Array(n), 1);
  const conf = options.bootstrap.confidence;
  const groupings = tableGroupings(data);
  const sorted = groupings.map(({ grouping }) =>
    sortRows(arrays.probs, arrays.labels, remapRows(arrays.groups, grouping.map), grouping.groups.length),
  );
  // The last grouping is always the training groups themselves (tableGroupings puts the identity last).
  const strata = sorted[sorted.length - 1]!;
  const evaluations = evaluate(sorted, strata, overallRows, options.threshold, options.bootstrap);
  const tables = groupings.map(({ title, kind, grouping }, i) =>
    buildGroupTable(evaluations[i]!, grouping, { title, kind, confidence: conf, minSize: data.minSize, reference: options.references?.[title] }),
  );
  const ev = evaluations[evaluations.length - 1]!;
  const gapGroups = constraintGroups(data);
  const summary = Object.fromEntries(
    SUMMARY_GAP_KEYS.map((k: SummaryGapKey) => [k, toEstimate(estimate(ev, conf, (v) => SUMMARY_GAPS[k](v, gapGroups)))]),
  ) as SplitAudit['summary'];
  const overall = Object.fromEntries(
    Object.entries(METRIC_INDEX).map(([k, m]) => [k, toEstimate(estimate(ev, conf, (v) => v.overall(m)))]),
  ) as SplitAudit['overall'];
  return { split, arrays, primary: ev, audit: { split, n, overall, summary, tables } };
}

/** Which group (or pair) attains the constraint's worst value on the point estimate. */
function worstOf(spec: ConstraintSpec, ev: Evaluation, data: AuditData, gs: number[]): string | null {
  const view = pointView(ev);
  const m = spec.kind === 'positive-rate-gap' ? METRIC_INDEX.positiveRate : spec.kind === 'tpr-gap' || spec.kind === 'equalized-odds' ? METRIC_INDEX.tpr : spec.kind === 'accuracy-gap' ? METRIC_INDEX.accuracy : METRIC_INDEX.loss;
  const ranked = gs.filter((g) => Number.isFinite(view.group(g, m))).sort((a, b) => view.group(a, m) - view.group(b, m));
  if (ranked.length === 0) return null;
  const name = (g: number) => data.groups[g]!.name;
  if (spec.kind === 'worst-group-loss') return name(ranked[ranked.length - 1]!);
  if (spec.topology === 'pairwise') return `${name(ranked[ranked.length - 1]!)} vs ${name(ranked[0]!)}`;
  const all = view.overall(m);
  const far = ranked.reduce((a, b) => (Math.abs(view.group(b, m) - all) > Math.abs(view.group(a, m) - all) ? b : a));
  return `${name(far)} vs overall`;
}

/** `certified[k]`: the verdicts of split works[k] (certifiedVerdicts). */
function buildCertificate(data: AuditData, works: SplitWork[], confidence: number, certified: SpecVerdict[][]): CertificateRow[] {
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

/** Point estimates across thresholds: how accuracy and the worst impact ratio move with the decision threshold. */
function thresholdSweep(data: AuditData, arrays: SplitArrays): AuditResult['thresholdSweep'] {
  const groupings = tableGroupings(data);
  const sorted = groupings.map(({ grouping }) => sortRows(arrays.probs, arrays.labels, remapRows(arrays.groups, grouping.map), grouping.groups.length));
  const overall = sortRows(arrays.probs, arrays.labels, new Int32Array(arrays.probs.length), 1);
  const out: AuditResult['thresholdSweep'] = [];
  for (let t = 0.1; t < 0.91; t += 0.05) {
    const threshold = Math.round(t * 100) / 100;
    const o = new Float64Array(STATS_WIDTH);
    accumulate(overall, threshold, null, o);
    const om = new Float64Array(METRIC_COUNT);
    metricsFromStats(o, 0, om, 0);
    const minImpactRatio: Record<string, number | null> = {};
    groupings.forEach(({ title, grouping }, i) => {
      const rows = sorted[i]!;
      const st = new Float64Array(rows.groupCount * STATS_WIDTH);
      accumulate(rows, threshold, null, st);
      const rates: number[] = [];
      const total = arrays.probs.length;
      grouping.groups.forEach((g, k) => {
        const n = st[k * STATS_WIDTH]!;
        if (n >= data.minSize && n >= MIN_SHARE * total && !g.parts.some(isUnknownPart)) rates.push(st[k * STATS_WIDTH + 2]! / n);
      });
      const max = Math.max(...rates);
      minImpactRatio[title] = rates.length && max > 0 ? Math.min(...rates) / max : null;
    });
    const acc = om[METRIC_INDEX.accuracy]!;
    const pr = om[METRIC_INDEX.positiveRate]!;
    out.push({ threshold, accuracy: Number.isFinite(acc) ? acc : null, positiveRate: Number.isFinite(pr) ? pr : null, minImpactRatio });
  }
  return out;
}

/** The whole audit of one run from plain arrays. */
export function computeAudit(data: AuditData, run: RunInfo, options: AuditOptions): AuditResult {
  const works: SplitWork[] = [auditSplit(data, 'train', data.train, options)];
  if (data.validation) works.push(auditSplit(data, 'validation', data.validation, options));
  const test = auditSplit(data, 'test', data.test, options);
  works.push(test);
  const certified = works.map((w) => certifiedVerdicts(data, w.arrays, options.threshold));
  // A degenerate model passes the four-fifths rule trivially (everyone selected: every ratio is 1): never "pass".
  works.forEach((w, k) => {
    if (certified[k]!.warnings.length === 0) return;
    for (const table of w.audit.tables) for (const row of table.rows) if (row.fourFifths === 'pass') row.fourFifths = 'trivial';
  });
  const certificate = buildCertificate(data, works, options.bootstrap.confidence, certified.map((c) => c.verdicts));
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
