import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FairboundError } from '../../../shared/errors.js';
import type { SourceCheck } from '../../../shared/ipc/channels/datasets.js';
import type { DatasetRef } from '../../../shared/project.js';
import { DATASETS_DIR, readMeta } from './cache.js';
import { ioError } from './errors.js';
import { hashFile } from './hash.js';

/** Whether `file` lies inside `folder` (at any depth). */
export function isUnder(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Compares a project's original file with the version it imported: size and modification time first (cheap), the
 * SHA-256 only when the size is the same but the time moved or was not recorded. A file under `uploadsDir` is the
 * browser's copy of the user's file, which nothing edits, so there is nothing to compare.
 */
export async function checkSource(
  projectDir: string,
  ref: DatasetRef,
  opts: { uploadsDir?: string | undefined; signal?: AbortSignal | undefined } = {},
): Promise<SourceCheck> {
  const meta = await readMeta(path.join(projectDir, DATASETS_DIR), ref.sha256);
  // The cache entry is shared by every path with this content: its mtime is this file's only if it names this path.
  const mtimeMs = meta && meta.sourcePath === ref.sourcePath ? meta.mtimeMs : null;
  const unread = {
    path: ref.sourcePath,
    imported: { bytes: ref.bytes, mtimeMs, sha256: ref.sha256, importedAt: ref.importedAt },
    current: null,
    mismatches: [],
  };
  if (opts.uploadsDir !== undefined && isUnder(opts.uploadsDir, ref.sourcePath))
    return { status: 'uploaded', ...unread };

  const st = await stat(ref.sourcePath).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (st instanceof Error) {
    if (st.code === 'ENOENT' || st.code === 'ENOTDIR') return { status: 'missing', ...unread };
    return { status: 'unreadable', ...unread, reason: ioError(st, ref.sourcePath).message };
  }
  if (!st.isFile())
    return { status: 'unreadable', ...unread, reason: `${path.basename(ref.sourcePath)} is no longer a file.` };

  const mismatches: SourceCheck['mismatches'] = [];
  if (st.size !== ref.bytes) mismatches.push('size');
  if (mtimeMs !== null && st.mtimeMs !== mtimeMs) mismatches.push('mtime');
  const current = { bytes: st.size, mtimeMs: st.mtimeMs, sha256: null };
  if (mismatches.includes('size')) return { ...unread, status: 'changed', current, mismatches };
  if (mtimeMs !== null && mismatches.length === 0) return { ...unread, status: 'unchanged', current, mismatches };

  let sha256: string;
  try {
    sha256 = await hashFile(ref.sourcePath, { signal: opts.signal });
  } catch (error) {
    if (error instanceof FairboundError && error.code === 'cancelled') throw error;
    return { ...unread, status: 'unreadable', current, mismatches, reason: ioError(error, ref.sourcePath).message };
  }
  if (sha256 !== ref.sha256) mismatches.push('sha256');
  return {
    ...unread,
    status: mismatches.includes('sha256') ? 'changed' : 'unchanged',
    current: { ...current, sha256 },
    mismatches,
  };
}
