import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TaskConfig } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { DatasetRef, Project } from '../../../shared/project.js';
import type { ProjectRepository } from '../projects/repository.js';
import { DEFAULT_TRAIN_SETTINGS } from '../training/train-settings.js';
import { validateConfig } from './config-file.js';

export interface ExportedConfig {
  config: TaskConfig;
  /** Pretty JSON, ready to save and run with `fairbound run`. */
  json: string;
  /** Suggested file name, from the project name. */
  fileName: string;
  warnings: string[];
}

function fileNameFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 60);
  return `${slug || 'task'}.task.json`;
}

/**
 * The project's task as a standalone config. data.path names the dataset's original file (absolute), since the
 * project's cache is internal; a missing original is a warning, not an error, so the config can still be shared.
 */
export function projectToConfig(project: Project): ExportedConfig {
  if (!project.dataset)
    throw new FairboundError(
      'invalid-config',
      `Project "${project.name}" has no dataset yet; import one before exporting its config.`,
    );
  if (!project.task)
    throw new FairboundError(
      'invalid-config',
      `Project "${project.name}" has no task yet; choose a label and groups before exporting.`,
    );
  const data =
    typeof project.task['data'] === 'object' && project.task['data'] !== null
      ? (project.task['data'] as Record<string, unknown>)
      : {};
  // A project set up in the Data tab only has no train settings yet: export the ones its Train tab shows.
  const draft = {
    ...DEFAULT_TRAIN_SETTINGS,
    ...project.task,
    data: { ...data, path: project.dataset.sourcePath, format: project.dataset.format },
  };
  const config = validateConfig(draft, `project "${project.name}"`);
  const warnings = existsSync(project.dataset.sourcePath)
    ? []
    : [
        `The original data file ${project.dataset.sourcePath} is no longer there; place the data there (or edit data.path) before running the config.`,
      ];
  return { config, json: `${JSON.stringify(config, null, 2)}\n`, fileName: fileNameFor(project.name), warnings };
}

export interface ConfigToProjectDeps {
  projects: ProjectRepository;
  importDataset(
    projectDir: string,
    sourcePath: string,
    opts: { signal?: AbortSignal; sourceName?: string; format?: TaskConfig['data']['format'] },
  ): Promise<DatasetRef>;
}

/**
 * A new project from a validated config (data.path absolute): the dataset is imported into the project's cache
 * and the config becomes the project's task. A failed import removes the half-made project.
 */
export async function configToProject(
  config: TaskConfig,
  deps: ConfigToProjectDeps,
  options: { name?: string; sourceName?: string; signal?: AbortSignal } = {},
): Promise<{ projectId: string; name: string }> {
  if (!path.isAbsolute(config.data.path)) {
    throw new FairboundError(
      'invalid-config',
      `data.path: "${config.data.path}" is relative; give an absolute path or pick the data file`,
    );
  }
  const name = (options.name ?? config.name ?? path.basename(config.data.path)).slice(0, 200) || 'Imported task';
  const project = await deps.projects.create(name);
  try {
    const ref = await deps.importDataset(deps.projects.dir(project.id), config.data.path, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.sourceName ? { sourceName: options.sourceName } : {}),
      format: config.data.format,
    });
    const task = { ...config, data: { ...config.data, path: ref.sourcePath } };
    await deps.projects.update(project.id, (p) => {
      p.dataset = ref;
      p.task = task;
    });
    return { projectId: project.id, name };
  } catch (error) {
    // The import error is what the user needs to see; a failed clean-up leaves an empty project they can delete.
    await deps.projects.remove(project.id).catch(() => undefined);
    throw error;
  }
}
