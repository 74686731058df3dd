import path from 'node:path';
import { FairboundError } from '../../../shared/errors.js';

/** A Node file-system error as the domain error naming the file. */
export function ioError(error: unknown, file: string): FairboundError {
  if (error instanceof FairboundError) return error;
  const name = path.basename(file);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT')
    return new FairboundError('dataset-unreadable', `${name} does not exist (or was removed while being read).`, {
      file,
    });
  if (code === 'EACCES' || code === 'EPERM')
    return new FairboundError('dataset-unreadable', `${name} cannot be read: permission denied.`, { file });
  if (code === 'EISDIR') return new FairboundError('dataset-unsupported', `${name} is a folder, not a file.`, { file });
  const message = error instanceof Error ? error.message : String(error);
  return new FairboundError('io-error', `${name}: ${message}`, { file });
}

/**
 * DuckDB's CSV errors are long and technical; keep the first line and the row it names, and pick the code by kind.
 */
export function describeDuckError(error: unknown, file: string): FairboundError {
  if (error instanceof FairboundError) return error;
  const name = path.basename(file);
  const message = error instanceof Error ? error.message : String(error);
  const line = /Line:\s*(\d+)/.exec(message)?.[1];
  const where = line ? `, line ${line}` : '';
  const details = { file, ...(line ? { line: Number(line) } : {}) };
  if (/No files found|does not exist|Cannot open file|No such file/i.test(message)) {
    return new FairboundError(
      'dataset-unreadable',
      `${name} could not be opened (it may have been moved or deleted).`,
      details,
    );
  }
  if (/Could not convert|Conversion Error/i.test(message)) {
    const value = /Could not convert string "([^"]*)"/.exec(message)?.[1];
    const column =
      /Column name:\s*"?([^"\n]+?)"?\s*(\n|$)/i.exec(message)?.[1] ?? /column "([^"]+)"/i.exec(message)?.[1];
    return new FairboundError(
      'dataset-malformed',
      `${name}${where}: a value${value !== undefined ? ` "${value}"` : ''}${column ? ` in column ${column}` : ''} does not match the column type detected from the first rows.`,
      details,
    );
  }
  if (/Expected Number of Columns|too many columns|Found: \d+/i.test(message)) {
    return new FairboundError(
      'dataset-malformed',
      `${name}${where}: the row has a different number of fields than the header.`,
      details,
    );
  }
  if (/unicode|not utf-8|encoded/i.test(message)) {
    return new FairboundError(
      'dataset-unreadable',
      `${name}${where}: the text encoding is not valid (${firstLine(message)}).`,
      details,
    );
  }
  if (/gzip|zlib|decompress/i.test(message)) {
    return new FairboundError(
      'dataset-unreadable',
      `${name}: the compressed data is damaged (${firstLine(message)}).`,
      details,
    );
  }
  if (/parquet/i.test(message)) {
    return new FairboundError(
      'dataset-unreadable',
      `${name}: not a readable Parquet file (${firstLine(message)}).`,
      details,
    );
  }
  if (/sniff|dialect|CSV Error|Invalid Input/i.test(message)) {
    return new FairboundError(
      'dataset-malformed',
      `${name}${where}: not a well-formed CSV (${firstLine(message)}).`,
      details,
    );
  }
  return new FairboundError('dataset-unreadable', `${name}: ${firstLine(message)}`, details);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/^Invalid Input Error:\s*/, '').slice(0, 200);
}
