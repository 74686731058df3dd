import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { datasetSummarySchema } from '../../../shared/ipc/channels/datasets.js';

/**
 * The parsed-table cache inside a project: datasets/<sha256>.parquet plus datasets/<sha256>.json (the summary and
 * the source's size and mtime, so that re-opening an unchanged file skips hashing).
 */
export const cacheMetaSchema = z.object({
  sha256: z.string(),
  sourcePath: z.string(),
  sourceName: z.string(),
  bytes: z.number(),
  mtimeMs: z.number(),
  summary: datasetSummarySchema,
  /** CACHE_READER when written; absent in entries from before it was recorded. */
  reader: z.number().int().optional(),
});
export type CacheMeta = z.infer<typeof cacheMetaSchema>;

export const DATASETS_DIR = 'datasets';

/**
 * How the cached copy was read. Raised when a change to the import reads some file's rows differently (2: no CSV
 * comment character, so rows starting with "#" are data): importing the file again rebuilds an older entry instead of
 * reusing it, while a project keeps opening the copy it has.
 */
export const CACHE_READER = 2;

/** Whether an import may reuse this entry rather than read its source again. */
export function isCurrentReader(meta: CacheMeta): boolean {
  return meta.reader === CACHE_READER;
}

export function cachePaths(cacheDir: string, sha256: string): { parquet: string; meta: string } {
  return { parquet: path.join(cacheDir, `${sha256}.parquet`), meta: path.join(cacheDir, `${sha256}.json`) };
}

export async function readMeta(cacheDir: string, sha256: string): Promise<CacheMeta | null> {
  const { parquet, meta } = cachePaths(cacheDir, sha256);
  try {
    const [text] = await Promise.all([readFile(meta, 'utf8'), stat(parquet)]);
    const parsed = cacheMetaSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    // Missing or half-written cache entries are simply not cached: the import rebuilds them.
    return null;
  }
}

/** A cache entry for this exact file (same path, size and mtime): no need to hash it again. */
export async function findBySourceStat(
  cacheDir: string,
  sourcePath: string,
  bytes: number,
  mtimeMs: number,
): Promise<CacheMeta | null> {
  let names: string[];
  try {
    names = await readdir(cacheDir);
  } catch {
    return null;
  }
  for (const name of names) {
    const m = /^([0-9a-f]{64})\.json$/.exec(name);
    if (!m) continue;
    const meta = await readMeta(cacheDir, m[1]!);
    if (meta && meta.sourcePath === sourcePath && meta.bytes === bytes && meta.mtimeMs === mtimeMs) return meta;
  }
  return null;
}

export async function writeMeta(cacheDir: string, meta: CacheMeta): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const target = cachePaths(cacheDir, meta.sha256).meta;
  const tmp = `${target}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify({ ...meta, reader: CACHE_READER }));
  await rename(tmp, target);
}

export function tempParquet(cacheDir: string): string {
  return path.join(cacheDir, `.import-${randomUUID()}.parquet.tmp`);
}

export async function removeQuietly(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** A file that is itself a cache entry (datasets/<sha256>.parquet, as training passes it): its folder and meta. */
export async function ownCacheEntry(file: string): Promise<{ cacheDir: string; meta: CacheMeta } | null> {
  const m = /^([0-9a-f]{64})\.parquet$/.exec(path.basename(file));
  if (!m) return null;
  const cacheDir = path.dirname(file);
  const meta = await readMeta(cacheDir, m[1]!);
  return meta ? { cacheDir, meta } : null;
}

/**
 * Where the CLI caches parsed tables outside any project, so that `run` and `audit` on a CSV parse it once:
 * $FAIRBOUND_CACHE_DIR, else the platform's cache folder.
 */
export function userCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const explicit = env['FAIRBOUND_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'), 'Fairbound', 'Cache', DATASETS_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'Fairbound', DATASETS_DIR);
  return path.join(env['XDG_CACHE_HOME'] ?? path.join(home, '.cache'), 'fairbound', DATASETS_DIR);
}

/**
 * Removes the entries of a user cache whose source file is gone (they can no longer be found by path, and a copy of
 * the same content elsewhere is simply parsed again), so the cache does not grow with every file ever read.
 * Never used on a project's datasets/, whose entries project.json points at directly.
 */
export async function pruneOrphans(cacheDir: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  for (const name of names) {
    const m = /^([0-9a-f]{64})\.json$/.exec(name);
    if (!m) continue;
    const meta = await readMeta(cacheDir, m[1]!);
    if (!meta) continue;
    const gone = await stat(meta.sourcePath).then(
      () => false,
      () => true,
    );
    if (gone) {
      const { parquet, meta: metaFile } = cachePaths(cacheDir, m[1]!);
      await rm(metaFile, { force: true });
      await rm(parquet, { force: true });
    }
  }
}
