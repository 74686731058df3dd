import { createHash } from 'node:crypto';
import type { AuditResult } from '../../../../shared/audit.js';
import type { EvaluationPoint, HistoryPoint, Results } from '../../../../shared/config/results.js';
import type { TaskConfig } from '../../../../shared/config/task-config.js';
import type { ReportContextFields } from '../../../../shared/project.js';
import type { PreparedTask } from '../../data/prepared-task.js';
import type { AuditBundle } from '../build-audit.js';

/**
 * Fields a person fills in (auditor, intended use). Every one has a placeholder that reads as a blank to fill,
 * never as a claim the tool made.
 */
export type ReportContext = Required<ReportContextFields>;

export const CONTEXT_PLACEHOLDERS: ReportContext = {
  systemName: '[name of the system under audit]',
  systemVersion: '[version]',
  author: '[auditor name]',
  authorRole: '[role / organisation]',
  independence: '[state whether the auditor is independent of the developer and deployer of the system]',
  decision: '[the decision the model supports, e.g. "shortlisting applicants for interview"]',
  affected: '[who is affected by the decision]',
  outOfScope: '[uses the model was not built or audited for]',
  intervention: '[punitive or assistive: what happens to a person predicted positive]',
  rationale:
    '[why the chosen fairness notion fits: e.g. equal selection rates (independence) when the label itself may be biased; equal error rates (separation) when the label is trusted]',
  distributionDate: '[date the tool was or will be distributed]',
};

/** What the HTML template reads: the audit plus provenance and training evidence, all plain data. */
export interface ReportInput {
  reportId: string;
  audit: AuditResult;
  context: ReportContext;
  results: Results;
  config: TaskConfig;
  task: Pick<PreparedTask, 'featureNames' | 'groupAttributes' | 'groups' | 'dataset'> & {
    rows: { train: number; validation: number; test: number };
  };
  history: { points: HistoryPoint[]; evaluations: EvaluationPoint[] };
  modelHashes: { files: Record<string, string>; combined: string };
  baseline: { results: Results; runIndex: number; config: TaskConfig } | null;
  attachments: { json: string; csv: string };
}

export function reportInputFrom(
  bundle: AuditBundle,
  context: Partial<ReportContext>,
  attachments: ReportInput['attachments'],
): ReportInput {
  const { main } = bundle;
  const t = main.task;
  const reportId = createHash('sha256')
    .update(`${main.results.configSha256}|${main.runIndex}|${bundle.audit.generatedAt}|${bundle.audit.threshold}`)
    .digest('hex')
    .slice(0, 12)
    .toUpperCase();
  const filled = Object.fromEntries(
    Object.entries({ ...CONTEXT_PLACEHOLDERS, systemName: main.config.name ?? CONTEXT_PLACEHOLDERS.systemName }).map(
      ([k, v]) => {
        const given = context[k as keyof ReportContext];
        return [k, given && given.trim() ? given : v];
      },
    ),
  ) as unknown as ReportContext;
  return {
    reportId: `FB-${reportId}`,
    audit: bundle.audit,
    context: filled,
    results: main.results,
    config: main.config,
    task: {
      featureNames: t.featureNames,
      groupAttributes: t.groupAttributes,
      groups: t.groups,
      dataset: t.dataset,
      rows: { train: t.train.rows, validation: t.validation?.rows ?? 0, test: t.test.rows },
    },
    history: main.history,
    modelHashes: main.modelHashes,
    baseline: bundle.baseline
      ? { results: bundle.baseline.results, runIndex: bundle.baseline.runIndex, config: bundle.baseline.config }
      : null,
    attachments,
  };
}
