import type { SolverName } from '../../../../shared/fairness.js';
import { tf } from '../tf.js';
import { allocate, detached, forward, stopGradient, upload } from './common.js';
import type { Solver, SolverSetup, StepTensors } from './types.js';

/**
 * SSL-ALM (SCIENCE.md 2.2), with slacks s ≥ 0 turning c(x) ≤ 0 into c(x) + s = 0. Per iteration, on one forward pass
 * over [objective rows | constraint sample ξ1 | independent sample ξ2]:
 *   ĉ = c(x; ξ1) + s,  λ ← λ + η·ĉ, then any λ_i ≥ M is reset to 0,  c̃ = c(x; ξ2) + s,
 *   G = ∇f + Ĵᵀ(λ + ρ·c̃) + μ(x − z)   — one variableGrads of τ·(f + Σ w_i·c_i(x; ξ1)), w = λ + ρc̃ held constant,
 *   x ← x − τG,  s ← max(0, s − τ(λ + ρc̃ + μ(s − z_s))),  z ← z + β(x_old − z).
 * Everything stays on the device: no readback in a step. μ = 0 gives the "ALM" baseline.
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

  return {
    name,
    step(log) {
      setup.sampler.fill(batch);
      const kept: { f?: tf.Scalar; rows?: tf.Tensor1D; lambda?: tf.Tensor1D; w?: tf.Tensor1D } = {};
      tf.tidy(() => {
        const t = upload(batch, setup.sampler.features, setup.constraints);
        const { grads } = tf.variableGrads(() => {
          const { f, c } = forward(setup.model, setup.constraints, batch, t);
          if (log) kept.f = tf.keep(tf.clone(f!));
          if (!c) return tf.mul(f!, k.tau) as tf.Scalar;
          const cFirst = tf.reshape(tf.slice(c, [0, 0], [1, -1]), [-1]) as tf.Tensor1D;
          // One constant node yields w and, kept aside, the new multipliers.
          const w = detached([c, lambda, slack], (cv, l, sl) => {
            const [c1, c2] = tf.split(cv, 2, 0).map((r) => tf.add(tf.reshape(r, [-1]), sl));
            const raised = tf.add(l, tf.mul(c1!, k.eta));
            const reset = tf.where(tf.greaterEqual(raised, k.bound), tf.zerosLike(raised), raised);
            kept.lambda = tf.keep(reset as tf.Tensor1D);
            return tf.add(reset, tf.mul(c2!, k.rho)) as tf.Tensor1D;
          });
          kept.w = tf.keep(w);
          if (log) kept.rows = tf.keep(stopGradient(cFirst));
          return tf.mul(tf.add(f!, tf.sum(tf.mul(w, cFirst))), k.tau) as tf.Scalar;
        }, setup.model.variables);

        setup.model.variables.forEach((v, i) => {
          const g = grads[v.name]!;
          if (smooth) {
            const z = centres[i]!;
            const diff = tf.sub(v, z);
            v.assign(tf.sub(tf.sub(v, g), tf.mul(diff, k.tauMu)));
            z.assign(tf.add(z, tf.mul(diff, k.beta)));
          } else {
            v.assign(tf.sub(v, g));
          }
        });
        if (kept.w) {
          let slackGrad: tf.Tensor = kept.w;
          if (slackCentre) {
            const diff = tf.sub(slack, slackCentre);
            slackGrad = tf.add(slackGrad, tf.mul(diff, k.mu));
            slackCentre.assign(tf.add(slackCentre, tf.mul(diff, k.beta)));
          }
          slack.assign(tf.relu(tf.sub(slack, tf.mul(slackGrad, k.tau))));
          lambda.assign(kept.lambda!);
        }
      });
      tf.dispose([kept.w ?? [], kept.lambda ?? []]);
      if (!log) return null;
      return { loss: kept.f!, rows: kept.rows ?? null, multipliers: kept.rows ? tf.clone(lambda) : null } satisfies StepTensors;
    },
    dispose() {
      tf.dispose([lambda, slack, ...centres, ...(slackCentre ? [slackCentre] : []), ...Object.values(k)]);
    },
  };
}
