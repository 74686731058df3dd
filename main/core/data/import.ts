import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FairboundError } from '../../../shared/errors.js';
import type { DatasetSummary } from '../../../shared/ipc/channels/datasets.js';
import type { DatasetRef } from '../../../shared/project.js';
import {
  DATASETS_DIR,
  cachePaths,
  findBySourceStat,
  isCurrentReader,
  readMeta,
  removeQuietly,
  tempParquet,
  writeMeta,
  type CacheMeta,
} from './cache.js';
import { cancelled, queryObjects, runCancellable, withConnection } from './duckdb.js';
import { describeDuckError, ioError } from './errors.js';
import { hashFile } from './hash.js';
import { cleanSelect, openSource, type SourceFormat, type SourceInfo } from './source.js';
import { literal } from './sql.js';
import { checkColumnCount, summariseColumns } from './summary.js';

export type ImportPhase = 'hash' | 'parse' | 'summary' | 'done';

export interface ImportOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number, phase: ImportPhase) => void) | undefined;
  /** Name to record (an upload's original file name); default: the file's base name. */
  sourceName?: string | undefined;
  format?: SourceFormat | undefined;
}

// Share of the progress bar per phase: hashing streams the file once, parsing reads it again.
const HASH_END = 0.3;
const PARSE_END = 0.9;

/**
 * Reads a source file into the project's cache (datasets/<sha256>.parquet) and returns the ref for project.json.
 * An unchanged file (same path, size, mtime) or identical content (same hash) reuses the cache.
 */
export async function importDataset(
  projectDir: string,
  sourcePath: string,
  opts: ImportOptions = {},
): Promise<DatasetRef> {
  const meta = await importIntoCache(path.join(projectDir, DATASETS_DIR), sourcePath, opts);
  opts.onProgress?.(1, 'done');
  return {
    sourceName: meta.sourceName,
    sourcePath: meta.sourcePath,
    sha256: meta.sha256,
    bytes: meta.bytes,
    format: meta.summary.format,
    cacheFile: `${DATASETS_DIR}/${meta.sha256}.parquet`,
    rows: meta.summary.rows,
    columns: meta.summary.columns.length,
    importedAt: new Date().toISOString(),
  };
}

/** The cache entry for a source file in `cacheDir`, built if missing (prepareTask uses this with any folder). */
export async function importIntoCache(
  cacheDir: string,
  sourcePath: string,
  opts: ImportOptions = {},
): Promise<CacheMeta> {
  const { signal, onProgress } = opts;
  const file = path.resolve(sourcePath);
  const sourceName = opts.sourceName ?? path.basename(file);
  const st = await stat(file).catch((e: unknown) => {
    throw ioError(e, file);
  });
  onProgress?.(0, 'hash');
  const known = await findBySourceStat(cacheDir, file, st.size, st.mtimeMs);
  if (known && isCurrentReader(known)) return known;

  const sha256 = await hashFile(file, {
    signal,
    onBytes: (n) => onProgress?.((n / Math.max(1, st.size)) * HASH_END, 'hash'),
  });
  const cached = await readMeta(cacheDir, sha256);
  if (cached && isCurrentReader(cached)) {
    const meta = { ...cached, sourcePath: file, sourceName, bytes: st.size, mtimeMs: st.mtimeMs };
    await writeMeta(cacheDir, meta);
    return meta;
  }

  await mkdir(cacheDir, { recursive: true });
  const tmp = tempParquet(cacheDir);
  try {
    const meta = await withConnection(async (conn) => {
      const source = await openSource(conn, file, opts.format ?? 'auto');
      checkColumnCount(source.columns.length, sourceName);
      onProgress?.(HASH_END, 'parse');
      await materialise(
        conn,
        source,
        (select) => `COPY (${select}) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION zstd)`,
        {
          signal,
          onProgress: (f) => onProgress?.(HASH_END + f * (PARSE_END - HASH_END), 'parse'),
        },
      );
      onProgress?.(PARSE_END, 'summary');
      const table = `read_parquet(${literal(tmp)})`;
      const summary = await summarise(conn, table, source, sourceName);
      if (signal?.aborted) throw cancelled();
      return { sha256, sourcePath: file, sourceName, bytes: st.size, mtimeMs: st.mtimeMs, summary } satisfies CacheMeta;
    });
    await rename(tmp, cachePaths(cacheDir, sha256).parquet);
    await writeMeta(cacheDir, meta);
    return meta;
  } finally {
    await removeQuietly(tmp);
  }
}

/**
 * Runs `statement(relation, columns)` (a COPY or CREATE TABLE over the cleaned source) on DuckDB's threads. Types
 * are sniffed from the first rows; if a later value contradicts them, the file is read again with types sniffed
 * from every row.
 */
export async function materialise(
  conn: DuckDBConnection,
  source: SourceInfo,
  statement: (select: string) => string,
  opts: { signal?: AbortSignal | undefined; onProgress?: ((fraction: number) => void) | undefined } = {},
): Promise<void> {
  const run = (relation: string, columns: SourceInfo['columns']) =>
    runCancellable(conn, statement(`SELECT ${cleanSelect(columns)} FROM ${relation}`), opts);
  try {
    await run(source.relation, source.columns);
  } catch (error) {
    if (
      error instanceof FairboundError ||
      source.sniffingRelation === null ||
      !/Could not convert|Conversion Error/i.test(String(error))
    ) {
      throw describeDuckError(error, source.path);
    }
    const relation = `${source.sniffingRelation.slice(0, -1)}, sample_size=-1)`;
    try {
      const described = await queryObjects(conn, `DESCRIBE SELECT * FROM ${relation}`);
      await run(
        relation,
        described.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) })),
      );
    } catch (retryError) {
      throw describeDuckError(retryError, source.path);
    }
  }
}

/** Summary of a materialised table; a file with a header and no rows is an error, not an empty dataset. */
export async function summarise(
  conn: DuckDBConnection,
  table: string,
  source: SourceInfo,
  name: string,
): Promise<DatasetSummary> {
  const described = await queryObjects(conn, `DESCRIBE SELECT * FROM ${table}`);
  const columns = described.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
  const stats = await summariseColumns(conn, table, columns);
  if (stats.rows === 0) {
    throw new FairboundError(
      'dataset-empty',
      source.dialect?.header ? `${name} has a header but no data rows.` : `${name} has no data rows.`,
      { file: source.path },
    );
  }
  const notes = [...source.notes];
  for (const c of stats.columns) {
    if (c.idLike) notes.push(`${c.name} looks like an identifier (every value distinct): ignored by default.`);
    if (c.distinct === 0) notes.push(`${c.name} is empty (every value missing): ignored by default.`);
    if (c.distinct === 1) notes.push(`${c.name} has a single value: it carries no information; ignored by default.`);
  }
  return {
    path: source.path,
    format: source.format,
    compression: source.compression,
    dialect: source.dialect,
    bytes: source.bytes,
    rows: stats.rows,
    columns: stats.columns,
    notes,
  };
}
