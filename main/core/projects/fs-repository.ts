import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FairboundError } from '../../../shared/errors.js';
import { projectIdSchema } from '../../../shared/ipc/channels/projects.js';
import { PROJECT_SCHEMA_VERSION, projectSchema, type Project, type ProjectSummary } from '../../../shared/project.js';
import { writeFileAtomic } from './atomic-write.js';
import { KeyedLock } from './keyed-lock.js';
import { migrate } from './migrations.js';
import type { ProjectRepository } from './repository.js';

const MANIFEST = 'project.json';
const SUBFOLDERS = ['datasets', 'runs', 'reports'] as const;

export interface RepositoryHooks {
  /** Called after every successful write; project is null when it was removed. */
  onChange?(id: string, project: Project | null): void;
  /** Last known name of a project, for naming a damaged one on the home screen. */
  nameHint?(id: string): string | undefined;
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

/** Temp files of atomic writes (.name.<pid>.<hex>.tmp), imports (.import-<uuid>.parquet.tmp) and cache metadata (<sha>.json.<uuid>.tmp). */
function isTempFile(name: string): boolean {
  return /^\..+\.tmp$/.test(name) || /\.[0-9a-f-]{36}\.tmp$/.test(name);
}

function damaged(id: string, reason: string): FairboundError {
  return new FairboundError('project-damaged', `Project ${id}: ${reason}. The file was left untouched.`, { id });
}

/** How far file modification times may lag behind Date.now() (coarse kernel clock), with room to spare. */
const FILE_CLOCK_MARGIN_MS = 100;

/** Projects as folders under root: <root>/<id>/project.json plus datasets/, runs/, reports/. */
export class FsProjectRepository implements ProjectRepository {
  readonly #root: string;
  readonly #hooks: RepositoryHooks;
  readonly #lock = new KeyedLock();

  constructor(root: string, hooks: RepositoryHooks = {}) {
    this.#root = root;
    this.#hooks = hooks;
  }

