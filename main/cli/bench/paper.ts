import { writeFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  paperTaskConfig,
  SAMPLE_DATASET_FILE,
  taskConfigSchema,
  type TaskConfig,
} from '../../../shared/config/task-config.js';
import { resultsSchema, type Results } from '../../../shared/config/results.js';
import type { BackendChoice, SolverName } from '../../../shared/fairness.js';
import { SOLVERS } from '../../../shared/solvers.js';
import { subProgress, type ProgressReporter } from '../progress.js';
import { trainConfig } from '../train.js';
import { bandOverRuns, type Band } from './convergence.js';
import { trainTrajectories } from './history.js';
import { paperCsv, paperMarkdown, summariseMethod, type MethodSummary } from './paper-table.js';
import { findChromium } from '../../core/chromium.js';
import { renderPanelsPng, type PanelSpec } from './render-charts.js';
import { baselinesMarkdown, paperBaselineConfig, PAPER_BASELINE_METHODS } from './paper-baselines.js';
import { isBaselineSolver } from '../../../shared/fairness.js';

/** The paper's algorithms (docs/science/problem.md#the-papers-task), in the paper's table order (penalty stands in for SGD + fairret). */
export const PAPER_METHODS: readonly SolverName[] = [
  'sgd',
  'penalty',
  'stochastic-ghost',
  'alm',
  'ssl-alm',
  'switching-subgradient',
];

export const BUNDLED_SAMPLE = fileURLToPath(
  new URL(`../../../resources/sample/${SAMPLE_DATASET_FILE}`, import.meta.url),
);

export interface PaperBenchOptions {
  outDir: string;
  runs: number;
  seconds: number;
  methods: readonly SolverName[];
  dataPath: string;
  backend: BackendChoice;
  /** Also run the practitioners' baselines as methods, for demographic parity (paper-baselines.ts). */
  baselines: boolean;
  signal: AbortSignal;
  progress: ProgressReporter;
}

export interface PaperBenchResult {
  outDir: string;
  methods: MethodSummary[];
  baselines: MethodSummary[];
  files: { markdown: string; csv: string; summary: string; plots: string[] };
  /** Why plots are missing, when they are. */
  notes: string[];
  cancelled: boolean;
}

/**
 * The paper's task for one solver: the catalogue's batch size and default params (= the paper's settings); the
 * baseline methods get the constraint they enforce (paper-baselines.ts).
 */
export function paperConfigFor(
  solver: SolverName,
  options: Pick<PaperBenchOptions, 'runs' | 'seconds' | 'dataPath' | 'backend'>,
): TaskConfig {
  const base = paperTaskConfig(options.dataPath);
  const config: TaskConfig = {
    ...base,
    name: `${base.name} — ${SOLVERS[solver].title}`,
    solver: { name: solver, batchSize: SOLVERS[solver].batchSize, params: {} },
    budget: { seconds: options.seconds },
    runs: options.runs,
    backend: options.backend,
    // The paper reports final iterates, not a selected one.
    selection: 'last',
  };
  return isBaselineSolver(solver) ? paperBaselineConfig(config) : config;
}

async function plotConvergence(
  outDir: string,
  done: { solver: SolverName; dir: string; results: Results }[],
  seconds: number,
  tolerance: number,
  chromium: string,
): Promise<string[]> {
  const bands = await Promise.all(
    done.map(async ({ solver, dir, results }) => {
      const runs = await trainTrajectories(dir, results);
      return {
        solver,
        gap: bandOverRuns(
          runs.map((r) => r.lossGap),
          seconds,
        ),
        loss: bandOverRuns(
          runs.map((r) => r.loss),
          seconds,
        ),
      };
    }),
  );
  const range = (pick: (b: (typeof bands)[number]) => Band, extra: number[]) => {
    const values = bands
      .flatMap((b) => [...pick(b).q25, ...pick(b).q75, ...pick(b).mean])
      .filter((v): v is number => v !== null);
    const all = [...values, ...extra];
    const min = Math.min(...all);
    const max = Math.max(...all);
    const pad = (max - min) * 0.05 || 0.01;
    return { min: min - pad, max: max + pad };
  };
  const gapRange = range((b) => b.gap, [0, tolerance]);
  const lossRange = range((b) => b.loss, []);
  const gapPanels: PanelSpec[] = bands.map((b) => ({
    title: `${SOLVERS[b.solver].title}: |L_White − L_Non-white| (train)`,
    xLabel: 'seconds',
    yLabel: 'loss gap',
    band: b.gap,
    tolerance: { low: 0, high: tolerance, label: `feasible (≤ δ = ${tolerance})` },
    yRange: { min: Math.max(0, gapRange.min), max: gapRange.max },
  }));
  const lossPanels: PanelSpec[] = bands.map((b) => ({
    title: `${SOLVERS[b.solver].title}: loss (train)`,
    xLabel: 'seconds',
    yLabel: 'mean BCE',
    band: b.loss,
    yRange: lossRange,
  }));
  const gapFile = path.join(outDir, 'convergence-loss-gap.png');
  const lossFile = path.join(outDir, 'convergence-loss.png');
  await renderPanelsPng(gapPanels, gapFile, { chromium });
  await renderPanelsPng(lossPanels, lossFile, { chromium });
  await writeFile(path.join(outDir, 'convergence.json'), `${JSON.stringify(bands, null, 1)}\n`);
  return [gapFile, lossFile];
}

