import path from 'node:path';
import { FairboundError } from '../../../shared/errors.js';
import { flag, numberOption, stringOption, requiredStringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { pickRun } from '../run-summary.js';
import { CONTEXT_FIELDS, readContext } from './audit.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a trained run as one ONNX model (preprocessing + network) with its model card.',
  usage: 'export DIR --onnx FILE [--run N] [--context FILE.json] [--no-card]',
  details: `
Writes run N of a folder written by \`fairbound run\` (or a job of the app) as FILE, one ONNX model holding the
whole scoring pipeline: raw columns in (one [N, 1] input per column: double for numbers, NaN when missing;
string for categories, "" when missing), the preprocessing the engine fitted (standardisation, one-hot encoding,
codes, missing values, unseen categories), the network, and two outputs: probability and prediction (probability
≥ the config's threshold). Threshold, feature names and input descriptions are in the model's metadata
(fairbound.threshold, fairbound.feature_names, fairbound.inputs).

Beside it, FILE's .model-card.json: intended use, data hash, groups, the constraints with their test verdicts and
the test metrics with bootstrap intervals — the same figures as the audit PDF. It re-reads the data from the
config's data.path (its hash is checked); --no-card skips it when the data is gone.

Options:
  --onnx FILE         the .onnx file to write (required)
  --run N             which run (default: the best one, as \`run\` marks it with *)
  --context FILE      JSON with the card's intended-use fields (${CONTEXT_FIELDS.join(', ')})
  --resamples N       bootstrap resamples for the card's intervals (default 1000)
  --no-card           write the model only

With --json, prints {"onnxPath", "onnxBytes", "cardPath", "run"}.`,
  options: {
    onnx: { type: 'string' },
    run: { type: 'string' },
    context: { type: 'string' },
    resamples: { type: 'string' },
    'no-card': { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(ctx, args) {
    const onnx = requiredStringOption(args, 'onnx', 'FILE', 'where to write the model');
    const runOption = numberOption(args, 'run', { integer: true, min: 0 });
    const resamples = numberOption(args, 'resamples', { integer: true, min: 10, max: 100_000 });
    const card = !flag(args, 'no-card');
    if (!card && (resamples !== undefined || stringOption(args, 'context') !== undefined)) {
      throw new UsageError('--resamples and --context set up the model card; they cannot go with --no-card');
    }
    const contextFile = stringOption(args, 'context');
    const context = contextFile === undefined ? {} : await readContext(contextFile);

    const { readResultsFile } = await import('../../core/audit/run-source.js');
    const { exportModel } = await import('../../core/export/export-model.js');
    const { prepareTask } = await import('../../core/data/prepare.js');
    const dir = path.resolve(args.positionals[0]!);
    const run = pickRun(await readResultsFile(dir), dir, runOption, '--run');
    const progress = ctx.progress();
    progress.update(0.1, `exporting run ${run} of ${dir}`);
    const exported = await exportModel(dir, run, {
      onnxPath: onnx,
      card,
      context,
      prepare: (config) => prepareTask(config, { signal: ctx.signal }),
      ...(resamples === undefined ? {} : { bootstrap: { resamples } }),
    }).catch((error: unknown) => {
      // The card needs the training data; the model alone does not.
      if (card && error instanceof FairboundError && error.code.startsWith('dataset-')) {
        throw new FairboundError(
          error.code,
          `${error.message} (the model card re-reads the training data; --no-card exports the model alone)`,
          error.details,
        );
      }
      throw error;
    });
    progress.done();
    const warnings = exported.card?.warnings ?? [];
    ctx.emit(
      { onnxPath: exported.onnxPath, onnxBytes: exported.onnxBytes, cardPath: exported.cardPath, run },
      [
        `Run ${run} exported:`,
        `  ${exported.onnxPath} (${exported.onnxBytes} bytes)`,
        ...(exported.cardPath ? [`  ${exported.cardPath}`] : []),
        ...warnings.map((w) => `warning: ${w}`),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
