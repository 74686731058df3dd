import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TaskConfig } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { BackendChoice } from '../../../shared/fairness.js';
import { checkTaskConfig } from './validate.js';

/** Command-line values that replace the config's own. */
export interface ConfigOverrides {
  runs?: number;
  /** Sets budget.seconds; other budget limits stay, and training stops at whichever comes first. */
  seconds?: number;
  backend?: BackendChoice;
  seed?: number;
}

/** Parses config JSON text; a syntax error is reported with its position. */
export function parseConfigJson(text: string, source: string): unknown {
  try {
    // Editors on Windows save JSON with a UTF-8 byte-order mark, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FairboundError('invalid-config', `${source}: not valid JSON (${reason})`);
  }
}

/** Applies overrides to the raw config object, before validation, so an override is validated like the file. */
export function applyOverrides(raw: unknown, overrides: ConfigOverrides): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const next: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (overrides.runs !== undefined) next.runs = overrides.runs;
  if (overrides.backend !== undefined) next.backend = overrides.backend;
  if (overrides.seed !== undefined) next.seed = overrides.seed;
  if (overrides.seconds !== undefined) {
    const budget =
      typeof next.budget === 'object' && next.budget !== null ? (next.budget as Record<string, unknown>) : {};
    next.budget = { ...budget, seconds: overrides.seconds };
  }
  return next;
}

/** Points a raw config at another data file (a file the user picked for it), before validation. */
export function applyDataPath(raw: unknown, dataPath: string): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const record = raw as Record<string, unknown>;
  const data =
    typeof record['data'] === 'object' && record['data'] !== null ? (record['data'] as Record<string, unknown>) : {};
  return { ...record, data: { ...data, path: dataPath } };
}

/** Validates a raw config; throws 'invalid-config' listing every problem, each naming its field. */
export function validateConfig(raw: unknown, source: string): TaskConfig {
  const check = checkTaskConfig(raw);
  if (!check.ok) {
    throw new FairboundError('invalid-config', `${source}: invalid task config\n  ${check.issues.join('\n  ')}`, {
      issues: check.issues,
    });
  }
  return check.config;
}

/** Resolves data.path against a folder: configs name their data relative to the config file's folder. */
export function resolveDataPath(config: TaskConfig, baseDir: string): TaskConfig {
  return { ...config, data: { ...config.data, path: path.resolve(baseDir, config.data.path) } };
}

/** Reads, overrides, validates a config file and resolves its data path. */
export async function readConfigFile(file: string, overrides: ConfigOverrides = {}): Promise<TaskConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FairboundError('invalid-config', `cannot read config ${file}: ${reason}`);
  }
  const config = validateConfig(applyOverrides(parseConfigJson(text, file), overrides), file);
  return resolveDataPath(config, path.dirname(path.resolve(file)));
}
