import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TaskConfig } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import { CONSTRAINT_DESCRIPTIONS } from '../../../shared/fairness.js';
import type { TrainSettings } from '../../../shared/ipc/channels/training.js';
import type { Project } from '../../../shared/project.js';
import { SOLVERS } from '../../../shared/solvers.js';
import { checkTaskConfig } from '../configs/validate.js';

const READABLE_CACHE = new Map([
  ['.parquet', 'parquet'],
  ['.csv', 'csv'],
  ['.tsv', 'tsv'],
] as const);

/**
 * Where training reads the data: the project's cache when it is a table format the preparation reads (it survives
 * the original file moving), else the original path, else whatever the draft holds.
 */
export function resolveDataPath(
  project: Project,
  projectDir: string,
): { path: string; format?: 'csv' | 'tsv' | 'parquet' } | null {
  const ref = project.dataset;
  if (ref) {
    const cache = path.resolve(projectDir, ref.cacheFile);
    const format = READABLE_CACHE.get(path.extname(cache).toLowerCase() as '.csv');
    if (format && existsSync(cache)) return { path: cache, format };
    return { path: ref.sourcePath, format: ref.format };
  }
  return null;
}

/** The project's task draft merged with (optional) train settings, before validation. */
export function draftWithSettings(
  project: Project,
  projectDir: string,
  settings?: TrainSettings,
): Record<string, unknown> {
  const draft: Record<string, unknown> = { ...(project.task ?? {}), ...(settings ?? {}) };
  const data = resolveDataPath(project, projectDir);
  if (data) {
    const prior =
      typeof draft['data'] === 'object' && draft['data'] !== null ? (draft['data'] as Record<string, unknown>) : {};
    draft['data'] = { ...prior, path: data.path, ...(data.format ? { format: data.format } : {}) };
  }
  return draft;
}

/**
 * Turns the project's draft into a validated TaskConfig. Errors are FairboundError 'invalid-config' whose message
 * names each offending field (e.g. "solver.params.rho: 2e9 (allowed 0…10000)").
 */
export function taskConfigFromProject(project: Project, projectDir: string, settings?: TrainSettings): TaskConfig {
  const check = checkTaskConfig(draftWithSettings(project, projectDir, settings));
  if (!check.ok)
    throw new FairboundError('invalid-config', `The task is not ready to train: ${check.issues.join('; ')}`, {
      issues: check.issues,
    });
  return check.config;
}

/** A short job label: solver, then each constraint it enforces as "kind ≤ tolerance" (unconstrained ones say so). */
export function jobLabel(config: TaskConfig): string {
  const solver = SOLVERS[config.solver.name];
  const parts = solver.constrained
    ? config.constraints.map((c) => `${CONSTRAINT_DESCRIPTIONS[c.kind].title.split(' (')[0]} ≤ ${c.tolerance}`)
    : ['unconstrained'];
  return [solver.title.split(' (')[0], ...parts].join(' · ');
}
