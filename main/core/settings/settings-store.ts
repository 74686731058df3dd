import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/settings.js';

/** Preferences and the projects index; electron-store in the shell, conf in plain Node (same file format). */
export interface SettingsStore {
  get(): Settings;
  update(patch: (current: Settings) => Settings): Settings;
  /** Calls `listener` after every update with the settings as saved; returns the unsubscribe. */
  onChange(listener: (settings: Settings) => void): () => void;
  /** Absolute path of settings.json. */
  readonly path: string;
  /** Set when the file on disk was invalid and got backed up and reset; the user must be told. */
  readonly problem: string | null;
}

/** The part of conf / electron-store this adapter needs; both classes satisfy it. */
export interface ConfLike {
  readonly store: Record<string, unknown>;
  set(object: Partial<Record<string, unknown>>): void;
  clear(): void;
}

export type ConfFactory = (options: {
  cwd: string;
  configName: string;
  clearInvalidConfig: false;
  defaults: Settings;
}) => ConfLike;

export const CONFIG_NAME = 'settings';

/** conf in plain Node (tests, headless host, CLI): explicit folder, no projectName guessing. */
export const plainConf: ConfFactory = (options) =>
  new Conf<Record<string, unknown>>({ ...options, projectName: 'fairbound' });

function backupName(file: string): string {
  return `${file}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
}

/**
 * Opens settings.json in dir. A malformed or schema-violating file is never cleared silently: it is moved aside,
 * the store starts from defaults, and `problem` says where the old file went.
 */
export function openSettings(dir: string, factory: ConfFactory = plainConf): SettingsStore {
  const file = path.join(dir, `${CONFIG_NAME}.json`);
  const options = { cwd: dir, configName: CONFIG_NAME, clearInvalidConfig: false as const, defaults: DEFAULT_SETTINGS };
  let problem: string | null = null;
  // conf rewrites the file with defaults merged in as it opens it, so keep the original bytes for a backup.
  const original = existsSync(file) ? readFileSync(file) : null;
  let conf: ConfLike;
  try {
    conf = factory(options);
  } catch (error) {
    if (!existsSync(file)) throw error;
    const moved = backupName(file);
    renameSync(file, moved);
    problem = `Settings file was unreadable (${(error as Error).message}); it was moved to ${moved} and defaults are in use.`;
    conf = factory(options);
  }
  const parsed = settingsSchema.safeParse(conf.store);
  let current: Settings;
  if (parsed.success) {
    current = parsed.data;
  } else {
    const moved = backupName(file);
    if (original !== null) writeFileSync(moved, original);
    problem = `Settings file did not match the schema (${z.prettifyError(parsed.error)}); it was moved to ${moved} and defaults are in use.`;
    conf.clear();
    conf.set(DEFAULT_SETTINGS);
    current = DEFAULT_SETTINGS;
  }
  const listeners = new Set<(settings: Settings) => void>();
  return {
    path: file,
    problem,
    get: () => current,
    update(patch) {
      const next = settingsSchema.parse(patch(current));
      conf.set(next);
      current = next;
      for (const listener of listeners) listener(next);
      return next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
