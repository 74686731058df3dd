import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { FairboundError } from '../../../shared/errors.js';

/**
 * Which files on disk a renderer may make main read by path (dataset and config imports). A renderer is not
 * trusted with the whole disk: the shell accepts what the user chose (grant list), the headless host what lies in
 * folders its operator allowed; uploads are always fine (they are resolved by id, not by path).
 */
export interface PathAccess {
  /**
   * The real path of `file` when it may be read; throws 'forbidden' otherwise. `alsoUnder`: the folder of a file that
   * passed this check (a config's data file may lie beside the config).
   */
  check(file: string, options?: { alsoUnder?: string }): Promise<string>;
}

async function real(file: string): Promise<string> {
  // A file that does not exist is reported by the reader with its own message; resolve what can be resolved.
  return realpath(file).catch(() => path.resolve(file));
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function refused(file: string, how: string): FairboundError {
  return new FairboundError('forbidden', `${path.basename(file)} may not be read: ${how}`, { file });
}

/** The CLI and in-process tests: the user typed the path themselves. */
export const unrestrictedPathAccess: PathAccess = { check: (file) => real(file) };

/** Headless host: paths inside the allow-listed folders only (--allow-dir / FAIRBOUND_ALLOW_DIRS). */
export function allowListedFolders(folders: readonly string[]): PathAccess {
  const roots = Promise.all(folders.map(real));
  return {
    async check(file, options = {}) {
      const resolved = await real(file);
      const allowed = [...(await roots), ...(options.alsoUnder === undefined ? [] : [await real(options.alsoUnder)])];
      if (allowed.some((root) => isInside(root, resolved))) return resolved;
      throw refused(
        file,
        folders.length === 0
          ? 'the headless app reads uploaded files only. Upload it, or start the host with --allow-dir FOLDER.'
          : `it is outside the folders this host may read (${folders.join(', ')}). Upload it instead.`,
      );
    },
  };
}

/** Electron shell: files the user picked or dropped since the app started (the preload reports each one). */
export function grantList(): PathAccess & { grant(file: string): void } {
  // Synchronous, so a grant is in place before the request that follows it on the same IPC pipe.
  const granted = new Set<string>();
  return {
    grant(file) {
      granted.add(path.resolve(file));
    },
    async check(file, options = {}) {
      const resolved = await real(file);
      if (granted.has(path.resolve(file))) return resolved;
      if (options.alsoUnder !== undefined && isInside(await real(options.alsoUnder), resolved)) return resolved;
      throw refused(
        file,
        'only files chosen in a file dialog or dropped on the window can be opened. Choose it again.',
      );
    },
  };
}
