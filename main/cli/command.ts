import type { ParseArgsConfig } from 'node:util';
import type { ExitCode } from './exit-codes.js';
import type { ProgressReporter, ProgressStream } from './progress.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface OutputStream extends ProgressStream {
  write(text: string): boolean;
}

/** What every command gets: streams, output mode, progress, and a signal aborted by Ctrl-C. */
export interface CommandContext {
  stdout: OutputStream;
  stderr: OutputStream;
  json: boolean;
  quiet: boolean;
  signal: AbortSignal;
  progress(): ProgressReporter;
  /** Writes the command's result: JSON on stdout with --json, else the human text. */
  emit(result: unknown, text: string): void;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** "run", or "bench paper" for a sub-command. */
  name: string;
  summary: string;
  usage: string;
  /** Longer help: what it does, options, files written. */
  details: string;
  options: OptionSpecs;
  /** String options that may also be given bare (`--strict`), with the value they then take (`--strict=violated`). */
  bareValues?: Record<string, string>;
  /** Number of positional arguments: [min, max]. */
  positionals: [number, number];
  run(ctx: CommandContext, args: ParsedArgs): Promise<ExitCode>;
}
