import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BASELINE_METHODS,
  PARITY_CONSTRAINTS,
  baselineResultSchema,
  type BaselineEvaluation,
  type BaselineResult,
} from '../../../shared/config/baseline.js';
import { numberOption, stringOption } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { pickRun } from '../run-summary.js';

function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T {
  const raw = stringOption(args, name);
  if (raw === undefined) throw new UsageError(`--${name} is required: one of ${allowed.join(', ')}`);
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`--${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

function line(label: string, e: BaselineEvaluation): string {
  const diff = (d: BaselineEvaluation['demographicParity']) =>
    d ? `${d.value.toFixed(3)} ± ${(1.96 * d.se).toFixed(3)}` : 'undefined';
  return `  ${label.padEnd(28)} accuracy ${percent(e.accuracy)}  selection ${percent(e.selectionRate)}  DP diff ${diff(e.demographicParity)}  EO diff ${diff(e.equalizedOdds)}${e.degenerate ? '  (one class for everyone: inconclusive)' : ''}`;
}

function summary(result: BaselineResult, file: string): string {
  return [
    `${result.method} (${result.constraint}) fitted on run ${result.source.run}'s ${result.fittedOn} split; test split:`,
    line(`run ${result.source.run} (${result.source.solver})`, result.sourceTest),
    line(
      result.method === 'exponentiated-gradient' ? 'randomised mixture' : 'post-processed (randomised)',
      result.test,
    ),
    ...(result.deterministicTest ? [line('best deterministic member', result.deterministicTest)] : []),
    '  (differences: max − min over groups, ± 1.96 binomial standard errors; no verdict is drawn here)',
    ...result.requirements.map((r) => `requires: ${r}`),
    ...result.notes.map((n) => `note: ${n}`),
    file,
  ].join('\n');
}

export const baselineCommand: Command = {
  name: 'baseline',
  summary: "Fit a practitioners' baseline (Fairlearn's threshold optimizer or exponentiated gradient) to a run.",
  usage: 'baseline DIR --method METHOD --constraint CONSTRAINT [--run N] [--out FILE]',
  details: `
Fits one of the methods practitioners know to run N of DIR and evaluates it on the run's test split, beside the
run's own decisions:
  threshold-optimizer     post-processing (Hardt, Price & Srebro 2016; Fairlearn's ThresholdOptimizer): group-
                          specific, randomised thresholds on the run's scores, chosen by a linear program on the
                          validation split (train when there is none). Scoring needs each row's protected attribute.
  exponentiated-gradient  reductions (Agarwal et al. 2018; Fairlearn's ExponentiatedGradient): a randomised mixture
                          of weighted logistic regressions trained on the run's training split, and its best single
                          deterministic member. Fairlearn's defaults: eps 0.01, bound 0.01, max_iter 50, eta0 2.0,
                          nu automatic.
Rates are expected values over the predictor's randomisation. Differences are max − min over the groups not
flagged small, with binomial standard errors. See docs/baselines.md.

Options:
  --method M        ${BASELINE_METHODS.join(' | ')} (required)
  --constraint C    ${PARITY_CONSTRAINTS.join(' | ')} (required)
  --run N           which run (default: the best one, as \`run\` marks it with *)
  --out FILE        the JSON to write (default DIR/baselines/METHOD-CONSTRAINT-run-N.json)
  --tolerance T     threshold optimizer: allowed difference between groups' rates (default 0)
  --eps E           exponentiated gradient: B = 1/E bounds the multipliers (default 0.01)
  --bound D         exponentiated gradient: each group's allowed distance to the overall rate (default 0.01)
  --max-iter K      exponentiated gradient: iterations (default 50)
  --nu V            exponentiated gradient: duality-gap target (default: Fairlearn's automatic rule)
  --eta0 V          exponentiated gradient: initial learning rate (default 2.0)

With --json, prints the written file's content and {"outPath"}.`,
  options: {
    method: { type: 'string' },
    constraint: { type: 'string' },
    run: { type: 'string' },
    out: { type: 'string', short: 'o' },
    tolerance: { type: 'string' },
    eps: { type: 'string' },
    bound: { type: 'string' },
    'max-iter': { type: 'string' },
    nu: { type: 'string' },
    eta0: { type: 'string' },
  },
  positionals: [1, 1],
  async run(ctx, args) {
    const method = choice(args, 'method', BASELINE_METHODS);
    const constraint = choice(args, 'constraint', PARITY_CONSTRAINTS);
    const runOption = numberOption(args, 'run', { integer: true, min: 0 });
    const tolerance = numberOption(args, 'tolerance', { min: 0, max: 1 });
    const reductions = {
      eps: numberOption(args, 'eps', { min: 0, exclusiveMin: true, max: 1 }),
      bound: numberOption(args, 'bound', { min: 0, max: 1 }),
      maxIterations: numberOption(args, 'max-iter', { integer: true, min: 1, max: 10_000 }),
      nu: numberOption(args, 'nu', { min: 0, exclusiveMin: true }),
      eta0: numberOption(args, 'eta0', { min: 0, exclusiveMin: true }),
    };
    const given = Object.fromEntries(Object.entries(reductions).filter(([, v]) => v !== undefined));
    if (method === 'threshold-optimizer' && Object.keys(given).length)
      throw new UsageError(`--${Object.keys(given).join(', --')} apply to exponentiated-gradient only`);
    if (method === 'exponentiated-gradient' && tolerance !== undefined)
      throw new UsageError('--tolerance applies to threshold-optimizer only (exponentiated gradient takes --bound)');

    const { readResultsFile } = await import('../../core/audit/run-source.js');
    const { prepareTask } = await import('../../core/data/prepare.js');
    const { fitBaseline } = await import('../../core/baselines/fit-baseline.js');
    const dir = path.resolve(args.positionals[0]!);
    const run = pickRun(await readResultsFile(dir), dir, runOption, '--run');
    const out = path.resolve(
      stringOption(args, 'out') ?? path.join(dir, 'baselines', `${method}-${constraint}-run-${run}.json`),
    );
    const progress = ctx.progress();
    progress.update(0.1, `fitting ${method} (${constraint}) to run ${run}`);
    const result = baselineResultSchema.parse(
      await fitBaseline(dir, run, method, constraint, {
        prepare: (config) => prepareTask(config, { signal: ctx.signal }),
        signal: ctx.signal,
        ...(tolerance === undefined ? {} : { tolerance }),
        reductions: given,
      }),
    );
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    progress.done();
    ctx.emit({ ...result, outPath: out }, summary(result, out));
    return EXIT.ok;
  },
};
