import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../../../shared/config/results.js';
import { taskConfigSchema, type TaskConfig } from '../../../shared/config/task-config.js';
import type { SolverName } from '../../../shared/fairness.js';
import { subProgress, type ProgressReporter } from '../progress.js';
import { trainConfig } from '../train.js';
import {
  summariseGeneralization,
  type GeneralizationSummary,
  type MeanSe,
  type PairedRuns,
  type SolverFigures,
} from './generalization-stats.js';

export interface GeneralizationOptions {
  config: TaskConfig;
  outDir: string;
  resplits: number;
  baseline: SolverName;
  /** Also train the constrained solver with held-out-aware multipliers (solver.dual: validation split, hard rates). */
  heldOut: boolean;
  signal: AbortSignal;
  progress: ProgressReporter;
}

export interface VariantSummary {
  /** "ssl-alm", or "ssl-alm + dual(validation, hard)". */
  label: string;
  summary: GeneralizationSummary;
}

export interface GeneralizationResult {
  task: string;
  constrainedSolver: SolverName;
  baseline: SolverName;
  resplits: number;
  cancelled: boolean;
  variants: VariantSummary[];
  files: { markdown: string; summary: string };
}

/**
 * Trains the task's constrained solver and an unconstrained baseline on K re-splits (split seed + k, run seed k), one
 * run each, paired on the same rows, and summarises how much of the constraint's effect on the training split carries
 * over to the held-out test split. Each run's results.json stays under outDir/resplit-<k>/<variant>/.
 */
export async function runGeneralizationBench(o: GeneralizationOptions): Promise<GeneralizationResult> {
  const constrainedSolver = o.config.solver.name;
  const variants: { label: string; key: string; solver: TaskConfig['solver'] }[] = [
    { label: constrainedSolver, key: constrainedSolver, solver: o.config.solver },
  ];
  if (o.heldOut) {
    variants.push({
      label: `${constrainedSolver} + dual(validation, hard)`,
      key: `${constrainedSolver}-dual`,
      solver: { ...o.config.solver, dual: { split: 'validation', rates: 'hard' } },
    });
  }
  const pairs = new Map<string, PairedRuns[]>(variants.map((v) => [v.key, []]));
  const jobs = o.resplits * (variants.length + 1);
  let done = 0;
  const train = async (config: TaskConfig, dir: string, stage: string): Promise<RunResult | null> => {
    if (o.signal.aborted) return null;
    const results = await trainConfig(config, dir, {
      signal: o.signal,
      progress: subProgress(o.progress, done / jobs, 1 / jobs),
      stage,
    });
    done++;
    await writeFile(path.join(dir, 'task.json'), JSON.stringify(config, null, 2));
    return results.runs[0] ?? null;
  };
  for (let k = 0; k < o.resplits && !o.signal.aborted; k++) {
    const resplit = (solver: TaskConfig['solver']): TaskConfig =>
      taskConfigSchema.parse({
        ...o.config,
        solver,
        split: { ...o.config.split, seed: o.config.split.seed + k },
        seed: k,
        runs: 1,
      });
    const dir = path.join(o.outDir, `resplit-${k}`);
    const baseline = await train(
      resplit({ name: o.baseline, batchSize: o.config.solver.batchSize, params: {} }),
      path.join(dir, o.baseline),
      `re-split ${k + 1}/${o.resplits} ${o.baseline}`,
    );
    for (const v of variants) {
      const constrained = await train(
        resplit(v.solver),
        path.join(dir, v.key),
        `re-split ${k + 1}/${o.resplits} ${v.label}`,
      );
      if (baseline && constrained) pairs.get(v.key)!.push({ resplit: k, baseline, constrained });
    }
  }
  const summaries = variants.map((v) => ({ label: v.label, summary: summariseGeneralization(pairs.get(v.key)!) }));
  await mkdir(o.outDir, { recursive: true });
  const task = o.config.name ?? path.basename(o.config.data.path);
  const files = { markdown: path.join(o.outDir, 'table.md'), summary: path.join(o.outDir, 'summary.json') };
  const result: GeneralizationResult = {
    task,
    constrainedSolver,
    baseline: o.baseline,
    resplits: o.resplits,
    cancelled: o.signal.aborted,
    variants: summaries,
    files,
  };
  await writeFile(files.markdown, `${generalizationTable([result])}\n`);
  await writeFile(files.summary, JSON.stringify(result, null, 2));
  return result;
}

const num = (s: MeanSe, digits = 3): string =>
  s.mean === null
    ? '–'
    : s.se === null
      ? s.mean.toFixed(digits)
      : `${s.mean.toFixed(digits)} ± ${s.se.toFixed(digits)}`;
const verdicts = (f: SolverFigures): string =>
  `${f.verdicts.satisfied}/${f.verdicts.violated}/${f.verdicts.inconclusive}/${f.verdicts.trivial}`;

/** One markdown table over tasks: a row per (task, variant, constraint). */
export function generalizationTable(results: GeneralizationResult[]): string {
  const header = [
    'task',
    'solver',
    'constraint (δ)',
    'K',
    'baseline test gap',
    'constrained test gap',
    'train effect',
    'test effect',
    'transfer',
    'test verdicts S/V/I/T (constrained)',
    'test verdicts S/V/I/T (baseline)',
    'test AUC baseline',
    'test AUC constrained',
    'degenerate runs (baseline / constrained)',
  ];
  const rows = results.flatMap((r) =>
    r.variants.flatMap((v) =>
      v.summary.constraints.map((c) => [
        r.task,
        `${v.label} vs ${r.baseline}`,
        `${c.name} (${c.tolerance})`,
        String(v.summary.resplits),
        num(c.baselineTest),
        num(c.constrainedTest),
        num(c.trainEffect),
        num(c.testEffect),
        num(c.transfer, 2),
        verdicts(v.summary.constrained),
        verdicts(v.summary.baseline),
        num(v.summary.baseline.testAuc),
        num(v.summary.constrained.testAuc),
        `${v.summary.baseline.degenerate} / ${v.summary.constrained.degenerate}`,
      ]),
    ),
  );
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
