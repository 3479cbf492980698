// Encodes an ONNX graph, given as plain data, into the bytes of a `.onnx` file.
import { InputError, describeValue } from '@rnnkit/core';
import { MODEL_PROTO, ONNX_ATTRIBUTE_TYPE, ONNX_DATA_TYPE, ONNX_IR_VERSION } from './onnx_schema.js';

/** Element types the encoder writes. */
export type OnnxElementType = 'float32' | 'int32' | 'int64';

/** A constant tensor of the graph (weights, shapes, indices). Data is row-major. */
export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | Int32Array | BigInt64Array;
}

/** A graph input or output: its element type and shape, with a name for each dynamic axis. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: OnnxElementType;
  readonly dims: ReadonlyArray<number | string>;
}

/** One attribute value, tagged with its ONNX type. */
export type OnnxAttribute =
  | { readonly int: number }
  | { readonly float: number }
  | { readonly string: string }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly strings: readonly string[] };

/** One operator call. An empty input name leaves that optional input out. */
export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** A whole model: nodes in an order where every input is defined before it is used. */
export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /** @default 'rnnkit' */
  readonly name?: string;
  /** Version of the default ONNX operator set. @default 17 */
  readonly opset?: number;
  /** Key-value metadata stored in the model. @default {} */
  readonly metadata?: Readonly<Record<string, string>>;
}

const FN = 'encodeOnnxModel';
const ELEMENT_TYPES: readonly OnnxElementType[] = ['float32', 'int32', 'int64'];

