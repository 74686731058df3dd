import type { Results, RunResult } from '../../shared/config/results.js';
import { FairboundError } from '../../shared/errors.js';
import { UsageError } from './exit-codes.js';

/** The run a report or a comparison should use by default. */
export function bestRunIndex(results: Results): number | null {
  // Chosen on validation (or train when there is no validation split), never on test: the test split stays unseen.
  const scored = results.runs
    .map((run, index) => ({ run, index, split: run.validation ?? run.train }))
    .filter((r) => r.run.status === 'completed' || r.run.status === 'cancelled');
  if (scored.length === 0) return null;
  scored.sort(
    (a, b) =>
      Number(b.split.maxViolation <= 0) - Number(a.split.maxViolation <= 0) ||
      (a.split.maxViolation <= 0 ? (b.split.auc ?? 0) - (a.split.auc ?? 0) : a.split.maxViolation - b.split.maxViolation) ||
      a.index - b.index,
  );
  return scored[0]!.index;
}

/** The explicit run (`option` names the flag in errors), else the folder's default one (best, as `run` marks it). */
export function pickRun(results: Results, dir: string, explicit: number | undefined, option: string): number {
  if (explicit !== undefined) {
    if (explicit >= results.runs.length) throw new UsageError(`${option}: ${dir} has runs 0…${results.runs.length - 1}, not ${explicit}`);
    return explicit;
  }
  const best = bestRunIndex(results);
  if (best === null) throw new FairboundError('not-found', `${dir}: no run finished, so there is no model`);
  return best;
}

/** A test constraint that is known to be violated (undefined ones do not count). */
export function violatesOnTest(run: RunResult): boolean {
  return run.test.constraints.some((c) => c.satisfied === false);
}

export interface RunLine {
  index: number;
  id: string;
  status: RunResult['status'];
  iterations: number;
  seconds: number;
  testAuc: number | null;
  testAccuracy: number;
  testMaxViolation: number;
  testFeasible: boolean;
  message?: string;
}

export function runLines(results: Results): RunLine[] {
  return results.runs.map((run, index) => ({
    index,
    id: run.id,
    status: run.status,
    iterations: run.iterations,
    seconds: run.seconds,
    testAuc: run.test.auc,
    testAccuracy: run.test.accuracy,
    testMaxViolation: run.test.maxViolation,
    testFeasible: !violatesOnTest(run),
    ...(run.message === undefined ? {} : { message: run.message }),
  }));
}

const num = (v: number | null, d = 3) => (v === null ? '–' : v.toFixed(d));

/** Human summary printed by `fairbound run`. */
export function runSummaryText(results: Results, outDir: string): string {
  const best = bestRunIndex(results);
  const lines = runLines(results).map(
    (r) =>
      `  run ${r.index}${r.index === best ? '*' : ' '} ${r.status.padEnd(9)} ${String(r.iterations).padStart(8)} it ${r.seconds.toFixed(1).padStart(6)} s` +
      `  test AUC ${num(r.testAuc)}  acc ${num(r.testAccuracy)}  max violation ${num(r.testMaxViolation, 4)}${r.testFeasible ? '' : ' (violated)'}` +
      (r.message ? `  — ${r.message}` : ''),
  );
  return [
    `${results.runs.length} run(s) on ${results.backend} (${results.device}); results in ${outDir}/results.json`,
    ...lines,
    best === null ? '  no run finished' : `  * default run for reports (chosen on ${results.runs[best]!.validation ? 'validation' : 'train'})`,
  ].join('\n');
}
