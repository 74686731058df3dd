import { PROJECT_SCHEMA_VERSION } from '../../../shared/project.js';

/**
 * project.json upgrades, one step per version: migrations[n] turns a version-n document into version n+1.
 * Version 0 is the unversioned draft format of the first prototypes (no schemaVersion, no task, no modelRun).
 * Version 1 called the list of training jobs `runs`; version 2 calls it `jobs` (a run is one seed of a job).
 */
type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

export const migrations: Record<number, Migration> = {
  0: (doc) => ({
    ...doc,
    schemaVersion: 1,
    task: doc['task'] ?? null,
    modelRun: doc['modelRun'] ?? null,
    runs: doc['runs'] ?? [],
  }),
  1: ({ runs, ...doc }) => ({ ...doc, schemaVersion: 2, jobs: runs ?? [] }),
};

export function versionOf(doc: Record<string, unknown>): number {
  const version = doc['schemaVersion'];
  return typeof version === 'number' && Number.isInteger(version) ? version : 0;
}

export type MigrationOutcome =
  | { kind: 'current'; doc: Record<string, unknown> }
  | { kind: 'migrated'; doc: Record<string, unknown>; from: number }
  | { kind: 'too-new'; version: number }
  | { kind: 'no-path'; version: number };

/** Brings a parsed project.json up to PROJECT_SCHEMA_VERSION (or says why it cannot). */
export function migrate(doc: Record<string, unknown>, target: number = PROJECT_SCHEMA_VERSION): MigrationOutcome {
  const from = versionOf(doc);
  if (from === target) return { kind: 'current', doc };
  if (from > target) return { kind: 'too-new', version: from };
  let current = doc;
  for (let version = from; version < target; version += 1) {
    const step = migrations[version];
    if (step === undefined) return { kind: 'no-path', version };
    current = step(current);
  }
  return { kind: 'migrated', doc: current, from };
}
