import type { RunInfo } from '../../shared/audit.js';
import type { AuditData } from '../../main/core/audit/compute-audit.js';

/** One split's scores as computeAudit reads them: probability, 0/1 label and group index per row. */
export interface AuditSplit {
  probs: Float32Array;
  labels: Float32Array;
  groups: Int32Array;
}

/** The run an audit is about, for tests where its training details do not matter. */
export function auditRun(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    ref: 'job/0',
    label: 'test',
    solver: 'sgd',
    params: {},
    seed: 0,
    status: 'completed',
    iterations: 1,
    seconds: 1,
    selectedIteration: 1,
    selectionRule: 'last',
    selectionSplit: 'train',
    ...overrides,
  };
}

/**
 * Audit input over one attribute whose categories are the groups (group index i is groupNames[i]), with the same rows
 * as train and test split and no validation split.
 */
export function oneAttributeAudit(
  attribute: { name: string; column: string },
  groupNames: string[],
  split: AuditSplit,
  options: { constraints?: AuditData['constraints']; minSize?: number } = {},
): AuditData {
  return {
    attributes: [attribute],
    groups: groupNames.map((name) => ({ name, parts: [name], small: false })),
    minSize: options.minSize ?? 1,
    constraints: options.constraints ?? [],
    train: split,
    validation: null,
    test: split,
  };
}
