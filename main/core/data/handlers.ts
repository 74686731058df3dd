import path from 'node:path';
import { taskConfigSchema, describeConfigIssues } from '../../../shared/config/task-config.js';
import { columnNamesProblem } from '../../../shared/config/column-names.js';
import { FairboundError } from '../../../shared/errors.js';
import type { datasetsChannels, ImportSource, SplitTable } from '../../../shared/ipc/channels/datasets.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';
import { DATASETS_DIR, readMeta } from './cache.js';
import { plainRows } from './duckdb.js';
import { draftStillFits, sampleTaskDraft, suggestTaskDraft } from './draft.js';
import { groupTable } from './groups.js';
import { importDataset, type ImportPhase } from './import.js';
import { ImportJobs, throttle } from './jobs.js';
import { checkLabel, labelSql, labelStats } from './label.js';
import { leakageSuspects } from './leakage.js';
import { prepareTask } from './prepare.js';
import { projectDataset, withProjectTable } from './project-data.js';
import { ident } from './sql.js';
import { ROW_COLUMN } from './table.js';
import { checkSource, isUnder } from './source-check.js';
import { uploadsDir } from '../uploads/upload-store.js';
import { SAMPLE_DATASET_FILE } from '../../../shared/config/task-config.js';
import { HIDDEN_VALUE } from '../../../shared/personal-data.js';

/** The bundled sample inside resourcesDir. */
const SAMPLE_RELATIVE_PATH = `sample/${SAMPLE_DATASET_FILE}`;

/**
 * Imports a file into a project and records it: the dataset ref in project.json, and a task draft (the paper's
 * task for the sample; a suggestion, or the previous draft when it still fits, otherwise).
 */
export async function importIntoProject(
  services: Services,
  projectId: string,
  file: { path: string; name: string; sample: boolean },
  opts: {
    signal?: AbortSignal | undefined;
    onProgress?: ((fraction: number, phase: ImportPhase) => void) | undefined;
  } = {},
) {
  const dir = services.projects.dir(projectId);
  await services.projects.get(projectId);
  const ref = await importDataset(dir, file.path, {
    signal: opts.signal,
    onProgress: opts.onProgress,
    sourceName: file.name,
  });
  const meta = await readMeta(path.join(dir, DATASETS_DIR), ref.sha256);
  const project = await services.projects.update(projectId, (p) => {
    p.dataset = ref;
    if (file.sample) p.task = sampleTaskDraft(ref.sourcePath);
    else if (!meta || !draftStillFits(p.task, meta.summary))
      p.task = meta ? suggestTaskDraft(meta.summary, ref.sourcePath) : null;
  });
  return { ref, project };
}

/** The "create project from sample" entry point: imports the bundled sample with the paper's draft. */
export function importSampleIntoProject(services: Services, projectId: string, signal?: AbortSignal) {
  const file = path.join(services.resourcesDir, SAMPLE_RELATIVE_PATH);
  return importIntoProject(services, projectId, { path: file, name: SAMPLE_DATASET_FILE, sample: true }, { signal });
}

async function resolveSource(
  services: Services,
  source: ImportSource,
): Promise<{ path: string; name: string; sample: boolean }> {
  if (source.kind === 'sample') {
    const file = path.join(services.resourcesDir, SAMPLE_RELATIVE_PATH);
    return { path: file, name: SAMPLE_DATASET_FILE, sample: true };
  }
  if (source.kind === 'upload') return { ...(await services.resolveUpload(source.uploadId)), sample: false };
  return { path: await services.pathAccess.check(source.path), name: path.basename(source.path), sample: false };
}

