import path from 'node:path';
import { SAMPLE_DATASET_FILE } from '../../../shared/config/task-config.js';
import { SOLVER_NAMES, type SolverName } from '../../../shared/fairness.js';
import { backendOption, flag, numberOption, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';

const METHOD_LIST = 'sgd, penalty, stochastic-ghost, alm, ssl-alm, switching-subgradient';

function methodsOption(raw: string | undefined, all: readonly SolverName[]): readonly SolverName[] {
  if (raw === undefined) return all;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(SOLVER_NAMES as readonly string[]).includes(n));
  if (bad.length || names.length === 0) {
    throw new UsageError(
      `--methods: unknown solver(s) ${bad.map((b) => `"${b}"`).join(', ') || '(none given)'}; choose from ${SOLVER_NAMES.join(', ')}`,
    );
  }
  return names as SolverName[];
}

export const benchPaperCommand: Command = {
  name: 'bench paper',
  summary: "Reproduce the paper's benchmark on the bundled ACSIncome-OK data: table and convergence plots.",
  usage:
    'bench paper [--runs N] [--seconds S] [--out DIR] [--methods a,b] [--backend B] [--data FILE] [--no-baselines] [--report-only]',
  details: `
Trains the task of the paper (Kliachkin et al., arXiv:2507.04033: ACSIncome Oklahoma 2018, White vs Non-white, |L_White − L_Non-white| ≤ 0.005,
9 → 64 → 32 → 1 network, 80/20 split stratified by group) with each method — ${METHOD_LIST} —
for N runs of S seconds each, keeping final iterates as the paper does. Then writes into DIR:
  table.md, table.csv, summary.json   train and test AUC_M, Ind, Sp, Ina, Sf, Wd, |L0 − L1|, iterations (mean ± std)
  convergence-loss-gap.png            full-train loss gap vs time: median, 25–75 % band, mean, with the δ band
  convergence-loss.png                full-train loss vs time, same layout
  methods/<solver>/                   each method's task.json, results.json, models and histories
  methods/exponentiated-gradient/     the practitioners' baselines, run as methods with the same data, runs and
  methods/threshold-optimizer/        budget, for demographic parity (each group within 0.01 of the overall rate):
                                      they do not enforce loss gaps (docs/baselines.md); their own table section
and prints the table. The paper's protocol is 10 runs × 30 s (about 30 minutes for all six methods).

Options:
  --runs N        runs per method (default 10)
  --seconds S     time budget per run (default 30)
  --out DIR       output folder (default ./bench-paper)
  --methods LIST  comma-separated subset of solvers (default: ${METHOD_LIST})
  --backend B     compute backend (default auto)
  --data FILE     the ACSIncome-OK CSV (default: the bundled resources/sample/${SAMPLE_DATASET_FILE})
  --no-baselines  skip the practitioners' baselines
  --report-only   do not train: rebuild the table and plots from DIR/methods/*/results.json

Ctrl-C stops after the current run; the methods finished so far are reported (exit 130).`,
  options: {
    runs: { type: 'string' },
    seconds: { type: 'string' },
    out: { type: 'string', short: 'o' },
    methods: { type: 'string' },
    backend: { type: 'string' },
    data: { type: 'string' },
    'report-only': { type: 'boolean' },
    'no-baselines': { type: 'boolean' },
  },
  positionals: [0, 0],
  async run(ctx, args) {
    const { PAPER_METHODS, BUNDLED_SAMPLE, readPaperBench, reportPaperBench, runPaperBench } =
      await import('../bench/paper.js');
    const { paperText } = await import('../bench/paper-table.js');
    const { baselinesMarkdown } = await import('../bench/paper-baselines.js');
    const runs = numberOption(args, 'runs', { integer: true, min: 1, max: 1000 }) ?? 10;
    const seconds = numberOption(args, 'seconds', { min: 0, exclusiveMin: true }) ?? 30;
    const methods = methodsOption(stringOption(args, 'methods'), PAPER_METHODS);
    const outDir = path.resolve(stringOption(args, 'out') ?? 'bench-paper');
    const progress = ctx.progress();
    let result;
    if (flag(args, 'report-only')) {
      const found = await readPaperBench(outDir, methods);
      if (found.length === 0) throw new UsageError(`--report-only: no methods/<solver>/results.json under ${outDir}`);
      result = await reportPaperBench(outDir, found, { runs, seconds, cancelled: false });
    } else {
      result = await runPaperBench({
        outDir,
        runs,
        seconds,
        methods,
        dataPath: path.resolve(stringOption(args, 'data') ?? BUNDLED_SAMPLE),
        backend: backendOption(args) ?? 'auto',
        baselines: !flag(args, 'no-baselines'),
        signal: ctx.signal,
        progress,
      });
    }
    progress.done();
    const fileLines = [result.files.markdown, result.files.csv, result.files.summary, ...result.files.plots].map(
      (f) => `  ${f}`,
    );
    ctx.emit(
      result,
      [
        paperText(result.methods),
        ...(result.baselines.length ? [baselinesMarkdown(result.baselines)] : []),
        'Written:',
        ...fileLines,
        ...result.notes.map((n) => `note: ${n}`),
      ].join('\n'),
    );
    return result.cancelled ? EXIT.cancelled : EXIT.ok;
  },
};
