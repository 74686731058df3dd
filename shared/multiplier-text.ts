import type { SolverName } from './fairness.js';

/**
 * Solvers whose multipliers are signed: SSL-ALM and ALM turn each constraint c ≤ 0 into c + s = 0 with a slack
 * s ≥ 0 (arXiv 2507.04033), so the multiplier of an equality may go below 0. The other multiplier solvers keep λ ≥ 0.
 */
const SIGNED: ReadonlySet<string> = new Set<SolverName>(['ssl-alm', 'alm']);

export function hasSignedMultipliers(solver: string): boolean {
  return SIGNED.has(solver);
}

/** How to read a multiplier value, said once for the live chart and the audit report. */
export function multiplierMeaning(solver: string): string {
  return hasSignedMultipliers(solver)
    ? 'This solver adds a slack to each constraint (c + s = 0), so its multipliers are signed: above 0 the constraint ' +
        'is pushing the model toward its tolerance; at or below 0 the constraint is met with room to spare and the ' +
        'solver is easing it in favour of the objective. A larger size means a stronger push either way.'
    : 'Multipliers stay at or above 0: 0 means the constraint exerts no push; a larger value means it pushes the ' +
        'model harder toward its tolerance.';
}
