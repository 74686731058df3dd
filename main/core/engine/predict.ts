import { loadModel, type SavedModel } from './model-io.js';

/**
 * Probabilities from a saved model, in plain JavaScript (no tfjs backend needed, so the audit and CLI can score rows
 * anywhere). `features` is rows × inputDim, row-major, already preprocessed like PreparedSplit.features.
 */
export function predictWith(model: SavedModel, features: Float32Array, rows: number): Float32Array {
  const widths = [model.inputDim, ...model.hidden, 1];
  if (features.length !== rows * model.inputDim) {
    throw new Error(`expected ${rows} × ${model.inputDim} features, got ${features.length} values`);
  }
  const out = new Float32Array(rows);
  // One activation buffer per layer, reused for every row.
  const buffers = widths.map((w) => new Float64Array(w));
  for (let r = 0; r < rows; r++) {
    const input = buffers[0]!;
    for (let j = 0; j < model.inputDim; j++) input[j] = features[r * model.inputDim + j]!;
    for (let l = 0; l + 1 < widths.length; l++) {
      const nIn = widths[l]!;
      const nOut = widths[l + 1]!;
      const w = model.weights[2 * l]!;
      const b = model.weights[2 * l + 1]!;
      const h = buffers[l]!;
      const next = buffers[l + 1]!;
      for (let o = 0; o < nOut; o++) next[o] = b[o]!;
      for (let i = 0; i < nIn; i++) {
        const hi = h[i]!;
        if (hi === 0) continue;
        for (let o = 0; o < nOut; o++) next[o] = next[o]! + hi * w[i * nOut + o]!;
      }
      if (l + 2 < widths.length) for (let o = 0; o < nOut; o++) next[o] = Math.max(0, next[o]!);
    }
    out[r] = 1 / (1 + Math.exp(-buffers[widths.length - 1]![0]!));
  }
  return out;
}

export async function predictFromDir(modelDir: string, features: Float32Array, rows: number): Promise<Float32Array> {
  return predictWith(await loadModel(modelDir), features, rows);
}

export { loadModel };
