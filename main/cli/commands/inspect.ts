import { stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { datasetSummaryText } from '../format-summary.js';

const FORMATS = ['auto', 'csv', 'tsv', 'parquet'] as const;
type Format = (typeof FORMATS)[number];

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Summarise a dataset: rows, columns, types, missing values, ranges and top values.',
  usage: 'inspect FILE [--format auto|csv|tsv|parquet] [--json]',
  details: `
Reads a CSV, TSV or Parquet file (gzip-compressed CSV too) the way the app does and prints what the Data tab shows
first: the sniffed dialect, row count, and per column its type, missing values, distinct values and range or most
frequent values. ID-like columns and other things worth knowing are noted.

Options:
  --format F   force the format instead of sniffing it

With --json, prints the DatasetSummary object (shared/ipc/channels/datasets.ts). Exit code 3 when the file
cannot be read or parsed.`,
  options: { format: { type: 'string' } },
  positionals: [1, 1],
  async run(ctx, args) {
    const file = args.positionals[0]!;
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
