import { tf } from './tf.js';
import type { Rng } from './rng.js';

/** The MLP (hidden [] = logistic regression): dense layers with fused bias + ReLU, one logit out. */
export interface Mlp {
  inputDim: number;
  hidden: number[];
  /** [W0, b0, W1, b1, …], trainable. */
  variables: tf.Variable[];
}

export function layerShapes(inputDim: number, hidden: number[]): number[][] {
  const widths = [inputDim, ...hidden, 1];
  const shapes: number[][] = [];
  for (let i = 0; i + 1 < widths.length; i++) shapes.push([widths[i]!, widths[i + 1]!], [widths[i + 1]!]);
  return shapes;
}

/** PyTorch's default nn.Linear initialisation, U(−1/√fan_in, 1/√fan_in) for weights and biases, as the paper's SimpleNet. */
export function initialWeights(inputDim: number, hidden: number[], rng: Rng): Float32Array[] {
  const widths = [inputDim, ...hidden, 1];
  const out: Float32Array[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const bound = 1 / Math.sqrt(widths[l]!);
    for (const size of [widths[l]! * widths[l + 1]!, widths[l + 1]!]) {
      const w = new Float32Array(size);
      for (let i = 0; i < size; i++) w[i] = (rng.float() * 2 - 1) * bound;
      out.push(w);
    }
  }
  return out;
}

export function createMlp(inputDim: number, hidden: number[], weights: Float32Array[]): Mlp {
  const shapes = layerShapes(inputDim, hidden);
  const variables = shapes.map((shape, i) => tf.variable(tf.tensor(weights[i]!, shape), true));
  return { inputDim, hidden, variables };
}

/** Every layer's input ([x, h1, …]) and the logits [B, 1]: what the hand-derived backward pass (backprop.ts) needs. */
export interface Trace {
  inputs: tf.Tensor2D[];
  z: tf.Tensor2D;
}

/** Forward pass, one fused matMul + bias (+ ReLU) kernel per layer; no gradient tape is ever recorded over it. */
export function trace(model: Mlp, x: tf.Tensor2D): Trace {
  const inputs: tf.Tensor2D[] = [];
  let h = x;
  const layers = model.variables.length / 2;
  for (let l = 0; l < layers; l++) {
    inputs.push(h);
    const activation = l + 1 < layers ? 'relu' : 'linear';
    h = tf.fused.matMul({
      a: h,
      b: model.variables[2 * l] as tf.Tensor2D,
      bias: model.variables[2 * l + 1],
      activation,
    }) as tf.Tensor2D;
  }
  return { inputs, z: h };
}

export function logits(model: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  return trace(model, x).z;
}

/**
 * Host copy of the weights (a readback: call only at evaluation or checkpoint time). Asynchronous, because tfjs-webgpu's
 * synchronous read needs an OffscreenCanvas, which Node does not have.
 */
export async function snapshot(model: Mlp): Promise<Float32Array[]> {
  const values = await Promise.all(model.variables.map((v) => v.data<'float32'>()));
  return values.map((a) => new Float32Array(a));
}

export function restore(model: Mlp, weights: Float32Array[]): void {
  model.variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(weights[i]!, v.shape))));
}

export function allFinite(weights: Float32Array[]): boolean {
  for (const w of weights) for (let i = 0; i < w.length; i++) if (!Number.isFinite(w[i]!)) return false;
  return true;
}

/** Probabilities for a whole split, in chunks so large splits never need one huge tensor (read back asynchronously, see snapshot). */
export async function predictProbabilities(
  model: Mlp,
  features: Float32Array,
  rows: number,
  chunk = 65536,
): Promise<Float32Array> {
  const out = new Float32Array(rows);
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    const probs = tf.tidy(() => {
      const x = tf.tensor2d(features.subarray(start * model.inputDim, (start + n) * model.inputDim), [
        n,
        model.inputDim,
      ]);
      return tf.sigmoid(logits(model, x));
    });
    out.set(await probs.data<'float32'>(), start);
    probs.dispose();
  }
  return out;
}
