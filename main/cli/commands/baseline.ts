import path from 'node:path';
import { PARITY_CONSTRAINTS, type ParityConstraint } from '../../../shared/config/baseline.js';
import { CONSTRAINT_TOPOLOGIES, BASELINE_SOLVER_NAMES, type ConstraintKind } from '../../../shared/fairness.js';
import { SOLVERS } from '../../../shared/solvers.js';
import { flag, numberOption, stringOption } from '../args.js';
import { prepareOutputFolder } from '../check-paths.js';
import type { Command, ParsedArgs } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { bestRunIndex, pickRun, runLines, runSummaryText } from '../run-summary.js';

function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback?: T): T {
  const raw = stringOption(args, name);
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${name} is required: one of ${allowed.join(', ')}`);
  }
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`--${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

const KIND_OF: Record<ParityConstraint, ConstraintKind> = {
  'demographic-parity': 'positive-rate-gap',
  'equalized-odds': 'equalized-odds',
};

/** exponentiated-gradient's settings as options (the catalogue's keys; --max-iter is Fairlearn's max_iter). */
const REDUCTIONS_OPTIONS = { eps: 'eps', 'max-iter': 'maxIterations', eta0: 'eta0', c: 'c' } as const;

export const baselineCommand: Command = {
  name: 'baseline',
  summary: "Run a practitioners' baseline (post-processing or reductions) on a finished run's task, as a new job.",
  usage:
    'baseline DIR --method METHOD --constraint CONSTRAINT [--tolerance T] [--topology P] [--run N] [--out OUT] [--force]',
  details: `
Writes an ordinary job folder OUT (results.json with one run, predictions, model, history: what \`run\` writes, so
\`audit\` and the app read it like any run), for one of the methods practitioners know, started from run N of DIR:
  threshold-optimizer     post-processing (Hardt, Price & Srebro 2016; Fairlearn's ThresholdOptimizer): group-
                          specific, randomised thresholds on run N's scores, chosen by a linear program on the
                          validation split (train when there is none). ${SOLVERS['threshold-optimizer'].requirement}
  exponentiated-gradient  reductions (Agarwal et al. 2018; Fairlearn's ExponentiatedGradient): a randomised mixture
                          of weighted logistic regressions trained on run N's task, split and seed. Fairlearn's
                          defaults: eps 0.01, max_iter 50, eta0 2.0, nu automatic.
The constraint replaces the task's: demographic parity is a positive-rate gap. Each run records one seeded draw of the
randomised decisions, judged with the same verdicts and intervals as every run (docs/verdicts.md). With the default
each-vs-overall topology and tolerance 0.01, exponentiated gradient's bound is Fairlearn's default (0.01 per group);
pairwise tolerance t gives it t/2. See docs/baselines.md.

Options:
  --method M        ${BASELINE_SOLVER_NAMES.join(' | ')} (required)
  --constraint C    ${PARITY_CONSTRAINTS.join(' | ')} (required)
  --tolerance T     allowed difference (default 0.01)
  --topology P      ${CONSTRAINT_TOPOLOGIES.join(' | ')} (default each-vs-overall)
  --run N           which run (default: the best one, as \`run\` marks it with *)
  --out OUT         the job folder to write (default DIR/baselines/METHOD-CONSTRAINT-run-N)
  --force           replace OUT if it holds a previous result
  --eps E           exponentiated gradient: B = 1/E bounds the multipliers (default 0.01)
  --max-iter K      exponentiated gradient: iterations (default 50)
  --eta0 V          exponentiated gradient: initial multiplier step (default 2.0)
  --c V             exponentiated gradient: the regressions' inverse L2 strength (default 1)

With --json, prints {outDir, results, runs}.`,
  options: {
    method: { type: 'string' },
    constraint: { type: 'string' },
    tolerance: { type: 'string' },
    topology: { type: 'string' },
    run: { type: 'string' },
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    eps: { type: 'string' },
    'max-iter': { type: 'string' },
    eta0: { type: 'string' },
    c: { type: 'string' },
  },
  positionals: [1, 1],
  async run(ctx, args) {
    const method = choice(args, 'method', BASELINE_SOLVER_NAMES);
    const constraint = choice(args, 'constraint', PARITY_CONSTRAINTS);
    const topology = choice(args, 'topology', CONSTRAINT_TOPOLOGIES, 'each-vs-overall');
    const tolerance = numberOption(args, 'tolerance', { min: 0, max: 1 }) ?? 0.01;
    const runOption = numberOption(args, 'run', { integer: true, min: 0 });
    const params: Record<string, number> = {};
    for (const [option, key] of Object.entries(REDUCTIONS_OPTIONS)) {
      const spec = SOLVERS['exponentiated-gradient'].params.find((p) => p.key === key)!;
      const value = numberOption(args, option, { min: spec.min, max: spec.max });
      if (value !== undefined) params[key] = value;
    }
    if (method === 'threshold-optimizer' && Object.keys(params).length)
      throw new UsageError(
        `--${Object.entries(REDUCTIONS_OPTIONS)
          .filter(([, key]) => key in params)
          .map(([option]) => option)
          .join(', --')} apply to exponentiated-gradient only`,
      );

    const { readResultsFile } = await import('../../core/audit/run-source.js');
    const { prepareTask } = await import('../../core/data/prepare.js');
    const { writeBaselineJob } = await import('../../core/baselines/baseline-job.js');
    const dir = path.resolve(args.positionals[0]!);
    const run = pickRun(await readResultsFile(dir), dir, runOption, '--run');
    const outDir = path.resolve(
      stringOption(args, 'out') ?? path.join(dir, 'baselines', `${method}-${constraint}-run-${run}`),
    );
    await prepareOutputFolder(outDir, '--out', { force: flag(args, 'force'), marker: 'results.json' });
    const progress = ctx.progress();
    progress.update(0.1, `${method} (${constraint}) from run ${run}`);
    const results = await writeBaselineJob({
      sourceDir: dir,
      runIndex: run,
      method,
      constraint: { kind: KIND_OF[constraint], topology, tolerance },
      params,
      outDir,
      prepare: (config) => prepareTask(config, { signal: ctx.signal }),
      signal: ctx.signal,
    });
    progress.done();
    ctx.emit(
      { outDir, results: path.join(outDir, 'results.json'), bestRun: bestRunIndex(results), runs: runLines(results) },
      runSummaryText(results, outDir),
    );
    return EXIT.ok;
  },
};
