import type { Results, SplitEvaluation } from '../../../shared/config/results.js';
import type { JobSummary, RunFigures, SplitFigures, Spread } from '../../../shared/ipc/channels/training.js';

/** project.json holds every summary; with thousands of constraint rows only the worst few are kept per run. */
export const MAX_CONSTRAINTS_IN_SUMMARY = 48;

function splitFigures(split: SplitEvaluation): SplitFigures {
  const all = split.constraints;
  // Keep the ones a reader must see first: violated, then trivial, inconclusive, satisfied; the largest excess first.
  const rank = { violated: 0, trivial: 1, inconclusive: 2, satisfied: 3 } as const;
  const kept =
    all.length <= MAX_CONSTRAINTS_IN_SUMMARY
      ? all
      : [...all]
          .sort(
            (a, b) =>
              rank[a.verdict] - rank[b.verdict] ||
              (b.value ?? -Infinity) - b.tolerance - ((a.value ?? -Infinity) - a.tolerance),
          )
          .slice(0, MAX_CONSTRAINTS_IN_SUMMARY);
  const verdicts = { satisfied: 0, violated: 0, inconclusive: 0, trivial: 0 };
  for (const c of all) verdicts[c.verdict]++;
  return {
    loss: split.loss,
    auc: split.auc,
    accuracy: split.accuracy,
    maxViolation: split.maxViolation,
    constraintCount: all.length,
    satisfiedCount: verdicts.satisfied,
    verdicts,
    constraints: kept.map((c) => ({
      name: c.name,
      value: c.value,
      tolerance: c.tolerance,
      satisfied: c.satisfied,
      upper: c.upper,
      verdict: c.verdict,
      ...(c.reason === undefined ? {} : { reason: c.reason }),
    })),
  };
}

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The short figures of a finished job for project.json and the comparison table. */
export function summariseResults(results: Results): JobSummary {
  const runs: RunFigures[] = results.runs.map((run, index) => ({
    index,
    id: run.id,
    solver: run.solver,
    seed: run.seed,
    status: run.status,
    ...(run.message !== undefined ? { message: run.message } : {}),
    seconds: run.seconds,
    iterations: run.iterations,
    selectedIteration: run.selectedIteration,
    warnings: run.warnings,
    train: splitFigures(run.train),
    test: splitFigures(run.test),
  }));
  // Cancelled runs still carry a model (the iterate reached so far); failed and diverged ones do not count.
  const usable = runs.filter((r) => r.status === 'completed' || r.status === 'cancelled');
  const of = (pick: (r: RunFigures) => number | null) =>
    spread(usable.map(pick).filter((v): v is number => v !== null && Number.isFinite(v)));
  const loss = of((r) => r.test.loss);
  const accuracy = of((r) => r.test.accuracy);
  const maxViolation = of((r) => r.test.maxViolation);
  const seconds = of((r) => r.seconds);
  const iterations = of((r) => r.iterations);
  return {
    backend: results.backend,
    device: results.device,
    groupNames: results.groupNames,
    constraintNames: results.constraintNames,
    runs,
    aggregate:
      loss && accuracy && maxViolation && seconds && iterations
        ? { loss, auc: of((r) => r.test.auc), accuracy, maxViolation, seconds, iterations }
        : null,
  };
}
