import type { SolverName } from '../../../../shared/fairness.js';
import { tf } from '../tf.js';
import { allocate, descend, passStep } from './common.js';
import type { Solver, SolverSetup } from './types.js';

/**
 * SSL-ALM (Huang, Zhang & Alacaoglu 2025, arXiv:2504.07607; docs/science/solvers.md), with slacks s ≥ 0 turning
 * c(x) ≤ 0 into c(x) + s = 0. Per iteration, on one forward pass
 * over [objective rows | constraint sample ξ1 | independent sample ξ2]:
 *   ĉ = c(x; ξ1) + s,  λ ← λ + η·ĉ, then any λ_i ≥ M is reset to 0,  c̃ = c(x; ξ2) + s,
 *   G = ∇f + Ĵᵀ(λ + ρ·c̃) + μ(x − z)   — one backward pass of τ·(f + Σ w_i·c_i(x; ξ1)), w = λ + ρc̃ held constant,
 *   x ← x − τG,  s ← max(0, s − τ(λ + ρc̃ + μ(s − z_s))),  z ← z + β(x_old − z).
 * The reset is per coordinate, not v1's whole-vector reset (docs/science/deviations.md, row 7).
 * Everything stays on the device: no readback in a step. μ = 0 gives the "ALM" baseline.
 * With dual estimates set, ĉ and c̃ both come from their sample (independent of ξ1 already), and Ĵ from ξ1.
 */
export function createSslAlm(setup: SolverSetup, name: SolverName = 'ssl-alm'): Solver {
  const p = setup.params;
  const mu = p.mu ?? 0;
  const smooth = mu > 0;
  const m = Math.max(setup.plan.rows.length, 1);
  const k = {
    tau: tf.scalar(p.tau!),
    eta: tf.scalar(p.eta!),
    rho: tf.scalar(p.rho!),
    bound: tf.scalar(p.dualBound!),
    tauMu: tf.scalar(p.tau! * mu),
    mu: tf.scalar(mu),
    beta: tf.scalar(p.beta ?? 0),
  };
  const lambda = tf.variable(tf.zeros([m]), false);
  const slack = tf.variable(tf.zeros([m]), false);
  const centres = smooth ? setup.model.variables.map((v) => tf.variable(v.clone(), false)) : [];
  const slackCentre = smooth ? tf.variable(tf.zeros([m]), false) : null;
  const batch = allocate(setup, setup.batchSize, 2);

  /** x ← x − τG − τμ(x − z), z ← z + β(x_old − z); τ is already folded into G. */
  const descendSmoothed = (grads: tf.Tensor[]): void => {
    if (!smooth) return descend(setup.model, grads);
    setup.model.variables.forEach((v, i) => {
      const z = centres[i]!;
      const diff = tf.sub(v, z);
      v.assign(tf.sub(tf.sub(v, grads[i]!), tf.mul(diff, k.tauMu)));
      z.assign(tf.add(z, tf.mul(diff, k.beta)));
    });
  };

  return {
    name,
    async step(log) {
      return passStep(setup, batch, log, ({ f, c, gradients }) => {
        if (!c) {
          descendSmoothed(gradients({ objective: k.tau }));
          return { loss: f!, rows: null, multipliers: null };
        }
        const [c1, c2] = tf.split(c, 2, 0).map((r) => tf.reshape(r, [-1]) as tf.Tensor1D);
        const held = setup.dual?.rows();
        const raised = tf.add(lambda, tf.mul(tf.add(held ?? c1!, slack), k.eta));
        const reset = tf.where(tf.greaterEqual(raised, k.bound), tf.zerosLike(raised), raised);
        const w = tf.add(reset, tf.mul(tf.add(held ?? c2!, slack), k.rho));
        // G = ∇f + Ĵ(ξ1)ᵀw: the second sample only sets w, so its rows carry zero weight.
        descendSmoothed(gradients({ objective: k.tau, constraints: tf.stack([tf.mul(w, k.tau), tf.zerosLike(w)]) }));
        let slackGrad: tf.Tensor = w;
        if (slackCentre) {
          const diff = tf.sub(slack, slackCentre);
          slackGrad = tf.add(slackGrad, tf.mul(diff, k.mu));
          slackCentre.assign(tf.add(slackCentre, tf.mul(diff, k.beta)));
        }
        slack.assign(tf.relu(tf.sub(slack, tf.mul(slackGrad, k.tau))));
        lambda.assign(reset);
        return { loss: f!, rows: c1!, multipliers: tf.clone(lambda) };
      });
    },
    dispose() {
      tf.dispose([lambda, slack, ...centres, ...(slackCentre ? [slackCentre] : []), ...Object.values(k)]);
    },
  };
}
