import type { Highs } from 'highs';
import { ghostDirection, ghostKappa, loadSolver } from '../ghost-subproblems.js';
import { countConstants } from '../group-stats.js';
import { blockRow, layout, type HostBatch } from '../sampler.js';
import type { Rng } from '../rng.js';
import { tf } from '../tf.js';
import { estimate, forward, upload } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/**
 * Stochastic Ghost (Facchinei & Kungurtsev 2023) as published (docs/science/solvers.md; deviations.md rows 1–6): level N = geometric(α) − 1 (N ≥ 0),
 * redrawn while 2^(N+1) exceeds the smallest constrained group; the κ-LP and direction QP on a base sample (1 row, 1 per
 * group), a fine sample of 2^(N+1) and its even/odd halves; d̃ = d_base + (d_fine − ½(d_even + d_odd)) / (α(1−α)^N);
 * x ← x + γ_k·d̃ with γ_{k+1} = γ_k(1 − ζγ_k). CPU-bound by its subproblems.
 */
export async function createStochasticGhost(setup: SolverSetup): Promise<Solver> {
  const highs = await loadSolver();
  const { alpha, beta, rho, lambda, tau, gamma0, zeta } = setup.params as Record<string, number> as {
    alpha: number;
    beta: number;
    rho: number;
    lambda: number;
    tau: number;
    gamma0: number;
    zeta: number;
  };
  const slotSizes = setup.sampler.slotSizes();
  // Live-chart estimates: one fresh constraint sample with the objective minibatch.
  const logBatch = setup.logSampler.allocate(
    setup.batchSize,
    setup.plan.rows.length ? 1 : 0,
    setup.constraintBatchSize,
  );
  const maxLevelRows = Math.min(...slotSizes, setup.sampler.rows);
  let gamma = gamma0;
  let lpFailures = 0;

  /** ∇f, c and the Jacobian (one forward pass, one backward pass per output) on one sample, read back to the host. */
  const oracle = async (batch: HostBatch): Promise<{ gradF: Float64Array; c: Float64Array; jac: Float64Array[] }> => {
    const m = setup.plan.rows.length;
    const tensors = tf.tidy(() => {
      const { c, gradients } = forward(
        setup.model,
        setup.constraints,
        batch,
        upload(batch, setup.sampler.features, setup.constraints),
      );
      const flat = (grads: tf.Tensor[]): tf.Tensor => tf.concat(grads.map((g) => tf.reshape(g, [-1])));
      const out: tf.Tensor[] = [flat(gradients({ objective: 1 }))];
      if (m) out.push(tf.reshape(c!, [-1]));
      for (let i = 0; i < m; i++)
        out.push(flat(gradients({ objective: 0, constraints: tf.cast(tf.oneHot([i], m), 'float32') })));
      return out;
    });
    const host = (await Promise.all(tensors.map((x) => x.data<'float32'>()))).map((values) =>
      Float64Array.from(values),
    );
    tf.dispose(tensors);
    return { gradF: host[0]!, c: m ? host[1]! : new Float64Array(0), jac: host.slice(2) };
  };

  const direction = async (batch: HostBatch): Promise<Float64Array> => {
    const { gradF, c, jac } = await oracle(batch);
    const { kappa, lpOk } = c.length ? ghostKappa(highs as Highs, c, jac, rho, lambda) : { kappa: 0, lpOk: true };
    // As the reference implementation: a failed κ-LP falls back to κ with ρ in place of its optimum (counted); a failed
    // direction QP stops the run (the reference raises there) rather than stepping with a biased combination.
    if (!lpOk) lpFailures++;
    const d = ghostDirection(gradF, c, jac, kappa, tau, beta);
    if (!d) {
      throw new Error(
        `Stochastic Ghost's direction QP has no solution (c + J·d ≤ κ stays violated inside the box ±β); the reference ` +
          `implementation stops there and so does this run${lpFailures ? ` (${lpFailures} κ-LP failure(s) before it)` : ''}`,
      );
    }
    return d;
  };

  const step = async (): Promise<void> => {
    const level = drawLevel(setup.rng, alpha, maxLevelRows);
    const size = 2 ** (level + 1);
    const base = setup.sampler.fill(setup.sampler.allocate(1, 1, 1));
    const fine = setup.sampler.fill(setup.sampler.allocate(size, 1, size));
    const even = halve(fine, 0, setup.sampler.features, setup.constraints.slots);
    const odd = halve(fine, 1, setup.sampler.features, setup.constraints.slots);
    const directions: Float64Array[] = [];
    for (const sample of [base, fine, even, odd]) directions.push(await direction(sample));
    const [dBase, dFine, dEven, dOdd] = directions as [Float64Array, Float64Array, Float64Array, Float64Array];
    const n = setup.model.variables.reduce((a, v) => a + v.size, 0);
    applyStep(setup, combineLevels({ base: dBase, fine: dFine, even: dEven, odd: dOdd }, alpha, level, n), gamma);
    gamma = gamma * (1 - zeta * gamma);
  };

  return {
    name: 'stochastic-ghost',
    async step(log) {
      await step();
      if (!log) return null;
      const { f, rows } = estimate(setup, logBatch);
      return { loss: f!, rows, multipliers: null };
    },
    notes() {
      return lpFailures
        ? [
            `${lpFailures} Ghost κ-LP subproblem(s) failed; κ used ρ in place of the LP optimum there, as the reference does`,
          ]
        : [];
    },
    dispose() {},
  };
}

