import path from 'node:path';
import type { SplitAudit } from '../../../shared/audit.js';
import { CARD_METRIC_KEYS, MODEL_CARD_FORMAT, type CardMetrics, type ModelCard } from '../../../shared/model-card.js';
import { CONTEXT_PLACEHOLDERS, type ReportInput } from '../audit/report/report-input.js';

/** What a card is made from: the audit and its provenance, exactly as the PDF gets them. */
export type ModelCardSource = Pick<ReportInput, 'audit' | 'context' | 'config' | 'task' | 'modelHashes'>;

function pickMetrics(metrics: SplitAudit['overall']): CardMetrics {
  return Object.fromEntries(CARD_METRIC_KEYS.map((k) => [k, metrics[k]])) as CardMetrics;
}

/** A context field as given, or null where the report would print its placeholder. */
function given(value: string, placeholder: string): string | null {
  return value === placeholder || !value.trim() ? null : value;
}

/** `sourceName`: the file's name as the user gave it, where the task read a cached copy (app projects). */
export function modelCardFrom(r: ModelCardSource, hidden: number[], sourceName?: string): ModelCard {
  const { audit, context, config, task } = r;
  const test = audit.splits.test;
  const label = config.data.label;
  // The audit's own degenerate-model warnings: its verdicts are already `trivial` for such a model, never `satisfied`.
  const warnings = audit.warnings.map((w) => w.message);
  // The per-group table of the intersections when there are several attributes, else the single attribute's.
  const table = test.tables.find((t) => t.kind === 'intersection') ?? test.tables[0];
  const protectedColumns = config.groups.attributes.map((a) => a.column);
  return {
    format: MODEL_CARD_FORMAT,
    version: 1,
    generatedAt: audit.generatedAt,
    model: {
      name: config.name ?? audit.run.label,
      run: audit.run.ref,
      solver: audit.run.solver,
      params: audit.run.params,
      seed: audit.run.seed,
      hidden,
      featureNames: task.featureNames,
      threshold: audit.threshold,
      modelSha256: r.modelHashes.combined,
    },
    intendedUse: {
      decision: given(context.decision, CONTEXT_PLACEHOLDERS.decision),
      affected: given(context.affected, CONTEXT_PLACEHOLDERS.affected),
      outOfScope: given(context.outOfScope, CONTEXT_PLACEHOLDERS.outOfScope),
      intervention: given(context.intervention, CONTEXT_PLACEHOLDERS.intervention),
      rationale: given(context.rationale, CONTEXT_PLACEHOLDERS.rationale),
    },
    protectedAttributes: {
      names: task.groupAttributes,
      usedAsInputs: config.data.protectedAsFeatures.filter((c) => protectedColumns.includes(c)),
    },
    data: {
      file: sourceName ?? path.basename(task.dataset.path),
      sha256: task.dataset.sha256,
      label: label.positive
        ? `${label.column} ∈ {${label.positive.join(', ')}}`
        : `${label.column} ${label.rule ?? ''}`.trim(),
      rowsRead: task.dataset.rowsRead,
      rowsUsed: task.dataset.rowsUsed,
      split: task.rows,
    },
    groups: task.groups.map((g) => ({ name: g.name, trainCount: g.trainCount, small: g.small })),
    constraints: audit.certificate.map((c) => {
      const t = c.splits.find((s) => s.split === 'test')!;
      return {
        name: c.name,
        kind: c.kind,
        tolerance: c.tolerance,
        test: { value: t.value, lo: t.lo, hi: t.hi, upper: t.upper, verdict: t.verdict },
      };
    }),
    allSatisfied: audit.allSatisfied,
    metrics: {
      split: 'test',
      confidence: audit.bootstrap.confidence,
      resamples: audit.bootstrap.resamples,
      overall: pickMetrics(test.overall),
      groups: (table?.rows ?? []).map((g) => ({ name: g.name, n: g.n, metrics: pickMetrics(g.metrics) })),
    },
    warnings,
  };
}
