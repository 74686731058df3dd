import type { Mlp, Trace } from './model.js';
import { tf } from './tf.js';

/**
 * Gradients of Σ dz ⊙ z (z = the logits of a traced forward pass) with respect to every weight, in model.variables
 * order, derived by hand: layer l with input a_l and upstream δ_l gives ∂W_l = a_lᵀδ_l, ∂b_l = Σ_rows δ_l, and
 * δ_{l−1} = (δ_l W_lᵀ) ⊙ [a_l > 0] (a_l is a ReLU output). Why not tf.variableGrads: its tape clones every saved input
 * and accumulates per op; on the paper task (wasm, batch 16) this path made a switching-subgradient step 1.8× faster.
 * Tests check it against tfjs autodiff.
 */
export function mlpGradients(model: Mlp, traced: Trace, dz: tf.Tensor2D): tf.Tensor[] {
  const layers = traced.inputs.length;
  const grads: tf.Tensor[] = new Array<tf.Tensor>(2 * layers);
  const ops = tf.getBackend() === 'webgpu' ? GPU_OPS : HOST_OPS;
  let delta = dz;
  for (let l = layers - 1; l >= 0; l--) {
    const input = traced.inputs[l]!;
    grads[2 * l] = ops.matMul(input, delta, true, false);
    grads[2 * l + 1] = ops.columnSums(delta);
    if (l > 0) delta = tf.mul(ops.matMul(delta, model.variables[2 * l] as tf.Tensor2D, false, true), tf.step(input));
  }
  return grads;
}

/** The two ops of the backward pass whose best form depends on the backend. */
interface BackwardOps {
  /** a·b with a and/or b transposed. */
  matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D;
  /** Σ over rows, [rows, n] → [n]. */
  columnSums(x: tf.Tensor2D): tf.Tensor1D;
}

/** tfjs-wasm's matMul with a transpose flag ran 5–10× slower than transpose + plain matMul, so wasm and cpu transpose explicitly. */
const HOST_OPS: BackwardOps = {
  matMul: (a, b, ta, tb) => tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b),
  columnSums: (x) => tf.sum(x, 0),
};

/**
 * On webgpu a transpose flag is free, and an explicit transpose (also inside tf.sum over rows) costs a dispatch and
 * fails outright on batches of about a million rows: its 2-D dispatch exceeds WebGPU's 65,535 workgroups per
 * dimension. Row sums are therefore a matMul with a row of ones.
 */
const GPU_OPS: BackwardOps = {
  matMul: (a, b, ta, tb) => tf.matMul(a, b, ta, tb),
  columnSums: (x) => tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]),
};
