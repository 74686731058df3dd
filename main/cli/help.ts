import type { Command } from './command.js';

export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    failure (unexpected error, I/O, report or training failure)
  2    usage or config error (unknown option, invalid config field)
  3    data error (unreadable file, bad label, empty group)
  4    training diverged
  5    run --strict: a test constraint is violated (--strict=certified: not every one is satisfied)
  130  cancelled with Ctrl-C (SIGINT)`;

const COMMON_HELP = `Common options:
  --json        machine-readable result on stdout (errors too: {"ok":false,"error":{…}})
  -q, --quiet   no progress on stderr
  -h, --help    this help`;

export function commandHelp(command: Command): string {
  return `Usage: fairbound ${command.usage}\n\n${command.summary}\n\n${command.details.trim()}\n\n${COMMON_HELP}\n`;
}

export function mainHelp(commands: readonly Command[], version: string): string {
  const entries: [string, string][] = [
    ...commands.map((c): [string, string] => [c.name, c.summary]),
    ['help [command]', 'help for a command (also: fairbound <command> --help)'],
  ];
  const width = Math.max(...entries.map(([name]) => name.length));
  const lines = entries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return `fairbound ${version} — train neural networks under fairness constraints, and audit them.

Usage: fairbound <command> [options]

Commands:
${lines.join('\n')}

${EXIT_CODES_HELP}

Task configs and results.json are documented in docs/task-config.md and docs/results.md.
`;
}
