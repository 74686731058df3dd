import type { RunResult } from '../../../shared/config/results.js';

/** One re-split: the constrained run and its unconstrained baseline, trained on the same rows. */
export interface PairedRuns {
  resplit: number;
  baseline: RunResult;
  constrained: RunResult;
}

/** Mean and its standard error over re-splits. */
export interface MeanSe {
  mean: number | null;
  se: number | null;
  n: number;
}

export interface ConstraintTransfer {
  name: string;
  tolerance: number;
  /** Baseline value − constrained value on the training split: how much the constraint moved the gap where it trained. */
  trainEffect: MeanSe;
  /** The same on the held-out test split, paired on the same rows. */
  testEffect: MeanSe;
  /** testEffect / trainEffect (ratio of means, delta-method SE): 1 means the whole effect carries over. */
  transfer: MeanSe;
  baselineTest: MeanSe;
  constrainedTest: MeanSe;
}

export interface SolverFigures {
  testAuc: MeanSe;
  /** Test verdict counts over every constraint of every re-split. */
  verdicts: Record<'satisfied' | 'violated' | 'inconclusive' | 'trivial', number>;
  /** Runs whose model carries a warning (e.g. single-class-predictions). */
  degenerate: number;
  /** Runs that did not complete (diverged, failed). */
  notCompleted: number;
}

export interface GeneralizationSummary {
  resplits: number;
  constraints: ConstraintTransfer[];
  baseline: SolverFigures;
  constrained: SolverFigures;
}

export function meanSe(values: readonly (number | null)[]): MeanSe {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: null, se: null, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: null, n };
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n), n };
}

/** Ratio of means ȳ/x̄ over paired values with its delta-method standard error. */
export function ratioOfMeans(ys: readonly number[], xs: readonly number[]): MeanSe {
  const n = Math.min(xs.length, ys.length);
  if (n === 0) return { mean: null, se: null, n };
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  if (mx === 0) return { mean: null, se: null, n };
  const r = my / mx;
  if (n === 1) return { mean: r, se: null, n };
  let vx = 0;
  let vy = 0;
  let cxy = 0;
  for (let i = 0; i < n; i++) {
    vx += (xs[i]! - mx) ** 2;
    vy += (ys[i]! - my) ** 2;
    cxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const variance = (vy - 2 * r * cxy + r * r * vx) / (n - 1) / (mx * mx * n);
  return { mean: r, se: Math.sqrt(Math.max(0, variance)), n };
}

function figures(runs: RunResult[]): SolverFigures {
  const verdicts = { satisfied: 0, violated: 0, inconclusive: 0, trivial: 0 };
  for (const run of runs) for (const c of run.test.constraints) verdicts[c.verdict]++;
  return {
    testAuc: meanSe(runs.map((r) => r.test.auc)),
    verdicts,
    degenerate: runs.filter((r) => r.warnings.length > 0).length,
    notCompleted: runs.filter((r) => r.status !== 'completed').length,
  };
}

/** Paired held-out evidence for one constrained solver against its baseline (re-splits where both completed). */
export function summariseGeneralization(pairs: PairedRuns[]): GeneralizationSummary {
  const complete = pairs.filter((p) => p.baseline.status === 'completed' && p.constrained.status === 'completed');
  const names = pairs[0]?.constrained.test.constraints.map((c) => ({ name: c.name, tolerance: c.tolerance })) ?? [];
  const constraints = names.map(({ name, tolerance }, j) => {
    const trainEffects: number[] = [];
    const testEffects: number[] = [];
    for (const p of complete) {
      const value = (run: RunResult, split: 'train' | 'test') => run[split].constraints[j]?.value ?? null;
      const bTrain = value(p.baseline, 'train');
      const cTrain = value(p.constrained, 'train');
      const bTest = value(p.baseline, 'test');
      const cTest = value(p.constrained, 'test');
      if (bTrain === null || cTrain === null || bTest === null || cTest === null) continue;
      trainEffects.push(bTrain - cTrain);
      testEffects.push(bTest - cTest);
    }
    return {
      name,
      tolerance,
      trainEffect: meanSe(trainEffects),
      testEffect: meanSe(testEffects),
      transfer: ratioOfMeans(testEffects, trainEffects),
      baselineTest: meanSe(complete.map((p) => p.baseline.test.constraints[j]?.value ?? null)),
      constrainedTest: meanSe(complete.map((p) => p.constrained.test.constraints[j]?.value ?? null)),
    };
  });
  return {
    resplits: pairs.length,
    constraints,
    baseline: figures(pairs.map((p) => p.baseline)),
    constrained: figures(pairs.map((p) => p.constrained)),
  };
}
