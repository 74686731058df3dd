import { describeConfigIssues, taskConfigSchema, type TaskConfig } from '../../../shared/config/task-config.js';
import { SOLVERS, resolveSolverParams } from '../../../shared/solvers.js';
import { baselineConstraintOf } from '../../../shared/config/baseline.js';
import { isBaselineSolver } from '../../../shared/fairness.js';

export type ConfigCheck = { ok: true; config: TaskConfig } | { ok: false; issues: string[] };

/**
 * Validates a task config beyond its schema: solver params are checked against the solver catalogue,
 * so a typo ("tua") or an out-of-range value fails here, naming the field, instead of being ignored by the engine.
 */
export function checkTaskConfig(input: unknown): ConfigCheck {
  const parsed = taskConfigSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: describeConfigIssues(parsed.error) };
  const config = parsed.data;
  const issues: string[] = [];
  const { unknown, outOfRange } = resolveSolverParams(config.solver.name, config.solver.params);
  const known = SOLVERS[config.solver.name].params.map((p) => p.key);
  for (const key of unknown) {
    const hint = known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)';
    issues.push(`solver.params.${key}: unknown parameter for solver "${config.solver.name}"${hint}`);
  }
  for (const entry of outOfRange) {
    const key = entry.slice(0, entry.indexOf('='));
    issues.push(`solver.params.${key}: out of range, ${entry}`);
  }
  if (SOLVERS[config.solver.name].constrained && config.constraints.length === 0) {
    issues.push(`constraints: "${config.solver.name}" is a constrained solver; add at least one constraint`);
  } else if (isBaselineSolver(config.solver.name)) {
    const choice = baselineConstraintOf(config.solver.name, config.constraints);
    if (!choice.ok) issues.push(`constraints: ${choice.issue}`);
    if (config.solver.name === 'exponentiated-gradient' && config.classWeights === 'balanced')
      issues.push(
        'classWeights: "exponentiated-gradient" fits unweighted regressions (as Fairlearn does); set classWeights to "none"',
      );
  }
  if (config.data.features && config.data.features.includes(config.data.label.column)) {
    issues.push(`data.features: the label column "${config.data.label.column}" cannot also be a feature`);
  }
  const protectedColumns = new Set(config.groups.attributes.map((a) => a.column));
  for (const column of config.data.protectedAsFeatures) {
    if (!protectedColumns.has(column))
      issues.push(`data.protectedAsFeatures: "${column}" is not a group attribute column`);
  }
  return issues.length ? { ok: false, issues } : { ok: true, config };
}
