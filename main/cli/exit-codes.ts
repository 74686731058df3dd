import type { ErrorCode } from '../../shared/errors.js';
import { FairboundError } from '../../shared/errors.js';

/** Process exit codes of `fairbound` (documented in `fairbound help` and docs/cli.md). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  data: 3,
  /** Training diverged. */
  diverged: 4,
  /** `run --strict`: a test constraint is violated (or, with --strict=certified, not certified). docs/verdicts.md */
  strict: 5,
  /** 128 + SIGINT, the shell convention. */
  cancelled: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad command line or config: exit 2, with the message naming the option or field. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeForError(code: ErrorCode): ExitCode {
  if (code === 'invalid-config' || code === 'invalid-payload') return EXIT.usage;
  if (code.startsWith('dataset-') || code.startsWith('label-') || code.startsWith('group-')) return EXIT.data;
  if (code === 'training-diverged') return EXIT.diverged;
  if (code === 'cancelled') return EXIT.cancelled;
  return EXIT.failure;
}

/** The exit code and the error payload for anything a command threw. */
export function describeFailure(error: unknown): {
  exitCode: ExitCode;
  code: ErrorCode | 'usage';
  message: string;
  details?: unknown;
} {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, code: 'usage', message: error.message };
  if (error instanceof FairboundError) {
    return error.details === undefined
      ? { exitCode: exitCodeForError(error.code), code: error.code, message: error.message }
      : { exitCode: exitCodeForError(error.code), code: error.code, message: error.message, details: error.details };
  }
  return { exitCode: EXIT.failure, code: 'internal', message: oneLine(error) };
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
};

/**
 * One line for an unexpected error: the path and what is wrong for a file-system error, else the first line of the
 * message. The stack is for developers: FAIRBOUND_DEBUG=1 prints it.
 */
function oneLine(error: unknown): string {
  if (process.env['FAIRBOUND_DEBUG'] === '1' && error instanceof Error && error.stack !== undefined) return error.stack;
  const errno = error as NodeJS.ErrnoException | null;
  if (errno !== null && typeof errno === 'object' && typeof errno.code === 'string' && typeof errno.path === 'string') {
    return `${errno.path}: ${ERRNO_WORDS[errno.code] ?? errno.code}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${message.split('\n')[0] ?? message} (set FAIRBOUND_DEBUG=1 for details)`;
}