  dir(id: string): string {
    if (!projectIdSchema.safeParse(id).success) throw new FairboundError('not-found', `No project with id "${id}".`);
    return path.join(this.#root, id);
  }

  async list(): Promise<ProjectSummary[]> {
    let entries: string[];
    try {
      entries = await fs.readdir(this.#root);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    const ids = entries.filter((name) => projectIdSchema.safeParse(name).success);
    const summaries = await Promise.all(ids.map((id) => this.#summarise(id)));
    const present = summaries.filter((s): s is ProjectSummary => s !== null);
    const key = (s: ProjectSummary) => (s.status === 'ok' ? s.modifiedAt : '');
    return present.sort((a, b) => key(b).localeCompare(key(a)) || a.id.localeCompare(b.id));
  }

  async #summarise(id: string): Promise<ProjectSummary | null> {
    try {
      const project = await this.get(id);
      const lastJob = project.jobs.at(-1);
      return {
        status: 'ok',
        id,
        name: project.name,
        datasetName: project.dataset?.sourceName ?? null,
        modifiedAt: project.modifiedAt,
        lastJobStatus: lastJob?.status ?? null,
      };
    } catch (error) {
      if (error instanceof FairboundError && error.code === 'not-found') return null;
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'damaged', id, name: this.#hooks.nameHint?.(id) ?? null, error: message };
    }
  }

  async create(name: string): Promise<Project> {
    const id = randomUUID();
    const now = new Date().toISOString();
    const project: Project = {
      schemaVersion: PROJECT_SCHEMA_VERSION,
      id,
      name,
      createdAt: now,
      modifiedAt: now,
      dataset: null,
      task: null,
      jobs: [],
      modelRun: null,
    };
    // Built in a staging folder and renamed into place: a crash leaves either no project or a complete one.
    const staging = path.join(this.#root, `.staging-${id}`);
    await fs.mkdir(staging, { recursive: true });
    try {
      for (const sub of SUBFOLDERS) await fs.mkdir(path.join(staging, sub));
      await writeFileAtomic(path.join(staging, MANIFEST), `${JSON.stringify(projectSchema.parse(project), null, 2)}\n`);
      await fs.rename(staging, this.dir(id));
    } catch (error) {
      await fs.rm(staging, { recursive: true, force: true });
      throw error;
    }
    this.#hooks.onChange?.(id, project);
    return project;
  }

  get(id: string): Promise<Project> {
    return this.#lock.run(id, () => this.#read(id));
  }

  /** Reads, migrates (keeping a copy of the old file) and validates project.json. Caller holds the lock. */
  async #read(id: string): Promise<Project> {
    const file = path.join(this.dir(id), MANIFEST);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) {
        const dirExists = await fs.stat(this.dir(id)).then(
          () => true,
          () => false,
        );
        if (!dirExists) throw new FairboundError('not-found', `No project with id "${id}".`, { id });
        throw damaged(id, 'project.json is missing');
      }
      throw damaged(id, `project.json cannot be read (${(error as Error).message})`);
    }
    let raw: unknown;
    try {
      // A byte-order mark (left by an editor that saved the file) is not damage.
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw damaged(id, `project.json is not valid JSON (${(error as Error).message})`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw damaged(id, 'project.json is not a JSON object');
    const outcome = migrate(raw as Record<string, unknown>);
    if (outcome.kind === 'too-new') {
      throw damaged(id, `project.json has schema version ${outcome.version}, made by a newer Fairbound`);
    }
    if (outcome.kind === 'no-path') throw damaged(id, `no migration from schema version ${outcome.version}`);
    const parsed = projectSchema.safeParse(outcome.doc);
    if (!parsed.success) throw damaged(id, `project.json does not match the schema: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.id !== id) throw damaged(id, `project.json belongs to project "${parsed.data.id}"`);
    if (outcome.kind === 'migrated') {
      const backup = path.join(this.dir(id), `project.v${outcome.from}.json`);
      await fs.writeFile(backup, text, { flag: 'wx' }).catch((error: unknown) => {
        if (!isErrno(error, 'EEXIST')) throw error;
      });
      await writeFileAtomic(file, `${JSON.stringify(parsed.data, null, 2)}\n`);
    }
    return parsed.data;
  }

  async #write(project: Project): Promise<void> {
    const checked = projectSchema.parse(project);
    await writeFileAtomic(path.join(this.dir(project.id), MANIFEST), `${JSON.stringify(checked, null, 2)}\n`);
    this.#hooks.onChange?.(project.id, checked);
  }

  update(id: string, mutate: (project: Project) => Project | void): Promise<Project> {
    return this.#lock.run(id, async () => {
      const current = structuredClone(await this.#read(id));
      const next = mutate(current) ?? current;
      if (next.id !== id) throw new FairboundError('conflict', `A project's id cannot change (${id}).`);
      const updated: Project = { ...next, modifiedAt: new Date().toISOString() };
      await this.#write(updated);
      return updated;
    });
  }

  rename(id: string, name: string): Promise<Project> {
    return this.update(id, (project) => ({ ...project, name }));
  }

  duplicate(id: string): Promise<Project> {
    return this.#lock.run(id, async () => {
      const source = await this.#read(id);
      const copyId = randomUUID();
      const staging = path.join(this.#root, `.staging-${copyId}`);
      await fs.cp(this.dir(id), staging, {
        recursive: true,
        errorOnExist: true,
        filter: (from) => path.basename(from) !== MANIFEST || path.dirname(from) !== this.dir(id),
      });
      const now = new Date().toISOString();
      const copy: Project = {
        ...structuredClone(source),
        id: copyId,
        name: `${source.name} (copy)`,
        createdAt: now,
        modifiedAt: now,
      };
      await writeFileAtomic(path.join(staging, MANIFEST), `${JSON.stringify(projectSchema.parse(copy), null, 2)}\n`);
      await fs.rename(staging, this.dir(copyId));
      this.#hooks.onChange?.(copyId, copy);
      return copy;
    });
  }

  /**
   * Removes what interrupted operations leave behind: .trash-* and .staging-* folders under the root, and temp files
   * inside project folders (atomic writes, dataset imports, cache metadata). Only leftovers older than minAgeMs go, so
   * work in flight in another process on the same folder is never touched; 0 when this process owns the data folder
   * (then `now`, the moment this process opened the folder, keeps its own work safe).
   */
  async sweep(minAgeMs = 15 * 60_000, now = Date.now()): Promise<string[]> {
    const removed: string[] = [];
    // File times come from the kernel's coarse clock, a few milliseconds behind Date.now(): without the margin a
    // staging folder this process creates right after opening the folder can look older than `now` and be swept.
    const cutoff = now - minAgeMs - FILE_CLOCK_MARGIN_MS;
    const stale = async (file: string) => ((await fs.stat(file).catch(() => null))?.mtimeMs ?? Infinity) < cutoff;
    const sweepTemps = async (dir: string, depth: number): Promise<void> => {
      for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && depth > 0) await sweepTemps(full, depth - 1);
        else if (entry.isFile() && isTempFile(entry.name) && (await stale(full))) {
          await fs.rm(full, { force: true });
          removed.push(full);
        }
      }
    };
    const entries = await fs.readdir(this.#root, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(this.#root, entry.name);
      if (entry.isDirectory() && /^\.(trash|staging)-/.test(entry.name)) {
        if (!(await stale(full))) continue;
        await fs.rm(full, { recursive: true, force: true });
        removed.push(full);
      } else if (entry.isDirectory() && projectIdSchema.safeParse(entry.name).success) {
        await sweepTemps(full, 3);
      }
    }
    return removed;
  }

  remove(id: string): Promise<void> {
    return this.#lock.run(id, async () => {
      const trash = path.join(this.#root, `.trash-${id}-${Date.now()}`);
      try {
        await fs.rename(this.dir(id), trash);
      } catch (error) {
        if (isErrno(error, 'ENOENT')) throw new FairboundError('not-found', `No project with id "${id}".`, { id });
        throw error;
      }
      await fs.rm(trash, { recursive: true, force: true });
      this.#hooks.onChange?.(id, null);
    });
  }
}
