import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured log lines; training processes and the renderer never print, main does it through this. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

function serialise(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

/**
 * JSON lines to stderr and, when a folder is given, to <dir>/fairbound.log.
 * Appends are synchronous so an incident is on disk before a crash can lose it.
 */
export function createLogger(options: { dir?: string; quiet?: boolean } = {}): Logger {
  const file = options.dir === undefined ? null : path.join(options.dir, 'fairbound.log');
  if (options.dir !== undefined) mkdirSync(options.dir, { recursive: true });
  return {
    log(level, message, fields = {}) {
      const entry: Record<string, unknown> = { time: new Date().toISOString(), level, message };
      for (const [key, value] of Object.entries(fields)) entry[key] = serialise(value);
      const line = JSON.stringify(entry);
      if (options.quiet !== true || level === 'error') process.stderr.write(`${line}\n`);
      if (file !== null) appendFileSync(file, `${line}\n`);
    },
  };
}
