// A minimal ONNX model writer (protobuf wire format) for the recurrent bench cases: stacked
// LSTM or GRU operators with PyTorch's weights, so ONNX Runtime can time the same forward pass.

/** Protobuf field writer: varints, length-delimited fields, nested messages. */
class Writer {
  private readonly bytes: number[] = [];

  private varint(value: number): void {
    let v = BigInt(value);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      this.bytes.push(byte);
    } while (v > 0n);
  }

  int(field: number, value: number): this {
    this.varint(field << 3);
    this.varint(value);
    return this;
  }

  bytesField(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const FLOAT = 1;
const INT64 = 7;

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly ints?: Readonly<Record<string, number>>;
  readonly intLists?: Readonly<Record<string, readonly number[]>>;
  readonly strings?: Readonly<Record<string, string>>;
}

export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly input: { name: string; dims: readonly number[] };
  readonly output: { name: string; dims: readonly number[] };
}

function valueInfo(w: Writer, name: string, dims: readonly number[]): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => dim.int(1, d));
      });
    }),
  );
}

/** Serialises `graph` as an ONNX ModelProto (IR version 8, default opset 14). */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const model = new Writer();
  model.int(1, 8);
  model.string(2, 'rnnkit-bench');
  model.message(8, (opset) => opset.string(1, '').int(2, 14));
  model.message(7, (g) => {
    for (const node of graph.nodes) {
      g.message(1, (n) => {
        for (const i of node.inputs) n.string(1, i);
        for (const o of node.outputs) n.string(2, o);
        n.string(4, node.op);
        for (const [name, value] of Object.entries(node.ints ?? {})) n.message(5, (a) => a.string(1, name).int(3, value).int(20, 2));
        for (const [name, values] of Object.entries(node.intLists ?? {})) {
          n.message(5, (a) => {
            a.string(1, name);
            for (const v of values) a.int(8, v);
            a.int(20, 7);
          });
        }
        for (const [name, value] of Object.entries(node.strings ?? {})) n.message(5, (a) => a.string(1, name).string(4, value).int(20, 3));
      });
    }
    g.string(2, 'bench');
    for (const t of graph.initializers) {
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        tensor.int(2, t.data instanceof BigInt64Array ? INT64 : FLOAT);
        tensor.string(8, t.name);
        tensor.bytesField(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      });
    }
    g.message(11, (v) => valueInfo(v, graph.input.name, graph.input.dims));
    g.message(12, (v) => valueInfo(v, graph.output.name, graph.output.dims));
  });
  return model.finish();
}
