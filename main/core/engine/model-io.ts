import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { layerShapes } from './model.js';

/**
 * Saved models in the tfjs layout: model.json (topology + weightsManifest, as tf.io's artifacts) and one
 * little-endian float32 weights.bin, plus preprocessing.json beside them. The topology is our own small MLP record,
 * so loading needs no tfjs-layers.
 */
export const MODEL_FORMAT = 'fairbound-mlp';

const modelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  generatedBy: z.string(),
  modelTopology: z.object({
    inputDim: z.number().int().positive(),
    hidden: z.array(z.number().int().positive()),
    activation: z.literal('relu'),
    output: z.literal('logit'),
    featureNames: z.array(z.string()),
  }),
  weightsManifest: z.array(
    z.object({
      paths: z.array(z.string()),
      weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()), dtype: z.literal('float32') })),
    }),
  ),
});
export type ModelJson = z.infer<typeof modelJsonSchema>;

export interface SavedModel {
  inputDim: number;
  hidden: number[];
  featureNames: string[];
  /** [W0, b0, W1, b1, …]; W row-major [in, out]. */
  weights: Float32Array[];
}

export async function saveModel(dir: string, model: SavedModel, preprocessing: unknown): Promise<void> {
  await mkdir(dir, { recursive: true });
  const shapes = layerShapes(model.inputDim, model.hidden);
  const total = model.weights.reduce((n, w) => n + w.length, 0);
  const bin = new Float32Array(total);
  let at = 0;
  for (const w of model.weights) {
    bin.set(w, at);
    at += w.length;
  }
  const json: ModelJson = {
    format: MODEL_FORMAT,
    generatedBy: 'fairbound engine',
    modelTopology: {
      inputDim: model.inputDim,
      hidden: model.hidden,
      activation: 'relu',
      output: 'logit',
      featureNames: model.featureNames,
    },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: shapes.map((shape, i) => ({
          name: `dense_${Math.floor(i / 2)}/${i % 2 === 0 ? 'kernel' : 'bias'}`,
          shape,
          dtype: 'float32' as const,
        })),
      },
    ],
  };
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(json, null, 2));
  await writeFile(path.join(dir, 'weights.bin'), littleEndianBytes(bin));
  await writeFile(path.join(dir, 'preprocessing.json'), JSON.stringify(preprocessing ?? null, null, 2));
}

export async function loadModel(dir: string): Promise<SavedModel> {
  const json = modelJsonSchema.parse(JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')));
  const manifest = json.weightsManifest[0];
  if (!manifest) throw new Error(`${dir}/model.json has an empty weightsManifest`);
  const bytes = await readFile(path.join(dir, manifest.paths[0] ?? 'weights.bin'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const weights = manifest.weights.map((w) => {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++, offset += 4) out[i] = view.getFloat32(offset, true);
    return out;
  });
  if (offset !== bytes.byteLength)
    throw new Error(`${dir}/weights.bin has ${bytes.byteLength} bytes, the manifest describes ${offset}`);
  const { inputDim, hidden, featureNames } = json.modelTopology;
  return { inputDim, hidden, featureNames, weights };
}

/** Float32 values as little-endian bytes whatever the host's endianness. */
export function littleEndianBytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}
