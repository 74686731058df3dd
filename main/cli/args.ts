import { parseArgs } from 'node:util';
import { BACKENDS, type BackendChoice } from '../../shared/fairness.js';
import type { Command, OptionSpecs, ParsedArgs } from './command.js';
import { UsageError } from './exit-codes.js';

/** Options every command accepts. */
export const COMMON_OPTIONS: OptionSpecs = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
};

/** Strict parse: unknown options and wrong arity are usage errors naming the option. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  let parsed: ParsedArgs;
  const bare = command.bareValues ?? {};
  const args = argv.map((a) => (a.startsWith('--') && bare[a.slice(2)] !== undefined ? `${a}=${bare[a.slice(2)]}` : a));
  try {
    parsed = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${reason.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
  if (parsed.values.help) return parsed;
  const [min, max] = command.positionals;
  const n = parsed.positionals.length;
  if (n < min) throw new UsageError(`missing argument (usage: ${command.usage})`);
  if (n > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}" (usage: ${command.usage})`);
  return parsed;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A string option the command cannot do without: "--out DIR is required (where to write the scores)". */
export function requiredStringOption(args: ParsedArgs, name: string, usage: string, purpose: string): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new UsageError(`--${name} ${usage} is required (${purpose})`);
  return value;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A numeric option, checked: "--runs: expected an integer ≥ 1, got "x"". */
export function numberOption(
  args: ParsedArgs,
  name: string,
  rule: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean } = {},
): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const kind = rule.integer ? 'an integer' : 'a number';
  const bound = rule.min === undefined ? '' : ` ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`;
  const ok =
    raw.trim() !== '' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || (rule.exclusiveMin ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok)
    throw new UsageError(
      `--${name}: expected ${kind}${bound}${rule.max === undefined ? '' : ` and ≤ ${rule.max}`}, got "${raw}"`,
    );
  return value;
}

export function backendOption(args: ParsedArgs): BackendChoice | undefined {
  const raw = stringOption(args, 'backend');
  if (raw === undefined) return undefined;
  if (!(BACKENDS as readonly string[]).includes(raw)) {
    throw new UsageError(`--backend: expected one of ${BACKENDS.join(', ')}, got "${raw}"`);
  }
  return raw as BackendChoice;
}
