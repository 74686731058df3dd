import { describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import {
  encode,
  featureNamesOf,
  type FittedColumn,
  type FittedPreprocessing,
  type RawColumn,
} from '../../../../main/core/data/preprocess.js';
import { predictWith } from '../../../../main/core/engine/predict.js';
import { buildOnnxModel } from '../../../../main/core/export/onnx-model.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { initialWeights } from '../../../../main/core/engine/model.js';
import { onnxFeeds, scoreWithOnnxRuntime } from './onnx-runtime.js';

const columns: FittedColumn[] = [
  { name: 'age', kind: 'numeric', missing: 'impute', mean: 38.5, scale: 13.25 },
  { name: 'hours', kind: 'numeric', missing: 'indicator', mean: 40, scale: 12 },
  // "other" collects unseen levels; missing gets its own indicator column.
  { name: 'work', kind: 'onehot', missing: 'indicator', levels: ['Private', 'Self-emp'], other: true, mode: 'Private' },
  // No "other": an unseen level is all zeros; missing becomes the mode.
  { name: 'sex', kind: 'onehot', missing: 'impute', levels: ['Male', 'Female'], other: false, mode: 'Male' },
  { name: 'grade', kind: 'code', missing: 'indicator', levels: ['A', 'B', 'C'], mean: 0.8, scale: 0.7 },
  // A numeric column one-hot encoded: its levels are canonical number text.
  { name: 'rooms', kind: 'onehot', missing: 'drop-row', levels: ['1', '2', '3'], other: true, mode: '2' },
];
const preprocessing: FittedPreprocessing = { version: 1, columns, featureNames: featureNamesOf(columns) };

// Every branch of the encoding: seen, unseen, missing values in each kind of column.
const raw = new Map<string, RawColumn>([
  ['age', { kind: 'number', values: Float64Array.from([25, 61, Number.NaN, 38.5, 1e6, 0]) }],
  ['hours', { kind: 'number', values: Float64Array.from([40, Number.NaN, 60, 12.5, 0, 99]) }],
  ['work', { kind: 'text', values: ['Private', 'Self-emp', 'Gov', null, 'Private', 'Never-worked'] }],
  ['sex', { kind: 'text', values: ['Male', 'Female', null, 'Other', 'Female', 'Male'] }],
  ['grade', { kind: 'text', values: ['A', 'C', 'Z', null, 'B', 'A'] }],
  ['rooms', { kind: 'number', values: Float64Array.from([1, 2, 3, 7, Number.NaN, 2]) }],
]);
const rows = Int32Array.from({ length: 6 }, (_, i) => i);

function modelWith(hidden: number[]) {
  const inputDim = preprocessing.featureNames.length;
  return {
    inputDim,
    hidden,
    featureNames: preprocessing.featureNames,
    weights: initialWeights(inputDim, hidden, new Rng(3)).map((w) => w.map((v) => v * 3)),
  };
}

describe('ONNX export of the scoring pipeline', () => {
  it.each([[[]], [[6]], [[8, 4]]])(
    'hidden %j: onnxruntime on raw rows = the engine on its own encoding, to 1e-6',
    async (hidden) => {
      const model = modelWith(hidden);
      const bytes = buildOnnxModel({
        model,
        preprocessing,
        threshold: 0.5,
        metadata: {},
        producerVersion: 'test',
        docString: 'test',
      });
      const expected = predictWith(model, encode(preprocessing, raw, rows), rows.length);
      const { probability, prediction } = await scoreWithOnnxRuntime(bytes, onnxFeeds(preprocessing, raw, rows));
      expect(probability).toHaveLength(rows.length);
      for (let i = 0; i < rows.length; i++) expect(Math.abs(probability[i]! - expected[i]!)).toBeLessThan(1e-6);
      expect(prediction).toEqual(Array.from(expected, (p) => (p >= 0.5 ? 1 : 0)));
    },
  );

  it("the encoding alone: an identity network returns exactly the engine's feature vector", async () => {
    // One logistic model per feature whose weight vector picks it: logit = feature, probability = sigmoid(feature).
    const encoded = encode(preprocessing, raw, rows);
    const width = preprocessing.featureNames.length;
    for (let f = 0; f < width; f++) {
      const w = new Float32Array(width);
      w[f] = 1;
      const model = {
        inputDim: width,
        hidden: [],
        featureNames: preprocessing.featureNames,
        weights: [w, new Float32Array(1)],
      };
      const bytes = buildOnnxModel({
        model,
        preprocessing,
        threshold: 0.5,
        metadata: {},
        producerVersion: 'test',
        docString: 'test',
      });
      const { probability } = await scoreWithOnnxRuntime(bytes, onnxFeeds(preprocessing, raw, rows));
      for (let i = 0; i < rows.length; i++) {
        const z = encoded[i * width + f]!;
        expect(probability[i], `${preprocessing.featureNames[f]}, row ${i}`).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
      }
    }
  });

  it('a threshold of 0.3 decides as the engine does (p ≥ t), and the metadata carries threshold, features and inputs', async () => {
    const model = modelWith([4]);
    const bytes = buildOnnxModel({
      model,
      preprocessing,
      threshold: 0.3,
      metadata: { 'fairbound.run': 'run-0' },
      producerVersion: '9.9.9',
      docString: 'd',
    });
    const expected = predictWith(model, encode(preprocessing, raw, rows), rows.length);
    const { prediction } = await scoreWithOnnxRuntime(bytes, onnxFeeds(preprocessing, raw, rows));
    expect(prediction).toEqual(Array.from(expected, (p) => (p >= 0.3 ? 1 : 0)));
    const decoded = onnxProto.onnx.ModelProto.decode(bytes);
    const meta = Object.fromEntries(decoded.metadataProps.map((p) => [p.key, p.value]));
    expect(meta['fairbound.threshold']).toBe('0.3');
    expect(JSON.parse(meta['fairbound.feature_names']!)).toEqual(preprocessing.featureNames);
    expect(
      JSON.parse(meta['fairbound.inputs']!).map((i: { name: string; type: string }) => `${i.name}:${i.type}`),
    ).toEqual(['age:double', 'hours:double', 'work:string', 'sex:string', 'grade:string', 'rooms:string']);
    expect(meta['fairbound.run']).toBe('run-0');
    expect(decoded.producerVersion).toBe('9.9.9');
    expect(decoded.graph?.input?.map((i) => i.name)).toEqual(columns.map((c) => c.name));
  });

  it('refuses a model whose width does not match the preprocessing', () => {
    const model = { ...modelWith([]), inputDim: 3 };
    expect(() =>
      buildOnnxModel({ model, preprocessing, threshold: 0.5, metadata: {}, producerVersion: 't', docString: 'd' }),
    ).toThrow(/3 features/);
  });
});
