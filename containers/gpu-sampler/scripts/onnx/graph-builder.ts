/**
 * A small builder over onnx-proto's generated protobuf classes: named values in, named values
 * out, initializers stored as little-endian raw data. Only what the repo's models need.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** A dimension: a fixed size or a symbolic name (dynamic). */
export type Dim = number | string;

export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string };

/** Tagged attribute constructors, so an integer 1 and a float 1.0 cannot be confused. */
export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  ints: (value: readonly number[]): AttrValue => ({ kind: 'ints', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
} as const;

export const ELEM = {
  float: onnx.TensorProto.DataType.FLOAT,
  double: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
} as const;

export interface ModelOptions {
  /** Opset of the default domain. */
  readonly opset: number;
  readonly irVersion: number;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

function valueInfo(name: string, dims: readonly Dim[], elemType: number): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function toAttribute(name: string, a: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.value };
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...a.value] };
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(a.value) };
  }
}

export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`duplicate value name "${name}" in graph ${this.name}`);
    this.names.add(name);
    return name;
  }

  input(name: string, dims: readonly Dim[], elemType: number = ELEM.float): string {
    this.inputs.push(valueInfo(this.claim(name), dims, elemType));
    return name;
  }

  /** Declare a graph output: `name` must be a node output (pass it as that node's `out`). */
  output(name: string, dims: readonly Dim[], elemType: number = ELEM.float): void {
    if (!this.nodes.some((n) => n.output?.includes(name)))
      throw new Error(`output "${name}": no node produces it`);
    this.outputs.push(valueInfo(name, dims, elemType));
  }

  /** A float32 initializer. */
  float(name: string, data: ArrayLike<number>, dims: readonly number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (data.length !== count)
      throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
    const bytes = new Uint8Array(count * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) view.setFloat32(i * 4, data[i]!, true);
    this.initializers.push({ name: this.claim(name), dataType: ELEM.float, dims: [...dims], rawData: bytes });
    return name;
  }

  /** A float64 initializer (dims [] for a scalar). */
  double(name: string, data: ArrayLike<number>, dims: readonly number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (data.length !== count)
      throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
    const bytes = new Uint8Array(count * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) view.setFloat64(i * 8, data[i]!, true);
    this.initializers.push({
      name: this.claim(name),
      dataType: ELEM.double,
      dims: [...dims],
      rawData: bytes,
    });
    return name;
  }

  /** An int64 initializer (dims [] for a scalar). */
  int64(name: string, data: readonly number[], dims: readonly number[]): string {
    const bytes = new Uint8Array(data.length * 8);
    const view = new DataView(bytes.buffer);
    data.forEach((v, i) => {
      view.setBigInt64(i * 8, BigInt(v), true);
    });
    this.initializers.push({ name: this.claim(name), dataType: ELEM.int64, dims: [...dims], rawData: bytes });
    return name;
  }

  /** Add a single-output node; returns the output's name (given, or `<op>_<n>`). */
  node(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    out?: string,
  ): string {
    const output = this.claim(out ?? `${opType.toLowerCase()}_${this.counter++}`);
    this.nodes.push({
      name: `${opType}:${output}`,
      opType,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attrs).map(([k, v]) => toAttribute(k, v)),
    });
    return output;
  }

  /** Serialise to ONNX ModelProto bytes (deterministic for the same build). */
  toBytes(options: ModelOptions): Uint8Array {
    const model: onnxProto.onnx.IModelProto = {
      irVersion: options.irVersion,
      producerName: 'think-before-draw/build-models',
      producerVersion: '1',
      opsetImport: [{ domain: '', version: options.opset }],
      docString: options.docString ?? '',
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }
}