function applyStep(setup: SolverSetup, d: Float64Array, gamma: number): void {
  let at = 0;
  for (const v of setup.model.variables) {
    const part = Float32Array.from(d.subarray(at, at + v.size));
    at += v.size;
    tf.tidy(() => v.assign(tf.add(v, tf.mul(tf.tensor(part, v.shape), gamma))));
  }
}

/** Even (parity 0) or odd rows of every segment of a sample laid out by the sampler. */
function halve(batch: HostBatch, parity: number, features: number, slots: number): HostBatch {
  const out = layout(batch.objectiveRows / 2, batch.samples, batch.perSlot / 2, slots, features);
  let r = 0;
  const take = (src: number): void => {
    out.x.set(batch.x.subarray(src * features, (src + 1) * features), r * features);
    out.y[r++] = batch.y[src]!;
  };
  for (let i = parity; i < batch.objectiveRows; i += 2) take(i);
  for (let b = 0; b < batch.samples * slots; b++) {
    const start = batch.objectiveRows + b * batch.perSlot;
    let positives = 0;
    for (let i = parity; i < batch.perSlot; i += 2) {
      positives += batch.y[start + i]!;
      take(start + i);
    }
    countConstants(out.perSlot, positives, out.offset, out.invDen, blockRow(out, b));
  }
  return out;
}

/**
 * The MLMC level N = geometric(α) − 1 ≥ 0, so P(N) = α(1 − α)^N, redrawn while the fine sample (2^(N+1) rows from every
 * group) would exceed `maxRows`, the smallest constrained group (docs/science/deviations.md, rows 2 and 3).
 */
export function drawLevel(rng: Rng, alpha: number, maxRows: number): number {
  let level = rng.geometricFailures(alpha);
  while (2 ** (level + 1) > maxRows) level = rng.geometricFailures(alpha);
  return level;
}

/**
 * d̃ = d_base + (d_fine − ½(d_even + d_odd)) / (α(1 − α)^N): the base direction plus the level's correction weighted by
 * 1/P(N). A failed subproblem (null) drops its part: a missing base counts as 0, and any missing fine-level direction
 * drops the correction.
 */
export function combineLevels(
  d: { base: Float64Array | null; fine: Float64Array | null; even: Float64Array | null; odd: Float64Array | null },
  alpha: number,
  level: number,
  n: number,
): Float64Array {
  const combined = new Float64Array(n);
  const weight = 1 / (alpha * (1 - alpha) ** level);
  const { base, fine, even, odd } = d;
  for (let j = 0; j < n; j++) {
    const b = base ? base[j]! : 0;
    const correction = fine && even && odd ? fine[j]! - 0.5 * (even[j]! + odd[j]!) : 0;
    combined[j] = b + correction * weight;
  }
  return combined;
}