type Finished = { solver: SolverName; dir: string; results: Results };

/**
 * Runs the paper's experiment (docs/science/problem.md#the-papers-task) for each method (its own results folder under methods/<solver>/), then writes
 * the report. A cancelled benchmark still reports the methods finished so far.
 */
export async function runPaperBench(options: PaperBenchOptions): Promise<PaperBenchResult> {
  const { outDir, methods, progress, signal } = options;
  await mkdir(outDir, { recursive: true });
  const done: Finished[] = [];
  const all = [...new Set([...methods, ...(options.baselines ? PAPER_BASELINE_METHODS : [])])];
  for (const [i, solver] of all.entries()) {
    if (signal.aborted) break;
    const config = paperConfigFor(solver, options);
    const dir = path.join(outDir, 'methods', solver);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'task.json'), `${JSON.stringify(config, null, 2)}\n`);
    const results = await trainConfig(config, dir, {
      signal,
      progress: subProgress(progress, i / all.length, 1 / all.length),
      stage: `${solver} (${i + 1}/${all.length})`,
    });
    done.push({ solver, dir, results });
    progress.log(
      `${solver}: ${results.runs.filter((r) => r.status === 'completed').length}/${results.runs.length} runs completed`,
    );
  }
  return reportPaperBench(outDir, done, { runs: options.runs, seconds: options.seconds, cancelled: signal.aborted });
}

/** Re-reads a finished benchmark's per-method results (and the baselines' where run), to redraw its report. */
export async function readPaperBench(outDir: string, methods: readonly SolverName[]): Promise<Finished[]> {
  const found: Finished[] = [];
  for (const solver of new Set([...methods, ...PAPER_BASELINE_METHODS])) {
    const dir = path.join(outDir, 'methods', solver);
    const text = await readFile(path.join(dir, 'results.json'), 'utf8').catch(() => null);
    if (text !== null) found.push({ solver, dir, results: resultsSchema.parse(JSON.parse(text)) });
  }
  return found;
}

/** The 3.2-style table (Markdown, CSV, JSON) and the convergence plots, from the engine's results and histories. */
export async function reportPaperBench(
  outDir: string,
  done: Finished[],
  run: { runs: number; seconds: number; cancelled: boolean },
): Promise<PaperBenchResult> {
  const baselineRuns = done.filter((d) => isBaselineSolver(d.solver));
  const paperRuns = done.filter((d) => !isBaselineSolver(d.solver));
  const summaries = paperRuns.map((d) => summariseMethod(d.solver, d.results));
  const baselines = baselineRuns.map((d) => summariseMethod(d.solver, d.results));
  const first = paperRuns[0]?.results;
  const notes: string[] = [];
  const meta = {
    title: 'Fairbound — paper benchmark (ACSIncome-OK 2018, White vs Non-white, |L0 − L1| ≤ 0.005)',
    notes: [
      `${run.runs} runs × ${run.seconds} s per method; final iterates (selection "last"); run i uses seed i`,
      first
        ? `backend ${first.backend} (${first.device})${first.backendNotes.length ? `; ${first.backendNotes.join('; ')}` : ''}`
        : 'no method finished',
      'metrics from results.json summary fields; mean ± sample std over completed runs',
      "penalty = SGD + fixed-weight violation penalty (stands in for the paper's SGD + fairret)",
      ...(run.cancelled ? ['cancelled before every method finished'] : []),
    ],
  };
  const files = {
    markdown: path.join(outDir, 'table.md'),
    csv: path.join(outDir, 'table.csv'),
    summary: path.join(outDir, 'summary.json'),
    plots: [] as string[],
  };
  await writeFile(
    files.markdown,
    `${paperMarkdown(summaries, meta)}${baselines.length ? `\n${baselinesMarkdown(baselines)}` : ''}`,
  );
  await writeFile(files.csv, paperCsv(summaries));
  await writeFile(
    files.summary,
    `${JSON.stringify({ ...meta, runs: run.runs, seconds: run.seconds, methods: summaries, baselines }, null, 2)}\n`,
  );
  const chromium = findChromium();
  if (!chromium) notes.push('no Chromium found (set FAIRBOUND_CHROMIUM): convergence plots not drawn');
  else if (first) {
    const config = taskConfigSchema.safeParse(first.config);
    const tolerance = config.success ? (config.data.constraints[0]?.tolerance ?? 0) : 0;
    files.plots = await plotConvergence(outDir, paperRuns, run.seconds, tolerance, chromium);
  }
  return { outDir, methods: summaries, baselines, files, notes, cancelled: run.cancelled };
}