/** Handlers of the datasets channels. */
export function datasetsHandlers(services: Services): HandlersFor<typeof datasetsChannels> {
  const jobs = new ImportJobs();
  const project = async (id: string) => ({ project: await services.projects.get(id), dir: services.projects.dir(id) });

  const uploads = uploadsDir(services.dataDir);
  /** The project's imported dataset ref, or a clear error when nothing was imported yet. */
  async function datasetOf(projectId: string) {
    const { project: p, dir } = await project(projectId);
    if (!p.dataset)
      throw new FairboundError('not-found', `Project "${p.name}" has no dataset yet: import a CSV first.`);
    return { ref: p.dataset, dir };
  }

  /** Runs importIntoProject off the request; progress and the outcome go out as datasets:* events carrying jobId. */
  function startImport(projectId: string, file: { path: string; name: string; sample: boolean }): { jobId: string } {
    const { jobId, signal, done } = jobs.start();
    let seq = 0;
    const progress = throttle((p: { fraction: number; phase: ImportPhase }) =>
      services.events.emit('datasets:progress', { jobId, seq: seq++, projectId, ...p }),
    );
    void importIntoProject(services, projectId, file, {
      signal,
      onProgress: (fraction, phase) => progress.push({ fraction, phase }),
    })
      .then(({ ref }) => {
        progress.flush();
        services.events.emit('datasets:finished', { jobId, seq: seq++, projectId, ok: true, dataset: ref });
      })
      .catch((error: unknown) => {
        const fb =
          error instanceof FairboundError
            ? error
            : new FairboundError('internal', `Import of ${file.name} failed unexpectedly.`);
        if (!(error instanceof FairboundError))
          services.log.log('error', 'Dataset import failed', { error, projectId });
        services.events.emit('datasets:finished', { jobId, seq: seq++, projectId, ok: false, error: fb.toPayload() });
      })
      .finally(done);
    return { jobId };
  }

  return {
    'datasets:import': async ({ projectId, source }) => {
      await services.projects.get(projectId);
      return startImport(projectId, await resolveSource(services, source));
    },
    'datasets:source-status': async ({ projectId }) => {
      const { ref, dir } = await datasetOf(projectId);
      return checkSource(dir, ref, { uploadsDir: uploads });
    },
    'datasets:reimport': async ({ projectId }) => {
      const { ref } = await datasetOf(projectId);
      if (isUnder(uploads, ref.sourcePath)) {
        throw new FairboundError(
          'dataset-unreadable',
          `${ref.sourceName} was uploaded through the browser: drop the file again to import a newer version.`,
          {
            file: ref.sourceName,
          },
        );
      }
      // Not the sample's draft: a re-import keeps the task draft whenever the columns still fit.
      return startImport(projectId, { path: ref.sourcePath, name: ref.sourceName, sample: false });
    },
    'datasets:cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'datasets:summary': async ({ projectId }) => {
      const { project: p, dir } = await project(projectId);
      return (await projectDataset(p, dir)).summary;
    },
    'datasets:preview': async ({ projectId, offset, limit, revealPersonal }) => {
      const { project: p, dir } = await project(projectId);
      const { summary } = await projectDataset(p, dir);
      return withProjectTable(p, dir, async (conn, table) => {
        const row = ident(ROW_COLUMN);
        const reader = await conn.runAndReadAll(
          `SELECT * EXCLUDE (${row}) FROM ${table.sql} WHERE ${row} >= ${offset} AND ${row} < ${offset + limit} ORDER BY ${row}`,
        );
        const total = p.dataset?.rows ?? 0;
        const columns = table.columns.map((c) => c.name);
        const personal = new Set(summary.columns.filter((c) => c.personal).map((c) => c.name));
        const hidden = revealPersonal ? [] : columns.filter((c) => personal.has(c));
        const hide = columns.map((c) => hidden.includes(c));
        const rows = plainRows(reader).map((r) => r.map((v, j) => (hide[j] && v !== null ? HIDDEN_VALUE : v)));
        return { columns, hidden, offset, rows, total };
      });
    },
    'datasets:groups': async ({ projectId, groups, label }) => {
      const { project: p, dir } = await project(projectId);
      return withProjectTable(p, dir, (conn, table) =>
        groupTable(conn, table.sql, table.columns, groups, label ? labelSql(label, table.columns) : undefined),
      );
    },
    'datasets:label-stats': async ({ projectId, label }) => {
      const { project: p, dir } = await project(projectId);
      return withProjectTable(p, dir, async (conn, table) => {
        const stats = await labelStats(conn, table.sql, table.columns, label);
        checkLabel(stats, label);
        return stats;
      });
    },
    'datasets:leakage': async ({ projectId, label }) => {
      const { project: p, dir } = await project(projectId);
      // Ignored columns never reach the model, so they cannot leak.
      const exclude = (p.task?.['data'] as { exclude?: unknown } | undefined)?.exclude;
      const ignored = new Set(Array.isArray(exclude) ? exclude.filter((c): c is string => typeof c === 'string') : []);
      return withProjectTable(p, dir, (conn, table) => leakageSuspects(conn, table.sql, table.columns, label, ignored));
    },
    'datasets:save-draft': async ({ projectId, data, split, groups }) => {
      const names = data['columnNames'];
      if (names !== undefined) {
        // Bad names would make every later read of the table fail: refuse them here, with the reason, saving nothing.
        const { project: p } = await project(projectId);
        const problem = Array.isArray(names)
          ? columnNamesProblem(
              names.map((n) => (typeof n === 'string' ? n : '')),
              p.dataset?.columns,
            )
          : 'must be a list of names';
        if (problem) throw new FairboundError('invalid-config', `Column names: ${problem}.`);
      }
      const saved = await services.projects.update(projectId, (p) => {
        const task: Record<string, unknown> = { ...(p.task ?? {}) };
        // The path always follows the imported dataset, whatever the renderer sent.
        task['data'] = { ...data, path: p.dataset?.sourcePath ?? (data['path'] as string | undefined) ?? '' };
        task['split'] = split;
        if (groups) task['groups'] = groups;
        else delete task['groups'];
        p.task = task;
      });
      return { task: saved.task ?? {} };
    },
    'datasets:split-stats': async ({ projectId }) => {
      const { project: p, dir } = await project(projectId);
      const { cacheDir, parquet } = await projectDataset(p, dir);
      const draft = p.task ?? {};
      // Only the data, split and groups parts matter here; the rest is filled so the draft validates.
      const parsed = taskConfigSchema.safeParse({
        data: { ...(draft['data'] as object), path: parquet, format: 'parquet' },
        split: draft['split'],
        groups: draft['groups'],
        solver: { name: 'adam' },
        budget: { epochs: 1 },
      });
      if (!parsed.success) {
        throw new FairboundError(
          'invalid-config',
          `The task draft is incomplete: ${describeConfigIssues(parsed.error).join('; ')}`,
        );
      }
      const prepared = await prepareTask(parsed.data, { cacheDir });
      prepared.stream?.close();
      return splitTable(prepared);
    },
  };
}

function splitTable(prepared: Awaited<ReturnType<typeof prepareTask>>): SplitTable {
  const parts = [
    ['train', prepared.train],
    ['validation', prepared.validation],
    ['test', prepared.test],
  ] as const;
  const present = parts.filter(([, s]) => s !== null) as [string, NonNullable<(typeof parts)[number][1]>][];
  const groups = prepared.groups.map((g) => ({ name: g.name, counts: {} as Record<string, number> }));
  const totals: Record<string, number> = {};
  for (const [name, split] of present) {
    totals[name] = split.rows;
    for (const g of groups) g.counts[name] = 0;
    for (const id of split.groups) groups[id]!.counts[name]!++;
  }
  return { splits: present.map(([n]) => n as 'train' | 'validation' | 'test'), totals, groups };
}
