import path from 'node:path';
import { readConfigFile } from '../../core/configs/config-file.js';
import { SOLVER_NAMES, type SolverName } from '../../../shared/fairness.js';
import { SOLVERS } from '../../../shared/solvers.js';
import { backendOption, flag, numberOption, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';

export const benchGeneralizationCommand: Command = {
  name: 'bench generalization',
  summary:
    'Does the constraint carry over to held-out data? A constrained solver vs its baseline on K re-splits, paired.',
  usage:
    'bench generalization CONFIG [--resplits K] [--baseline SOLVER] [--held-out] [--seconds S | --iterations N] [--out DIR] [--backend B]',
  details: `
For the task in CONFIG (its solver must be constrained), trains one run of that solver and one of an unconstrained
baseline on each of K re-splits of the data (split seed + k, run seed k), so each pair sees the same rows. For every
constraint it reports, over the re-splits:
  baseline / constrained test gap    the measured value on the test split (mean ± standard error)
  train effect, test effect          baseline value − constrained value, on the training and on the test split
  transfer                           test effect ÷ train effect: 1 = the whole effect carries over to held-out rows
  test verdicts S/V/I/T              satisfied / violated / inconclusive / trivial counts (docs/results.md)
  test AUC, degenerate runs          discrimination, and runs whose model carries a warning (e.g. single class)
Writes DIR/table.md, DIR/summary.json and every run under DIR/resplit-<k>/<solver>/, and prints the table.

Options:
  --resplits K     re-splits (default 5)
  --baseline S     unconstrained baseline solver (default sgd; same batch size and budget)
  --held-out       also train the constrained solver with solver.dual = {split: validation, rates: hard}
                   (Cotter et al. 2019: multipliers from held-out estimates, hard rates)
  --seconds S      time budget per run (overrides the config's budget)
  --iterations N   iteration budget per run (overrides the config's budget; reproducible)
  --out DIR        output folder (default ./bench-generalization)
  --backend B      compute backend (default: the config's)

Ctrl-C stops after the current run; the re-splits finished so far are reported (exit 130).`,
  options: {
    resplits: { type: 'string' },
    baseline: { type: 'string' },
    'held-out': { type: 'boolean' },
    seconds: { type: 'string' },
    iterations: { type: 'string' },
    out: { type: 'string', short: 'o' },
    backend: { type: 'string' },
  },
  positionals: [1, 1],
  async run(ctx, args) {
    const { runGeneralizationBench, generalizationTable } = await import('../bench/generalization.js');
    const resplits = numberOption(args, 'resplits', { integer: true, min: 2, max: 100 }) ?? 5;
    const baseline = stringOption(args, 'baseline') ?? 'sgd';
    if (!(SOLVER_NAMES as readonly string[]).includes(baseline) || SOLVERS[baseline as SolverName].constrained) {
      throw new UsageError(
        `--baseline: "${baseline}" is not an unconstrained solver; choose ${SOLVER_NAMES.filter((s) => !SOLVERS[s].constrained).join(' or ')}`,
      );
    }
    const seconds = numberOption(args, 'seconds', { min: 0, exclusiveMin: true });
    const iterations = numberOption(args, 'iterations', { integer: true, min: 1 });
    if (seconds !== undefined && iterations !== undefined)
      throw new UsageError('give --seconds or --iterations, not both');
    const backend = backendOption(args);
    const config = await readConfigFile(args.positionals[0]!, backend === undefined ? {} : { backend });
    if (!SOLVERS[config.solver.name].constrained) {
      throw new UsageError(
        `${args.positionals[0]}: solver "${config.solver.name}" is unconstrained; the bench compares a constrained solver with its baseline`,
      );
    }
    if (config.constraints.length === 0) throw new UsageError(`${args.positionals[0]}: the task has no constraints`);
    const budget = seconds !== undefined ? { seconds } : iterations !== undefined ? { iterations } : config.budget;
    const progress = ctx.progress();
    const result = await runGeneralizationBench({
      config: { ...config, budget },
      outDir: path.resolve(stringOption(args, 'out') ?? 'bench-generalization'),
      resplits,
      baseline: baseline as SolverName,
      heldOut: flag(args, 'held-out'),
      signal: ctx.signal,
      progress,
    });
    progress.done();
    ctx.emit(
      result,
      [generalizationTable([result]), 'Written:', `  ${result.files.markdown}`, `  ${result.files.summary}`].join('\n'),
    );
    return result.cancelled ? EXIT.cancelled : EXIT.ok;
  },
};
