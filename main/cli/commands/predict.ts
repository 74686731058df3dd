import path from 'node:path';
import { numberOption, requiredStringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { pickRun } from '../run-summary.js';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Score a CSV/Parquet file with a trained run: score, prediction and group per row.',
  usage: 'predict DIR DATA --out FILE [--run N]',
  details: `
Reads DATA (CSV, TSV, gzip-compressed CSV or Parquet, read as training reads files), applies run N's saved
preprocessing and network, and writes FILE as CSV with one line per input row, in the input's order:
  score        predicted probability of the positive label
  prediction   1 when score ≥ the config's threshold, else 0
  group        the row's group (only when DATA has every protected attribute column)
The file is streamed, so its size is not limited by memory. DATA must have every column the model reads (a
missing one is named, and nothing is written); the label column is not needed. Categories outside a column's
kept levels are scored as the engine does: its "other" level where rare levels were folded into one, else no
level (those, never seen in training, are reported per column).

Options:
  --out FILE   the CSV to write (required)
  --run N      which run (default: the best one, as \`run\` marks it with *)

With --json, prints {"outPath", "rows", "predictedPositive", "groups", "unseen": [{column, rows, examples, treatedAs}], "notes", "run"}.`,
  options: {
    out: { type: 'string', short: 'o' },
    run: { type: 'string' },
  },
  positionals: [2, 2],
  async run(ctx, args) {
    const out = requiredStringOption(args, 'out', 'FILE', 'where to write the scores');
    const runOption = numberOption(args, 'run', { integer: true, min: 0 });
    const { readResultsFile } = await import('../../core/audit/run-source.js');
    const { loadSavedRun } = await import('../../core/export/saved-run.js');
    const { describeUnseen, scoreFile } = await import('../../core/scoring/score-file.js');
    const dir = path.resolve(args.positionals[0]!);
    const data = path.resolve(args.positionals[1]!);
    const run = pickRun(await readResultsFile(dir), dir, runOption, '--run');
    const saved = await loadSavedRun(dir, run);
    const progress = ctx.progress();
    progress.update(0, `scoring ${path.basename(data)} with run ${run}`);
    const summary = await scoreFile(saved, data, out, {
      signal: ctx.signal,
      onProgress: (rows, total) =>
        progress.update(
          rows / Math.max(1, total),
          `scoring ${path.basename(data)} with run ${run}`,
          `${rows.toLocaleString('en-US')} rows`,
        ),
    });
    progress.done();
    const lines = [
      `${summary.rows} row(s) scored with run ${run} (${summary.predictedPositive} predicted positive): ${summary.outPath}`,
      ...summary.unseen.map((u) => `note: ${describeUnseen(u)}`),
      ...summary.notes.map((n) => `note: ${n}`),
    ];
    ctx.emit({ ...summary, run }, lines.join('\n'));
    return EXIT.ok;
  },
};