function checkName(argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InputError(FN, argument, `${argument} must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function checkDims(argument: string, dims: unknown, allowNames: boolean): void {
  if (!Array.isArray(dims)) throw new InputError(FN, argument, `${argument} must be an array, got ${describeValue(dims)}`);
  dims.forEach((d: unknown, i) => {
    const ok = (typeof d === 'number' && Number.isInteger(d) && d >= 0) || (allowNames && typeof d === 'string' && d.length > 0);
    if (!ok) {
      const wanted = allowNames ? 'a non-negative integer or an axis name' : 'a non-negative integer';
      throw new InputError(FN, `${argument}[${i}]`, `${argument}[${i}] must be ${wanted}, got ${describeValue(d)}`);
    }
  });
}

function elementTypeOf(data: unknown): OnnxElementType | undefined {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return undefined;
}

function encodeAttribute(argument: string, name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.keys(value).length !== 1) {
    throw new InputError(FN, argument, `${argument} must be one of {int}, {float}, {string}, {ints}, {floats}, {strings}, got ${describeValue(value)}`);
  }
  const v = value as Record<string, unknown>;
  const text = new TextEncoder();
  const isNumbers = (xs: unknown, integer: boolean): xs is number[] =>
    Array.isArray(xs) && xs.every((x) => typeof x === 'number' && (integer ? Number.isInteger(x) : Number.isFinite(x)));
  if (typeof v['int'] === 'number' && Number.isInteger(v['int'])) return { name, type: ONNX_ATTRIBUTE_TYPE.int, i: v['int'] };
  if (typeof v['float'] === 'number' && Number.isFinite(v['float'])) return { name, type: ONNX_ATTRIBUTE_TYPE.float, f: v['float'] };
  if (typeof v['string'] === 'string') return { name, type: ONNX_ATTRIBUTE_TYPE.string, s: text.encode(v['string']) };
  if (isNumbers(v['ints'], true)) return { name, type: ONNX_ATTRIBUTE_TYPE.ints, ints: v['ints'] };
  if (isNumbers(v['floats'], false)) return { name, type: ONNX_ATTRIBUTE_TYPE.floats, floats: v['floats'] };
  const strings = v['strings'];
  if (Array.isArray(strings) && strings.every((s) => typeof s === 'string')) {
    return { name, type: ONNX_ATTRIBUTE_TYPE.strings, strings: strings.map((s: string) => text.encode(s)) };
  }
  throw new InputError(FN, argument, `${argument} must be one of {int}, {float}, {string}, {ints}, {floats}, {strings} with values of that type, got ${describeValue(value)}`);
}

/**
 * Encodes `graph` as an ONNX model (IR version 8, default operator set `opset`) and returns the
 * bytes of the `.onnx` file. Checks that every name a node reads is a graph input, an initializer
 * or an earlier node's output, that every graph output is produced, and that each initializer's
 * data fills its dims; it does not check operator semantics (ONNX Runtime does, when it loads).
 *
 * @example
 * const bytes = encodeOnnxModel({
 *   nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
 *   initializers: [],
 *   inputs: [{ name: 'x', elemType: 'float32', dims: ['N', 4] }],
 *   outputs: [{ name: 'y', elemType: 'float32', dims: ['N', 4] }],
 * });
 */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  if (typeof graph !== 'object' || graph === null) {
    throw new InputError(FN, 'graph', `graph must be an object with nodes, initializers, inputs and outputs, got ${describeValue(graph)}`);
  }
  const { nodes, initializers, inputs, outputs, name = 'rnnkit', opset = 17, metadata = {} } = graph;
  for (const [argument, list] of [['nodes', nodes], ['initializers', initializers], ['inputs', inputs], ['outputs', outputs]] as const) {
    if (!Array.isArray(list)) throw new InputError(FN, argument, `${argument} must be an array, got ${describeValue(list)}`);
  }
  if (!Number.isInteger(opset) || opset < 7) throw new InputError(FN, 'opset', `opset must be an integer >= 7, got ${describeValue(opset)}`);
  if (typeof metadata !== 'object' || metadata === null || Object.values(metadata).some((v) => typeof v !== 'string')) {
    throw new InputError(FN, 'metadata', `metadata must be an object of strings, got ${describeValue(metadata)}`);
  }
  const defined = new Set<string>();
  const define = (argument: string, value: string): void => {
    if (defined.has(value)) throw new InputError(FN, argument, `${argument} "${value}" is defined twice`);
    defined.add(value);
  };
  const valueInfo = (argument: string, info: OnnxValueInfo): Record<string, unknown> => {
    if (typeof info !== 'object' || info === null) throw new InputError(FN, argument, `${argument} must be an object {name, elemType, dims}, got ${describeValue(info)}`);
    checkName(`${argument}.name`, info.name);
    if (!ELEMENT_TYPES.includes(info.elemType)) {
      throw new InputError(FN, `${argument}.elemType`, `${argument}.elemType must be one of ${ELEMENT_TYPES.join(', ')}, got ${describeValue(info.elemType)}`);
    }
    checkDims(`${argument}.dims`, info.dims, true);
    const dim = info.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
    return { name: info.name, type: { tensorType: { elemType: ONNX_DATA_TYPE[info.elemType], shape: { dim } } } };
  };
  const input = inputs.map((info, k) => {
    const encoded = valueInfo(`inputs[${k}]`, info);
    define(`inputs[${k}].name`, info.name);
    return encoded;
  });
  const initializer = initializers.map((t, k) => {
    const argument = `initializers[${k}]`;
    if (typeof t !== 'object' || t === null) throw new InputError(FN, argument, `${argument} must be an object {name, dims, data}, got ${describeValue(t)}`);
    checkName(`${argument}.name`, t.name);
    checkDims(`${argument}.dims`, t.dims, false);
    const type = elementTypeOf(t.data);
    if (type === undefined) {
      throw new InputError(FN, `${argument}.data`, `${argument}.data must be a Float32Array, Int32Array or BigInt64Array, got ${describeValue(t.data)}`);
    }
    const size = t.dims.reduce((a, b) => a * b, 1);
    if (t.data.length !== size) {
      throw new InputError(FN, `${argument}.data`, `${argument}.data must hold ${size} values for dims [${t.dims.join(', ')}], got ${t.data.length}`);
    }
    define(`${argument}.name`, t.name);
    // raw_data is little-endian; typed arrays are in the platform's order, little-endian on every
    // platform that runs tfjs and ONNX Runtime.
    const rawData = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
    return { name: t.name, dims: [...t.dims], dataType: ONNX_DATA_TYPE[type], rawData };
  });
  const node = nodes.map((n, k) => {
    const argument = `nodes[${k}]`;
    if (typeof n !== 'object' || n === null) throw new InputError(FN, argument, `${argument} must be an object {opType, inputs, outputs}, got ${describeValue(n)}`);
    checkName(`${argument}.opType`, n.opType);
    if (!Array.isArray(n.inputs) || !Array.isArray(n.outputs)) {
      throw new InputError(FN, argument, `${argument}.inputs and .outputs must be arrays of names, got ${describeValue(n.inputs)} and ${describeValue(n.outputs)}`);
    }
    n.inputs.forEach((name, i) => {
      if (name === '') return;
      checkName(`${argument}.inputs[${i}]`, name);
      if (!defined.has(name)) {
        throw new InputError(FN, `${argument}.inputs[${i}]`, `${argument} (${n.opType}) reads "${name}", which no input, initializer or earlier node defines`);
      }
    });
    n.outputs.forEach((name, i) => define(`${argument}.outputs[${i}]`, checkName(`${argument}.outputs[${i}]`, name)));
    const attributes = n.attributes ?? {};
    if (typeof attributes !== 'object' || attributes === null) {
      throw new InputError(FN, `${argument}.attributes`, `${argument}.attributes must be an object, got ${describeValue(attributes)}`);
    }
    const attribute = Object.entries(attributes).map(([key, value]) => encodeAttribute(`${argument}.attributes.${key}`, key, value));
    return { opType: n.opType, input: [...n.inputs], output: [...n.outputs], name: `${n.opType.toLowerCase()}_${k}`, attribute };
  });
  const output = outputs.map((info, k) => {
    const encoded = valueInfo(`outputs[${k}]`, info);
    if (!defined.has(info.name)) {
      throw new InputError(FN, `outputs[${k}].name`, `outputs[${k}] "${info.name}" is not produced by any node, input or initializer`);
    }
    return encoded;
  });
  const model = MODEL_PROTO.fromObject({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'rnnkit',
    graph: { name, node, initializer, input, output },
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  return MODEL_PROTO.encode(model).finish();
}
