import onnxProto from 'onnx-proto';

/** ONNX's own protobuf schema (compiled from onnx.proto by the onnx-proto package). */
export const { onnx } = onnxProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;

const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;
const utf8 = new TextEncoder();

/** Node attributes, typed explicitly (a JS number alone cannot say whether ONNX wants an INT or a FLOAT). */
export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: number[]): AttributeProto => ({ name, type: AttributeType.INTS, ints }),
  float: (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f }),
  floats: (name: string, floats: number[]): AttributeProto => ({ name, type: AttributeType.FLOATS, floats }),
  strings: (name: string, strings: string[]): AttributeProto => ({
    name,
    type: AttributeType.STRINGS,
    strings: strings.map((s) => utf8.encode(s)),
  }),
};

/** The ML operator domain (LabelEncoder), beside the default ai.onnx domain. */
export const ML_DOMAIN = 'ai.onnx.ml';

/**
 * A graph under construction: nodes in topological order and constant initializers, with generated value names
 * (prefixed, so they never collide with the inputs, which carry the data's column names).
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;

  private fresh(hint: string): string {
    return `__${hint}_${this.counter++}`;
  }

  node(opType: string, inputs: string[], attributes: AttributeProto[] = [], domain = ''): string {
    const output = this.fresh(opType.toLowerCase());
    this.nodes.push({
      opType,
      input: inputs,
      output: [output],
      name: output,
      attribute: attributes,
      ...(domain ? { domain } : {}),
    });
    return output;
  }

  /** A node writing a chosen (graph output) name. */
  namedNode(opType: string, inputs: string[], output: string, attributes: AttributeProto[] = []): string {
    this.nodes.push({ opType, input: inputs, output: [output], name: output, attribute: attributes });
    return output;
  }

  floats(dims: number[], values: ArrayLike<number>): string {
    return this.constant({ dims, dataType: DataType.FLOAT, floatData: Array.from(values) });
  }

  doubles(dims: number[], values: ArrayLike<number>): string {
    return this.constant({ dims, dataType: DataType.DOUBLE, doubleData: Array.from(values) });
  }

  int64s(dims: number[], values: number[]): string {
    return this.constant({ dims, dataType: DataType.INT64, int64Data: values });
  }

  private constant(tensor: TensorProto): string {
    const name = this.fresh('const');
    this.initializers.push({ ...tensor, name });
    return name;
  }
}

/** A [N, width] tensor value description for the graph's inputs and outputs (N: any number of rows). */
export function valueInfo(
  name: string,
  elemType: number,
  width: number,
  docString?: string,
): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    ...(docString ? { docString } : {}),
    type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } },
  };
}

export { DataType };
