import type { Results, RunResult, SplitEvaluation } from '../../shared/config/results.js';
import { FairboundError } from '../../shared/errors.js';
import { CONSTRAINT_VERDICTS, type ConstraintVerdict } from '../../shared/verdicts.js';
import { UsageError } from './exit-codes.js';

/** Verdicts counted (every verdict key present, zeros included). */
export function countVerdicts(verdicts: readonly ConstraintVerdict[]): Record<ConstraintVerdict, number> {
  const counts = Object.fromEntries(CONSTRAINT_VERDICTS.map((v) => [v, 0])) as Record<ConstraintVerdict, number>;
  for (const v of verdicts) counts[v]++;
  return counts;
}

/** Constraint verdicts of a split, counted. */
export function verdictCounts(split: SplitEvaluation): Record<ConstraintVerdict, number> {
  return countVerdicts(split.constraints.map((c) => c.verdict));
}

/** The run a report or a comparison should use by default. */
export function bestRunIndex(results: Results): number | null {
  // Chosen on validation (or train when there is no validation split), never on test: the test split stays unseen.
  // A degenerate model never wins over an informative one, a violated constraint never over none violated.
  const scored = results.runs
    .map((run, index) => {
      const split = run.validation ?? run.train;
      return {
        index,
        split,
        degenerate: run.warnings.length > 0,
        violated: split.constraints.some((c) => c.verdict === 'violated'),
      };
    })
    .filter((r) => results.runs[r.index]!.status === 'completed' || results.runs[r.index]!.status === 'cancelled');
  if (scored.length === 0) return null;
  scored.sort(
    (a, b) =>
      Number(a.degenerate) - Number(b.degenerate) ||
      Number(a.violated) - Number(b.violated) ||
      (!a.violated ? (b.split.auc ?? 0) - (a.split.auc ?? 0) : a.split.maxViolation - b.split.maxViolation) ||
      a.index - b.index,
  );
  return scored[0]!.index;
}

/** `--strict` fails on a violated test constraint; `--strict=certified` on anything short of every one satisfied. */
export const STRICT_MODES = ['violated', 'certified'] as const;
export type StrictMode = (typeof STRICT_MODES)[number];

/** Why a finished run fails the strict check, or null when it passes. */
export function strictFailure(run: RunResult, mode: StrictMode): string | null {
  const counts = verdictCounts(run.test);
  if (counts.violated) return `${counts.violated} test constraint(s) violated`;
  if (mode === 'certified') {
    const open = counts.inconclusive + counts.trivial;
    if (open)
      return `${open} test constraint(s) not certified (${counts.inconclusive} inconclusive, ${counts.trivial} trivial)`;
    if (run.warnings.length) return `degenerate model (${run.warnings.map((w) => w.code).join(', ')})`;
  }
  return null;
}

/** The explicit run (`option` names the flag in errors), else the folder's default one (best, as `run` marks it). */
export function pickRun(results: Results, dir: string, explicit: number | undefined, option: string): number {
  if (explicit !== undefined) {
    if (explicit >= results.runs.length)
      throw new UsageError(`${option}: ${dir} has runs 0…${results.runs.length - 1}, not ${explicit}`);
    return explicit;
  }
  const best = bestRunIndex(results);
  if (best === null) throw new FairboundError('not-found', `${dir}: no run finished, so there is no model`);
  return best;
}

export interface RunLine {
  index: number;
  id: string;
  status: RunResult['status'];
  iterations: number;
  selectedIteration: number;
  seconds: number;
  testAuc: number | null;
  testAccuracy: number;
  testMaxViolation: number;
  /** Test constraint verdicts, counted. */
  testVerdicts: Record<ConstraintVerdict, number>;
  warnings: string[];
  message?: string;
}

export function runLines(results: Results): RunLine[] {
  return results.runs.map((run, index) => ({
    index,
    id: run.id,
    status: run.status,
    iterations: run.iterations,
    selectedIteration: run.selectedIteration,
    seconds: run.seconds,
    testAuc: run.test.auc,
    testAccuracy: run.test.accuracy,
    testMaxViolation: run.test.maxViolation,
    testVerdicts: verdictCounts(run.test),
    warnings: run.warnings.map((w) => w.code),
    ...(run.message === undefined ? {} : { message: run.message }),
  }));
}

const num = (v: number | null, d = 3) => (v === null ? '–' : v.toFixed(d));

/** "2 satisfied, 1 inconclusive" — the verdicts that occur, worst first. */
export function verdictText(counts: Record<ConstraintVerdict, number>): string {
  const order: ConstraintVerdict[] = ['violated', 'trivial', 'inconclusive', 'satisfied'];
  const parts = order.filter((v) => counts[v] > 0).map((v) => `${counts[v]} ${v}`);
  return parts.length ? parts.join(', ') : 'no constraints';
}

/** Human summary printed by `fairbound run`. */
export function runSummaryText(results: Results, outDir: string): string {
  const best = bestRunIndex(results);
  const lines = runLines(results).map(
    (r) =>
      `  run ${r.index}${r.index === best ? '*' : ' '} ${r.status.padEnd(9)} iteration ${r.selectedIteration} of ${r.iterations} ${r.seconds.toFixed(1).padStart(6)} s` +
      `  test AUC ${num(r.testAuc)}  acc ${num(r.testAccuracy)}  verdicts (95 %): ${verdictText(r.testVerdicts)}` +
      (r.warnings.length ? `  WARNING ${r.warnings.join(', ')}` : '') +
      (r.message ? `  — ${r.message}` : ''),
  );
  const warned = results.runs.flatMap((run, i) => run.warnings.map((w) => `  run ${i} ${w.code}: ${w.message}`));
  return [
    `${results.runs.length} run(s) on ${results.backend} (${results.device}); results in ${outDir}/results.json`,
    ...lines,
    ...warned,
    best === null
      ? '  no run finished'
      : `  * default run for reports (chosen on ${results.runs[best]!.validation ? 'validation' : 'train'})`,
    '  verdicts: satisfied = 95 % upper bound below the tolerance; see docs/verdicts.md',
  ].join('\n');
}
