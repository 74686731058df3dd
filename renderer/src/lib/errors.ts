import { ERROR_TITLES, type ErrorPayload } from '../../../shared/errors';

/** Title + message for any error the renderer shows; the title comes from the closed ERROR_TITLES map. */
export function describeError(error: ErrorPayload): { title: string; message: string } {
  return { title: ERROR_TITLES[error.code] ?? 'Error', message: error.message };
}

export function errorFromUnknown(reason: unknown): ErrorPayload {
  const message = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'Unexpected error';
  return { code: 'internal', message };
}
