import type { SavedModel } from '../engine/model-io.js';
import { widthOf, type FittedColumn, type FittedPreprocessing } from '../data/preprocess.js';
import { DataType, GraphBuilder, ML_DOMAIN, attr, onnx, valueInfo } from './onnx-graph.js';

/**
 * A trained run as one ONNX model: raw columns in, probability and decision out. The preprocessing is the engine's
 * own (main/core/data/preprocess.ts `encode`), rebuilt from standard operators so that any ONNX runtime scores a raw
 * row exactly as the engine did:
 * - numeric columns: a double [N, 1] input, NaN = missing; standardised in double, then float32 as the engine does;
 * - category columns (one-hot or code): a string [N, 1] input holding the canonical text the engine compares
 *   (trimmed; numbers in shortest form, "1" not "1.0"; "True"/"False"), "" = missing; unseen text follows the
 *   engine's rule ("other" when the column has it, else no level).
 * Opset 13 with ai.onnx.ml 2 (LabelEncoder): supported by every ONNX runtime of the last years.
 */
const OPSET = 13;
const ML_OPSET = 2;
const IR_VERSION = 7;

/** Outputs of the exported graph. */
export const PROBABILITY_OUTPUT = 'probability';
export const PREDICTION_OUTPUT = 'prediction';

/** The value that stands for "missing" in a string input. */
export const MISSING_TEXT = '';

interface OnnxInputDescription {
  name: string;
  type: 'double' | 'string';
  encoding: FittedColumn['kind'];
  missing: FittedColumn['missing'];
  /** Known categories (category inputs only). */
  levels?: string[];
}

export interface OnnxExportSpec {
  model: SavedModel;
  preprocessing: FittedPreprocessing;
  threshold: number;
  /** Extra metadata_props, e.g. the run and dataset they came from. */
  metadata: Record<string, string>;
  producerVersion: string;
  docString: string;
}

function describeInputs(preprocessing: FittedPreprocessing): OnnxInputDescription[] {
  return preprocessing.columns.map((c) => ({
    name: c.name,
    type: c.kind === 'numeric' ? 'double' : 'string',
    encoding: c.kind,
    missing: c.missing,
    ...(c.kind === 'numeric' ? {} : { levels: c.levels }),
  }));
}

/** The encoded block of one column: [N, widthOf(c)] float32 value names, left to right. */
function encodeColumn(g: GraphBuilder, c: FittedColumn): string[] {
  const input = c.name;
  if (c.kind === 'numeric') {
    const isMissing = g.node('IsNaN', [input]);
    // Missing becomes the mean, i.e. 0 once standardised, as in the engine.
    const filled = g.node('Where', [isMissing, g.doubles([1, 1], [c.mean]), input]);
    const scaled = g.node('Div', [g.node('Sub', [filled, g.doubles([1, 1], [c.mean])]), g.doubles([1, 1], [c.scale])]);
    const value = g.node('Cast', [scaled], [attr.int('to', DataType.FLOAT)]);
    return c.missing === 'indicator' ? [value, g.node('Cast', [isMissing], [attr.int('to', DataType.FLOAT)])] : [value];
  }
  if (c.kind === 'code') {
    // A level's code i becomes (i − mean) / scale; unseen text is code −1; missing is 0 (the engine's imputation).
    const value = g.node(
      'LabelEncoder',
      [input],
      [
        attr.strings('keys_strings', [...c.levels, MISSING_TEXT]),
        attr.floats('values_floats', [...c.levels.map((_, i) => (i - c.mean) / c.scale), 0]),
        attr.float('default_float', (-1 - c.mean) / c.scale),
      ],
      ML_DOMAIN,
    );
    if (c.missing !== 'indicator') return [value];
    const indicator = g.node(
      'LabelEncoder',
      [input],
      [attr.strings('keys_strings', [MISSING_TEXT]), attr.floats('values_floats', [1]), attr.float('default_float', 0)],
      ML_DOMAIN,
    );
    return [value, indicator];
  }
  // One-hot: text → the position of its 1 (−1: no 1 at all), then compared with 0…width−1.
  const width = widthOf(c);
  const otherAt = c.other ? c.levels.length : -1;
  const missingAt = c.missing === 'indicator' ? c.levels.length + (c.other ? 1 : 0) : -1;
  const modeAt = c.levels.indexOf(c.mode);
  const missingTarget = missingAt >= 0 ? missingAt : modeAt >= 0 ? modeAt : otherAt;
  const position = g.node(
    'LabelEncoder',
    [input],
    [
      attr.strings('keys_strings', [...c.levels, MISSING_TEXT]),
      attr.ints('values_int64s', [...c.levels.map((_, i) => i), missingTarget]),
      attr.int('default_int64', otherAt),
    ],
    ML_DOMAIN,
  );
  const columns = g.int64s(
    [1, width],
    Array.from({ length: width }, (_, i) => i),
  );
  return [g.node('Cast', [g.node('Equal', [position, columns])], [attr.int('to', DataType.FLOAT)])];
}

