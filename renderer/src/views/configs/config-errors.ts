import type { ErrorPayload } from '../../../../shared/errors.js';

/** An import failed because the config's data file cannot be reached from here: the user can pick it instead. */
export function needsDataFile(error: ErrorPayload): boolean {
  return (
    error.code === 'io-error' ||
    // The host may not read that path (headless: outside its allowed folders; shell: not chosen by the user).
    error.code === 'forbidden' ||
    error.code === 'dataset-unreadable' ||
    (error.code === 'invalid-config' && /^data\.path: /.test(error.message))
  );
}
