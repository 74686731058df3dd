import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { FairboundError } from '../../shared/errors.js';
import { UsageError } from './exit-codes.js';

/** The nearest existing folder at or above `target`; a file in the way is named. */
async function existingAncestor(target: string, option: string): Promise<string> {
  let current = path.dirname(target);
  for (;;) {
    const stat = await fs.stat(current).catch(() => null);
    if (stat !== null) {
      if (!stat.isDirectory())
        throw new UsageError(`${option} ${target}: ${current} is a file, so nothing can be created under it`);
      await fs.access(current, constants.W_OK).catch(() => {
        throw new UsageError(`${option} ${target}: ${current} is not writable`);
      });
      return current;
    }
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

/**
 * Checks (and creates) an output folder before any long work: not a file, creatable, and not holding earlier
 * results unless `force` says to replace them.
 */
export async function prepareOutputFolder(
  dir: string,
  option: string,
  options: { force: boolean; marker: string },
): Promise<void> {
  const stat = await fs.stat(dir).catch(() => null);
  if (stat !== null && !stat.isDirectory()) throw new UsageError(`${option} ${dir}: is a file, not a folder`);
  if (stat === null) await existingAncestor(dir, option);
  else {
    await fs.access(dir, constants.W_OK).catch(() => {
      throw new UsageError(`${option} ${dir}: the folder is not writable`);
    });
    const earlier = await fs.stat(path.join(dir, options.marker)).catch(() => null);
    if (earlier !== null && !options.force) {
      throw new UsageError(
        `${option} ${dir}: already holds results (${options.marker}); choose another folder, or pass --force to replace them`,
      );
    }
  }
  await fs.mkdir(dir, { recursive: true });
}

/** Checks that an output file can be written: its folder exists or can be made, and the name is not a folder. */
export async function checkOutputFile(file: string, option: string): Promise<void> {
  const stat = await fs.stat(file).catch(() => null);
  if (stat?.isDirectory() === true) throw new UsageError(`${option} ${file}: is a folder, not a file`);
  await existingAncestor(file, option);
}

/** A config's data file, named by its field and resolved path when it is missing (before preparing anything). */
export async function checkDataPath(resolved: string, source: string): Promise<void> {
  const stat = await fs.stat(resolved).catch(() => null);
  if (stat === null)
    throw new FairboundError('dataset-unreadable', `${source}: data.path: ${resolved} does not exist`, {
      file: resolved,
    });
  if (!stat.isFile())
    throw new FairboundError('dataset-unsupported', `${source}: data.path: ${resolved} is not a file`, {
      file: resolved,
    });
}
