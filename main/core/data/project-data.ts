import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FairboundError } from '../../../shared/errors.js';
import type { DatasetSummary } from '../../../shared/ipc/channels/datasets.js';
import type { Project } from '../../../shared/project.js';
import { DATASETS_DIR, readMeta } from './cache.js';
import { withConnection } from './duckdb.js';
import { openCachedTable, type CachedTable } from './table.js';
import { draftColumnNames, namedSummary, namedTable } from './column-names.js';

/**
 * A project's imported dataset: its ref, its cache folder and the summary stored beside the cache, its columns named
 * as the task draft names them (data.columnNames).
 */
export async function projectDataset(
  project: Project,
  projectDir: string,
): Promise<{ cacheDir: string; parquet: string; summary: DatasetSummary }> {
  const ref = project.dataset;
  if (!ref) throw new FairboundError('not-found', `Project "${project.name}" has no dataset yet: import a CSV first.`);
  const cacheDir = path.join(projectDir, DATASETS_DIR);
  const meta = await readMeta(cacheDir, ref.sha256);
  if (!meta) {
    throw new FairboundError(
      'dataset-unreadable',
      `The cached copy of ${ref.sourceName} is missing from the project; import the file again.`,
      {
        file: ref.sourcePath,
      },
    );
  }
  return {
    cacheDir,
    parquet: path.join(projectDir, ref.cacheFile),
    summary: namedSummary(meta.summary, draftColumnNames(project.task)),
  };
}

export async function withProjectTable<T>(
  project: Project,
  projectDir: string,
  fn: (conn: DuckDBConnection, table: CachedTable) => Promise<T>,
): Promise<T> {
  const { parquet } = await projectDataset(project, projectDir);
  const names = draftColumnNames(project.task);
  return withConnection(async (conn) => fn(conn, namedTable(await openCachedTable(conn, parquet), names, parquet)));
}
