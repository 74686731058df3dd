import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FairboundError, type ErrorCode } from '../../../../shared/errors.js';

/** A temporary folder per test file, removed afterwards. */
export async function tempDir(prefix = 'fairbound-data-'): Promise<{ dir: string; write: (name: string, content: string | Buffer) => Promise<string>; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write: async (name, content) => {
      const file = path.join(dir, name);
      await writeFile(file, content);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Awaits a promise that must reject with a FairboundError; returns it for further checks. */
export async function fairboundError(promise: Promise<unknown>, code?: ErrorCode): Promise<FairboundError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof FairboundError)) throw new Error(`expected a FairboundError, got ${String(error)}`);
    if (code && error.code !== code) throw new Error(`expected code ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  throw new Error('expected a FairboundError, but the call succeeded');
}
