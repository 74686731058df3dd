import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { FairboundError } from '../../../shared/errors.js';

/** Uploaded files (headless mode): <dataDir>/uploads/<uploadId>/<name>. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/**
 * Keeps a usable file name: no folders, no control characters, no invisible format characters (a right-to-left
 * override would make "exe.csv" read as "vsc.exe"), no leading dots (dot files are how partial uploads are
 * hidden), never empty.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{Cc}<>:"|?*]/gu, '_')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 200)
    .trim();
  return cleaned === '' ? 'upload' : cleaned;
}

export async function resolveUpload(dataDir: string, uploadId: string): Promise<{ path: string; name: string }> {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(uploadId)) throw new FairboundError('not-found', `No upload "${uploadId}".`);
  const dir = path.join(uploadsDir(dataDir), uploadId);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const name = names.find((n) => !n.startsWith('.'));
  if (name === undefined) throw new FairboundError('not-found', `No upload "${uploadId}".`);
  return { path: path.join(dir, name), name };
}

/**
 * Streams a body to disk, stopping at maxBytes. The file appears under its name only once complete,
 * so resolveUpload never sees a partial upload.
 */
export async function receiveUpload(
  dataDir: string,
  name: string,
  body: Readable,
  maxBytes: number,
): Promise<{ uploadId: string; name: string; bytes: number }> {
  const uploadId = randomUUID();
  const dir = path.join(uploadsDir(dataDir), uploadId);
  const fileName = safeFileName(name);
  await fs.mkdir(dir, { recursive: true });
  const partial = path.join(dir, `.${fileName}.part`);
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        callback(new FairboundError('io-error', `Upload exceeds the limit of ${maxBytes} bytes.`, { maxBytes }));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(body, limiter, createWriteStream(partial, { flags: 'wx' }));
    await fs.rename(partial, path.join(dir, fileName));
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { uploadId, name: fileName, bytes };
}

/**
 * Deletes uploads older than maxAgeMs (imported datasets live on in their project's cache), and uploads that never
 * completed (only a .part file: the host was stopped mid-upload) older than partialMaxAgeMs.
 */
export async function pruneUploads(dataDir: string, maxAgeMs: number, partialMaxAgeMs = maxAgeMs): Promise<string[]> {
  const root = uploadsDir(dataDir);
  const now = Date.now();
  const removed: string[] = [];
  for (const name of await fs.readdir(root).catch(() => [] as string[])) {
    const dir = path.join(root, name);
    const stat = await fs.stat(dir).catch(() => null);
    if (stat === null) continue;
    const complete = (await fs.readdir(dir).catch(() => [] as string[])).some((entry) => !entry.startsWith('.'));
    const age = now - stat.mtimeMs;
    if (age <= (complete ? maxAgeMs : partialMaxAgeMs)) continue;
    await fs.rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/**
 * Deletes the upload a dataset was imported from (its <uploads>/<uploadId>/ folder), unless a file outside the
 * uploads folder is named or a project in `stillUsedBy` was imported from the same upload (a duplicated project).
 * Returns the folder removed, or null.
 */
export async function removeUploadOf(
  dataDir: string,
  sourcePath: string,
  stillUsedBy: readonly string[],
): Promise<string | null> {
  const relative = path.relative(uploadsDir(dataDir), sourcePath);
  const uploadId = relative.split(path.sep)[0] ?? '';
  if (relative.startsWith('..') || path.isAbsolute(relative) || !/^[A-Za-z0-9-]{1,64}$/.test(uploadId)) return null;
  const dir = path.join(uploadsDir(dataDir), uploadId);
  const inside = (file: string) => {
    const rel = path.relative(dir, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (stillUsedBy.some(inside)) return null;
  await fs.rm(dir, { recursive: true, force: true });
  return dir;
}
