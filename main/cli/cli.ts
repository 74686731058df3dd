import { readFileSync } from 'node:fs';
import { parseCommandArgs } from './args.js';
import type { Command, CommandContext, OutputStream } from './command.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, UsageError, describeFailure, type ExitCode } from './exit-codes.js';
import { commandHelp, mainHelp } from './help.js';
import { createProgress } from './progress.js';

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborted on Ctrl-C; commands cancel their work and return 130. */
  signal: AbortSignal;
}

function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Longest command name matching the start of argv ("bench paper" before "bench"). */
function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  let best: { command: Command; rest: string[] } | null = null;
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: argv.slice(words.length) };
    }
  }
  return best;
}

function makeContext(io: CliIo, json: boolean, quiet: boolean): CommandContext {
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    json,
    quiet,
    signal: io.signal,
    progress: () => createProgress(io.stderr, { quiet }),
    emit(result, text) {
      if (json) io.stdout.write(`${JSON.stringify({ ok: true, data: result }, null, 2)}\n`);
      else if (text) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

/** Runs one command line; never throws; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const json = argv.includes('--json');
  const version = appVersion();
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(mainHelp(COMMANDS, version));
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  if (first === 'help') {
    const found = findCommand(argv.slice(1));
    io.stdout.write(found ? commandHelp(found.command) : mainHelp(COMMANDS, version));
    return EXIT.ok;
  }
  const found = findCommand(argv);
  try {
    if (!found) {
      const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
      throw new UsageError(
        group.length
          ? `"${first}" needs a sub-command: ${group.join(', ')}`
          : `unknown command "${first}" (commands: ${[...new Set(COMMANDS.map((c) => c.name.split(' ')[0]))].join(', ')})`,
      );
    }
    const args = parseCommandArgs(found.command, found.rest);
    if (args.values.help === true) {
      io.stdout.write(commandHelp(found.command));
      return EXIT.ok;
    }
    return await found.command.run(makeContext(io, json, args.values.quiet === true), args);
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr.write(`fairbound${found ? ` ${found.command.name}` : ''}: ${failure.message}\n`);
    if (failure.exitCode === EXIT.usage && found) io.stderr.write(`Try "fairbound ${found.command.name} --help".\n`);
    if (json) {
      const payload = {
        code: failure.code,
        message: failure.message,
        ...(failure.details === undefined ? {} : { details: failure.details }),
      };
      io.stdout.write(`${JSON.stringify({ ok: false, exitCode: failure.exitCode, error: payload }, null, 2)}\n`);
    }
    return failure.exitCode;
  }
}