/** The serialised .onnx model. */
export function buildOnnxModel(spec: OnnxExportSpec): Uint8Array {
  const { model, preprocessing, threshold } = spec;
  if (model.inputDim !== preprocessing.featureNames.length) {
    throw new Error(
      `the model takes ${model.inputDim} features but the saved preprocessing makes ${preprocessing.featureNames.length}`,
    );
  }
  const g = new GraphBuilder();
  const blocks = preprocessing.columns.flatMap((c) => encodeColumn(g, c));
  let h = g.node('Concat', blocks, [attr.int('axis', 1)]);
  const widths = [model.inputDim, ...model.hidden, 1];
  for (let l = 0; l + 1 < widths.length; l++) {
    const weights = g.floats([widths[l]!, widths[l + 1]!], model.weights[2 * l]!);
    const bias = g.floats([widths[l + 1]!], model.weights[2 * l + 1]!);
    h = g.node('Add', [g.node('MatMul', [h, weights]), bias]);
    if (l + 2 < widths.length) h = g.node('Relu', [h]);
  }
  const probability = g.namedNode('Sigmoid', [h], PROBABILITY_OUTPUT);
  // Compared in double, so a threshold such as 0.3 means exactly what the engine's `p >= threshold` meant.
  const atLeast = g.node('GreaterOrEqual', [
    g.node('Cast', [probability], [attr.int('to', DataType.DOUBLE)]),
    g.doubles([1, 1], [threshold]),
  ]);
  g.namedNode('Cast', [atLeast], PREDICTION_OUTPUT, [attr.int('to', DataType.INT64)]);

  const inputs = preprocessing.columns.map((c) =>
    valueInfo(
      c.name,
      c.kind === 'numeric' ? DataType.DOUBLE : DataType.STRING,
      1,
      c.kind === 'numeric' ? 'number; NaN when missing' : 'canonical text of the category; "" when missing',
    ),
  );
  const proto = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [
      { domain: '', version: OPSET },
      { domain: ML_DOMAIN, version: ML_OPSET },
    ],
    producerName: 'fairbound',
    producerVersion: spec.producerVersion,
    docString: spec.docString,
    graph: {
      name: 'fairbound_scoring_pipeline',
      node: g.nodes,
      initializer: g.initializers,
      input: inputs,
      output: [
        valueInfo(PROBABILITY_OUTPUT, DataType.FLOAT, 1, 'predicted probability of the positive label'),
        valueInfo(PREDICTION_OUTPUT, DataType.INT64, 1, `1 when probability ≥ ${threshold}, else 0`),
      ],
    },
    metadataProps: Object.entries({
      'fairbound.threshold': String(threshold),
      'fairbound.feature_names': JSON.stringify(preprocessing.featureNames),
      'fairbound.inputs': JSON.stringify(describeInputs(preprocessing)),
      ...spec.metadata,
    }).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(proto).finish();
}
