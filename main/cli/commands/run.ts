import path from 'node:path';
import { readConfigFile } from '../../core/configs/config-file.js';
import { backendOption, flag, numberOption, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { checkDataPath, prepareOutputFolder } from '../check-paths.js';
import { bestRunIndex, runLines, runSummaryText, violatesOnTest } from '../run-summary.js';
import { trainConfig } from '../train.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Train as a task config says; write results.json, the models and the histories.',
  usage: 'run CONFIG.json --out DIR [--force] [--runs N] [--seconds S] [--backend B] [--seed N] [--strict] [--json]',
  details: `
Validates the config (every problem is listed, naming its field), prepares the data, trains config.runs
independent runs and writes into DIR:
  results.json              runs, metrics on train/validation/test, selected iterates (docs/results.md)
  models/run-<i>/           the selected model of each run
  history/run-<i>.jsonl     stochastic estimates and full-data evaluations over time
data.path in the config is relative to the config file's folder.

Options:
  --out DIR         output folder (created; required). One that already holds results.json is refused
  --force           replace the results already in --out DIR
  --runs N          override config.runs
  --seconds S       override config.budget.seconds (time budget per run)
  --backend B       override config.backend: auto, tensorflow, webgpu, wasm, cpu
  --seed N          override config.seed
  --strict          exit 4 when a finished model violates a constraint on the test split

Ctrl-C cancels: the runs finished so far are written, and the command exits 130.
With --json, prints {"outDir", "results", "bestRun", "runs": [...]}; results is the path of results.json.`,
  options: {
    out: { type: 'string', short: 'o' },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    backend: { type: 'string' },
    seed: { type: 'string' },
    strict: { type: 'boolean' },
    force: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(ctx, args) {
    const out = stringOption(args, 'out');
    if (out === undefined) throw new UsageError('--out DIR is required (the folder receiving results.json)');
    const runs = numberOption(args, 'runs', { integer: true, min: 1, max: 1000 });
    const seconds = numberOption(args, 'seconds', { min: 0, exclusiveMin: true });
    const seed = numberOption(args, 'seed', { integer: true });
    const backend = backendOption(args);
    const config = await readConfigFile(args.positionals[0]!, {
      ...(runs === undefined ? {} : { runs }),
      ...(seconds === undefined ? {} : { seconds }),
      ...(seed === undefined ? {} : { seed }),
      ...(backend === undefined ? {} : { backend }),
    });
    const outDir = path.resolve(out);
    // Before any long work (preparing the data takes seconds): a bad --out or a missing data file fails now.
    await checkDataPath(config.data.path, path.resolve(args.positionals[0]!));
    await prepareOutputFolder(outDir, '--out', { force: flag(args, 'force'), marker: 'results.json' });
    const progress = ctx.progress();
    const results = await trainConfig(config, outDir, { signal: ctx.signal, progress });
    progress.done();
    ctx.emit(
      { outDir, results: path.join(outDir, 'results.json'), bestRun: bestRunIndex(results), runs: runLines(results) },
      runSummaryText(results, outDir),
    );
    if (ctx.signal.aborted || results.runs.some((r) => r.status === 'cancelled')) return EXIT.cancelled;
    if (results.runs.some((r) => r.status === 'diverged')) return EXIT.diverged;
    if (results.runs.some((r) => r.status === 'failed')) return EXIT.failure;
    if (flag(args, 'strict') && results.runs.some(violatesOnTest)) return EXIT.diverged;
    return EXIT.ok;
  },
};
