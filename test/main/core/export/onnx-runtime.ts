import * as ort from 'onnxruntime-node';
import { textAt, type FittedPreprocessing, type RawColumn } from '../../../../main/core/data/preprocess.js';
import { MISSING_TEXT, PREDICTION_OUTPUT, PROBABILITY_OUTPUT } from '../../../../main/core/export/onnx-model.js';

/**
 * The exported model's inputs for some rows of raw columns, as a deployment would feed them: numbers as double
 * (NaN missing), categories as their canonical text ("" missing).
 */
export function onnxFeeds(
  preprocessing: FittedPreprocessing,
  raw: Map<string, RawColumn>,
  rows: ArrayLike<number>,
): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const c of preprocessing.columns) {
    const col = raw.get(c.name)!;
    if (c.kind === 'numeric') {
      if (col.kind !== 'number') throw new Error(`${c.name} should be numeric`);
      feeds[c.name] = new ort.Tensor(
        'float64',
        Float64Array.from({ length: rows.length }, (_, i) => col.values[rows[i]!]!),
        [rows.length, 1],
      );
    } else {
      const text = Array.from({ length: rows.length }, (_, i) => textAt(col, rows[i]!) ?? MISSING_TEXT);
      feeds[c.name] = new ort.Tensor('string', text, [rows.length, 1]);
    }
  }
  return feeds;
}

/** Scores feeds with onnxruntime (CPU): probabilities and 0/1 predictions. */
export async function scoreWithOnnxRuntime(
  bytes: Uint8Array,
  feeds: Record<string, ort.Tensor>,
): Promise<{ probability: Float32Array; prediction: number[] }> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  try {
    const out = await session.run(feeds);
    const probability = out[PROBABILITY_OUTPUT]!.data as Float32Array;
    const prediction = Array.from(out[PREDICTION_OUTPUT]!.data as BigInt64Array, Number);
    return { probability, prediction };
  } finally {
    await session.release();
  }
}
