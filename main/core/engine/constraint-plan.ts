// Moved to main/core/constraints/ (metrics and audit use the plan too, so it is no longer the engine's). This re-export
// only keeps run.ts compiling while its split lands on another branch; remove it once nothing imports this path.
export * from '../constraints/constraint-plan.js';
