import { z } from 'zod';

/** Closed set of error codes; the renderer maps each to user-facing text. */
export const ERROR_CODES = [
  'invalid-payload',
  'unknown-channel',
  'forbidden',
  'not-found',
  'conflict',
  'project-damaged',
  'invalid-config',
  'dataset-empty',
  'dataset-malformed',
  'dataset-unreadable',
  'dataset-unsupported',
  'dataset-changed',
  'label-invalid',
  'label-single-class',
  'group-invalid',
  'group-empty',
  'training-diverged',
  'training-failed',
  'cancelled',
  'backend-unavailable',
  'report-failed',
  'io-error',
  /** The renderer lost its transport to main (headless host stopped or restarted). */
  'disconnected',
  'internal',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorPayloadSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorPayload = z.infer<typeof errorPayloadSchema>;

/** The one domain error type. Messages name the file, row, column or group at fault. */
export class FairboundError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'FairboundError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };

/** Short user-facing title per code; the message carries the specifics. */
export const ERROR_TITLES: Record<ErrorCode, string> = {
  'invalid-payload': 'Invalid request',
  'unknown-channel': 'Unknown request',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'project-damaged': 'Project file damaged',
  'invalid-config': 'Invalid configuration',
  'dataset-empty': 'Empty dataset',
  'dataset-malformed': 'Malformed dataset',
  'dataset-unreadable': 'Dataset unreadable',
  'dataset-unsupported': 'Unsupported dataset',
  'dataset-changed': 'Dataset changed on disk',
  'label-invalid': 'Invalid label',
  'label-single-class': 'Label has one class',
  'group-invalid': 'Invalid subgroup definition',
  'group-empty': 'Empty subgroup',
  'training-diverged': 'Training diverged',
  'training-failed': 'Training failed',
  cancelled: 'Cancelled',
  'backend-unavailable': 'Backend unavailable',
  'report-failed': 'Report failed',
  'io-error': 'File error',
  disconnected: 'Disconnected from the app',
  internal: 'Internal error',
};
