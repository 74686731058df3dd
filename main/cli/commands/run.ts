import path from 'node:path';
import { readConfigFile } from '../../core/configs/config-file.js';
import type { PreparedTask } from '../../core/data/prepared-task.js';
import { preTrainingCheck } from '../../core/metrics/certifiability.js';
import { backendOption, flag, numberOption, stringOption, requiredStringOption } from '../args.js';
import { certifiabilityLines } from '../certifiability-text.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { checkDataPath, prepareOutputFolder } from '../check-paths.js';
import {
  bestRunIndex,
  runLines,
  runSummaryText,
  STRICT_MODES,
  strictFailure,
  type StrictMode,
} from '../run-summary.js';
import { trainConfig } from '../train.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Train as a task config says; write results.json, the models and the histories.',
  usage:
    'run CONFIG.json --out DIR [--force] [--runs N] [--seconds S] [--backend B] [--seed N] [--strict[=certified]] [--json]',
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
  --strict          exit 5 when a finished model's test verdict is "violated" (95 % lower bound above the tolerance)
  --strict=certified
                    exit 5 unless every test verdict is "satisfied" (95 % upper bound below the tolerance) and no
                    model carries a degenerate-model warning (docs/verdicts.md)

Ctrl-C cancels: the runs finished so far are written, and the command exits 130.
With --json, prints {"outDir", "results", "bestRun", "runs": [...]}; results is the path of results.json.`,
  options: {
    out: { type: 'string', short: 'o' },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    backend: { type: 'string' },
    seed: { type: 'string' },
    strict: { type: 'string' },
    force: { type: 'boolean' },
  },
  bareValues: { strict: 'violated' },
  positionals: [1, 1],
  async run(ctx, args) {
    const out = requiredStringOption(args, 'out', 'DIR', 'the folder receiving results.json');
    const runs = numberOption(args, 'runs', { integer: true, min: 1, max: 1000 });
    const seconds = numberOption(args, 'seconds', { min: 0, exclusiveMin: true });
    const seed = numberOption(args, 'seed', { integer: true });
    const backend = backendOption(args);
    const strict = stringOption(args, 'strict');
    if (strict !== undefined && !(STRICT_MODES as readonly string[]).includes(strict)) {
      throw new UsageError(`--strict: expected --strict or --strict=certified, got "--strict=${strict}"`);
    }
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
    const onPrepared = (task: PreparedTask): void => {
      if (!ctx.quiet) ctx.stderr.write(`${certifiabilityLines(preTrainingCheck(task)).join('\n')}\n`);
    };
    const results = await trainConfig(config, outDir, { signal: ctx.signal, progress, onPrepared });
    progress.done();
    ctx.emit(
      { outDir, results: path.join(outDir, 'results.json'), bestRun: bestRunIndex(results), runs: runLines(results) },
      runSummaryText(results, outDir),
    );
    if (ctx.signal.aborted || results.runs.some((r) => r.status === 'cancelled')) return EXIT.cancelled;
    if (results.runs.some((r) => r.status === 'diverged')) return EXIT.diverged;
    if (results.runs.some((r) => r.status === 'failed')) return EXIT.failure;
    if (strict !== undefined) {
      const failures = results.runs
        .map((run, i) => ({ i, why: strictFailure(run, strict as StrictMode) }))
        .filter((f) => f.why !== null);
      for (const f of failures) ctx.stderr.write(`strict: run ${f.i}: ${f.why}\n`);
      if (failures.length) return EXIT.strict;
    }
    return EXIT.ok;
  },
};
