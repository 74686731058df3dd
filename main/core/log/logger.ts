import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured log lines; training processes and the renderer never print, main does it through this. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/** Rotation: fairbound.log grows to maxBytes, then becomes fairbound.log.1 (… .N); the oldest is dropped. */
export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_LOG_FILES = 3;

function serialise(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

/** Access tokens never reach a log, wherever a message or field carries one (URL query, header, subprotocol). */
export function redactSecrets(line: string): string {
  return line
    .replace(/(token=)[^&\s"\\]+/gi, '$1[redacted]')
    .replace(/(fairbound-token\.)[^,\s"\\]+/gi, '$1[redacted]')
    .replace(/("x-fairbound-token"\s*:\s*")[^"]*/gi, '$1[redacted]');
}

function rotate(file: string, files: number): void {
  rmSync(`${file}.${files}`, { force: true });
  for (let index = files - 1; index >= 1; index--) {
    try {
      renameSync(`${file}.${index}`, `${file}.${index + 1}`);
    } catch {
      // A missing generation is normal until the log has rotated that often.
    }
  }
  renameSync(file, `${file}.1`);
}

/**
 * JSON lines to stderr and, when a folder is given, to <dir>/fairbound.log, bounded by rotation
 * (at most maxBytes × (files + 1) on disk). Appends are synchronous so an incident is on disk before a crash can lose it.
 */
export function createLogger(
  options: { dir?: string; quiet?: boolean; maxBytes?: number; files?: number } = {},
): Logger {
  const file = options.dir === undefined ? null : path.join(options.dir, 'fairbound.log');
  if (options.dir !== undefined) mkdirSync(options.dir, { recursive: true });
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const files = options.files ?? DEFAULT_LOG_FILES;
  let size = file === null ? 0 : (statSync(file, { throwIfNoEntry: false })?.size ?? 0);
  return {
    log(level, message, fields = {}) {
      const entry: Record<string, unknown> = { time: new Date().toISOString(), level, message };
      for (const [key, value] of Object.entries(fields)) entry[key] = serialise(value);
      const line = `${redactSecrets(JSON.stringify(entry))}\n`;
      if (options.quiet !== true || level === 'error') process.stderr.write(line);
      if (file === null) return;
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) {
        rotate(file, files);
        size = 0;
      }
      appendFileSync(file, line);
      size += bytes;
    },
  };
}
