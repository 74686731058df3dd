import type { SweepSpec, TrainSettings } from '../../../shared/ipc/channels/training.js';
import { SOLVERS } from '../../../shared/solvers.js';

/**
 * Expands saved settings into one settings object per sweep variation (cross product of solvers × tolerances).
 * A solver switch resets hyper-parameters and batch size to that solver's defaults, since another solver's
 * parameters mean nothing to it; the rest of the settings are shared by every variation.
 */
export function expandSweep(base: TrainSettings, sweep: SweepSpec | undefined): TrainSettings[] {
  const solvers = sweep?.solvers ?? [base.solver.name];
  const tolerances: (number | null)[] = sweep?.tolerances ?? [null];
  const out: TrainSettings[] = [];
  for (const name of solvers) {
    for (const tolerance of tolerances) {
      const solver =
        name === base.solver.name
          ? structuredClone(base.solver)
          : { name, batchSize: SOLVERS[name].batchSize, params: {} };
      const constraints = base.constraints.map((c) => (tolerance === null ? { ...c } : { ...c, tolerance }));
      out.push({ ...structuredClone(base), solver, constraints });
    }
  }
  return out;
}
