import { stringOption } from '../args.js';
import { certifiabilityLines } from '../certifiability-text.js';
import type { Command, CommandContext } from '../command.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';
import { datasetSummaryText } from '../format-summary.js';

const FORMATS = ['auto', 'csv', 'tsv', 'parquet'] as const;
type Format = (typeof FORMATS)[number];

export const inspectCommand: Command = {
  name: 'inspect',
  summary: "Summarise a dataset (rows, columns, types, ranges), or what a task config's test split can certify.",
  usage: 'inspect FILE [--format auto|csv|tsv|parquet] [--json]  |  inspect CONFIG.json [--json]',
  details: `
Reads a CSV, TSV or Parquet file (gzip-compressed CSV too) the way the app does and prints what the Data tab shows
first: the sniffed dialect, row count, and per column its type, missing values, distinct values and range or most
frequent values. ID-like columns and other things worth knowing are noted.

Options:
  --format F   force the format instead of sniffing it

With --json, prints the DatasetSummary object (shared/ipc/channels/datasets.ts). Exit code 3 when the file
cannot be read or parsed.

Given a task config (a .json file), prepares its data and split the way \`run\` does and prints, per constraint,
the smallest tolerance the test split can certify at 95 % (a true gap of 0, group sizes as split) and how many test
rows the config's tolerance would need (docs/verdicts.md). With --json, prints the Certifiability object
(shared/certifiability.ts).`,
  options: { format: { type: 'string' } },
  positionals: [1, 1],
  async run(ctx, args) {
    const file = args.positionals[0]!;
    if (file.toLowerCase().endsWith('.json')) return inspectTask(ctx, file);
    const format = stringOption(args, 'format') ?? 'auto';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got "${format}"`);
    }
    const { inspectDataset } = await import('../../core/data/inspect.js');
    const summary = await inspectDataset(file, { format: format as Format });
    ctx.emit(summary, datasetSummaryText(summary));
    return EXIT.ok;
  },
};

/** `inspect CONFIG.json`: what the task's test split can certify, before any training. */
async function inspectTask(ctx: CommandContext, file: string): Promise<ExitCode> {
  const { readConfigFile } = await import('../../core/configs/config-file.js');
  const { prepareTask } = await import('../../core/data/prepare.js');
  const { preTrainingCheck } = await import('../../core/metrics/certifiability.js');
  const config = await readConfigFile(file, {});
  const task = await prepareTask(config, { signal: ctx.signal });
  task.stream?.close();
  const result = preTrainingCheck(task);
  ctx.emit(result, certifiabilityLines(result).join('\n'));
  return EXIT.ok;
}
