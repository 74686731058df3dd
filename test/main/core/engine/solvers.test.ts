import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolverName } from '../../../../shared/fairness.js';
import {
  ghostDirection,
  ghostDirectionHighs,
  ghostKappa,
  loadSolver,
} from '../../../../main/core/engine/ghost-subproblems.js';
import { runTrainingJob } from '../../../../main/core/engine/job.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { TWO_GROUP_OPTIMUM, twoGroupTask } from '../../../helpers/two-group-task.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fairbound-solvers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DELTA = 0.1;

async function solve(
  name: SolverName,
  params: Record<string, number>,
  iterations: number,
  batchSize = 64,
  selection: 'last' | 'best-not-violated' = 'last',
) {
  const task = twoGroupTask({
    selection,
    solver: { name, batchSize, ...(batchSize > 1 ? { constraintBatchSize: 128 } : {}), params },
    constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: DELTA }],
    budget: { iterations },
    backend: 'wasm',
  });
  const out = path.join(dir, name);
  const run = (await runTrainingJob(task, out, () => {})).runs[0]!;
  const history = (await readFile(path.join(out, 'history', 'run-0.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; multipliers?: number[]; split?: string; loss?: number });
  const initialLoss = history.find((h) => h.type === 'evaluation' && h.split === 'train')!.loss!;
  const lastMultipliers = history
    .filter((l) => l.type === 'history')
    .slice(-20)
    .map((h) => h.multipliers?.[0] ?? Number.NaN);
  return {
    run,
    lossA: run.train.groups.A!.loss!,
    lossB: run.train.groups.B!.loss!,
    lambda: lastMultipliers.reduce((a, b) => a + b, 0) / lastMultipliers.length,
    initialLoss,
  };
}

describe('solvers reach the known KKT point of a convex constrained problem', () => {
  it('unconstrained SGD reaches the group entropies (the constraint is violated)', async () => {
    const r = await solve('sgd', { lr: 0.5 }, 2000);
    expect(r.lossA).toBeCloseTo(Math.LN2, 2);
    expect(r.lossB).toBeCloseTo(0.3251, 2);
  });

  const constrained: [SolverName, Record<string, number>, boolean][] = [
    ['gda', { lr: 0.05, dualLr: 0.2 }, true],
    ['alm', { tau: 0.05, eta: 0.2, rho: 1 }, true],
    ['ssl-alm', { tau: 0.05, eta: 0.2, rho: 1, mu: 0.5, beta: 0.5 }, true],
    ['switching-subgradient', { objectiveLr: 0.05, constraintLr: 0.05, ctol: 0 }, false],
    ['penalty', { lr: 0.05, weight: 2 }, false],
  ];
  it.each(constrained)(
    '%s: L_A = ln 2, L_B = ln 2 − δ (multiplier 1/2 where it has one)',
    async (name, params, hasMultiplier) => {
      const r = await solve(name, params, 6000);
      expect(r.run.status).toBe('completed');
      expect(Math.abs(r.lossA - TWO_GROUP_OPTIMUM.lossA)).toBeLessThan(0.005);
      // The exact penalty's subgradient steps chatter on the feasible side of the boundary, hence its wider band.
      expect(Math.abs(r.lossB - (TWO_GROUP_OPTIMUM.lossA - DELTA))).toBeLessThan(name === 'penalty' ? 0.02 : 0.008);
      if (hasMultiplier) expect(Math.abs(r.lambda - TWO_GROUP_OPTIMUM.lambda)).toBeLessThan(0.05);
    },
  );

  it('stochastic-ghost: its best not-violated iterate improves on the start (batch-1 MLMC steps are too noisy for a tight KKT check)', async () => {
    const r = await solve('stochastic-ghost', { gamma0: 0.3, zeta: 0.01, alpha: 0.4 }, 150, 1, 'best-not-violated');
    expect(r.run.status).toBe('completed');
    expect(r.run.selectionRule).toBe('best-not-violated');
    expect(r.run.train.constraints.every((c) => c.verdict !== 'violated')).toBe(true);
    expect(r.run.train.loss).toBeLessThan(r.initialLoss - 0.01);
  });
});

describe('Stochastic Ghost when a subproblem fails', () => {
  it('stops the run with status failed and says why (as the reference implementation), keeping the last good iterate', async () => {
    // A QP box of 1e-6 cannot close a loss gap above δ = 0 in one step, while κ (λ = 1: the LP optimum over a wide box)
    // asks it to: the direction QP is infeasible on the first step.
    const task = twoGroupTask({
      solver: { name: 'stochastic-ghost', batchSize: 1, params: { beta: 1e-6, rho: 10, lambda: 1 } },
      constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0 }],
      budget: { iterations: 20 },
      backend: 'wasm',
    });
    const run = (await runTrainingJob(task, path.join(dir, 'ghost-fails'), () => {})).runs[0]!;
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(
      /training failed at iteration 0: Stochastic Ghost's direction QP has no solution.*the reference implementation stops there/,
    );
    expect(run.selectedIteration).toBe(0);
    expect(run.iterations).toBe(0);
  });
});

describe('Stochastic Ghost subproblems', () => {
  it('κ-LP: (1 − λ)·max(c)₊ + λ·min_d max(c + Jd)₊, zero inner optimum when a box step satisfies every row', async () => {
    const highs = await loadSolver();
    const J = [Float64Array.from([1, 0, 2]), Float64Array.from([0, -1, 1])];
    expect(ghostKappa(highs, Float64Array.from([0.02, -0.03]), J, 0.8, 0.5).kappa).toBeCloseTo(0.01, 8);
    // With the box too small to fix row 0 (c = 1, |d| ≤ 0.1, best 1 − 0.3 = 0.7): κ = 0.5·1 + 0.5·0.7.
    expect(ghostKappa(highs, Float64Array.from([1, -5]), J, 0.1, 0.5).kappa).toBeCloseTo(0.85, 6);
  });

  it('direction QP by its dual matches HiGHS on random instances', async () => {
    const highs = await loadSolver();
    const rng = new Rng(11);
    for (let trial = 0; trial < 5; trial++) {
      const n = 30;
      const m = 3;
      const g = Float64Array.from({ length: n }, () => rng.normal());
      const J = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => rng.normal()));
      const c = Float64Array.from({ length: m }, () => rng.normal() * 0.5);
      const { kappa } = ghostKappa(highs, c, J, 0.8, 0.5);
      const ours = ghostDirection(g, c, J, kappa, 1, 10)!;
      const reference = ghostDirectionHighs(highs, g, c, J, kappa, 1, 10)!;
      for (let j = 0; j < n; j++) expect(ours[j]).toBeCloseTo(reference[j]!, 4);
    }
  });
});
